package io.previewbridge.delivery.control;

/**
 * Notion answered 404 to a PATCH: it has no preview of that uri any more. Fired inside the
 * transaction that records the failed delivery; tracking stops watching the preview.
 */
public record PreviewGone(String trackedPreviewId, String message) {}
