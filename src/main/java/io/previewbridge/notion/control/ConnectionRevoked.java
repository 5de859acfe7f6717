package io.previewbridge.notion.control;

/**
 * A connection was disconnected (Notion's deleted-token callback, or an admin). Fired inside the
 * revoking transaction; observers stop whatever they do for the connection (tracking stops its
 * previews, delivery drops its pending pushes).
 */
public record ConnectionRevoked(String connectionId) {}
