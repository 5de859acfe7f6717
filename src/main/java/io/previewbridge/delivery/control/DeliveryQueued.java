package io.previewbridge.delivery.control;

/**
 * A delivery was written to the outbox. Observed after the writing transaction commits, so that the
 * change reaches Notion at once instead of at the next timer run.
 */
public record DeliveryQueued(String deliveryId) {}
