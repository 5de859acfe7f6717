/**
 * Tracking: the previews Notion shows, watched so that changes reach Notion.
 *
 * <p>Operations: {@link io.previewbridge.tracking.control.PreviewTracker} keeps one {@code
 * TrackedPreview} per (connection, uri), started or reactivated by an unfurl and stopped by
 * Notion's DELETE, by Notion answering 404 to a PATCH, or by {@code ConnectionRevoked} (which also
 * supersedes the connection's pending deliveries). {@link
 * io.previewbridge.tracking.control.ChangeDetector} re-fetches due previews, a batch's checks in
 * parallel lanes ({@code CheckLanes}, {@code previewbridge.tracking.concurrency}, 4), and compares
 * the SHA-256 of the resulting operations with the stored one; a change writes the new state and a
 * delivery of the complete PATCH body in one transaction, and the unchanged results of a lane are
 * written together at its end with one conditional UPDATE each. {@link
 * io.previewbridge.tracking.control.PollingSchedule} says when a preview is due next: hot previews
 * (unfurled or changed within the hot window) every {@code refreshMin} of their source, settled
 * ones every {@code refresh}, backing off towards {@code refreshMax} the longer they stay
 * unchanged, every interval shortened by a random jitter. {@link
 * io.previewbridge.tracking.control.ChangeDetectionTimer} runs batches on a programmatic,
 * non-persistent EJB timer ({@code previewbridge.tracking.interval}, PT5S; {@code batch-size}, 20;
 * on while batches come back full) that beats {@code TimerHeartbeat}.
 *
 * <p>Decisions: what is stored and hashed is the {@code operations} array given to Notion, so an
 * item turning into a 404/403/410 (or back) is a change that is pushed; a passing failure (5xx,
 * timeout) is recorded as the preview's last error and changes nothing. Due previews are claimed by
 * moving their next check a lease ({@code previewbridge.tracking.lease}, PT1M) ahead and writing a
 * claim id; only the claim's holder records a result, so with several nodes on one database a
 * preview is checked by one at a time, and a dead node's claims are taken over when their lease
 * ends. On PostgreSQL the due rows are taken with {@code FOR UPDATE SKIP LOCKED}; elsewhere a row
 * is taken only if its version is still the one read. Fetches run outside any transaction. Previews
 * of a connection that must reconnect are not checked.
 *
 * <p>Change webhooks from the company's systems ({@code /webhooks/changes}) live in {@code
 * io.previewbridge.webhooks}; they use {@code PreviewTracker.recheckNow} and {@code
 * ChangeDetectionTimer.checkNow} (the batches those previews need, at once and in the background,
 * besides the ticks).
 */
package io.previewbridge.tracking;
