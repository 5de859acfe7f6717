/**
 * Tracking: the previews Notion shows, watched so that changes reach Notion.
 *
 * <p>Operations: {@link io.previewbridge.tracking.control.PreviewTracker} keeps one {@code
 * TrackedPreview} per (connection, uri), started or reactivated by an unfurl and stopped by
 * Notion's DELETE, by Notion answering 404 to a PATCH, or by {@code ConnectionRevoked} (which also
 * supersedes the connection's pending deliveries). {@link
 * io.previewbridge.tracking.control.ChangeDetector} re-fetches due previews (each source's {@code
 * refresh}, default PT5M) and compares the SHA-256 of the resulting operations with the stored one;
 * a change writes the new state and a delivery of the complete PATCH body in one transaction.
 * {@link io.previewbridge.tracking.control.ChangeDetectionTimer} runs it on a programmatic,
 * non-persistent EJB timer ({@code previewbridge.tracking.interval}, PT5S; {@code batch-size}, 20)
 * that beats {@code TimerHeartbeat}.
 *
 * <p>Decisions: what is stored and hashed is the {@code operations} array given to Notion, so an
 * item turning into a 404/403/410 (or back) is a change that is pushed; a passing failure (5xx,
 * timeout) is recorded as the preview's last error and changes nothing. Due previews are claimed by
 * moving their next check a lease ({@code previewbridge.tracking.lease}, PT1M) ahead, and fetched
 * outside any transaction. Previews of a connection that must reconnect are not checked.
 *
 * <p>Change webhooks from the company's systems ({@code /webhooks/changes}) live in {@code
 * io.previewbridge.webhooks}; they use {@code PreviewTracker.recheckNow} and {@code
 * ChangeDetectionTimer.checkNow} (the batches those previews need, at once and in the background,
 * besides the ticks).
 */
package io.previewbridge.tracking;
