/**
 * Delivery: the outbox of PATCHes to Notion and the sender that empties it.
 *
 * <p>Operations: {@link io.previewbridge.delivery.control.Outbox} stores deliveries in the caller's
 * transaction (superseding older pending ones of the same preview, and announcing {@link
 * io.previewbridge.delivery.control.DeliveryQueued} for an attempt right after commit); {@link
 * io.previewbridge.delivery.control.Deliverer} sends due deliveries with the connection's decrypted
 * Notion token through {@code NotionClient}; {@link
 * io.previewbridge.delivery.control.DeliveryTimer} runs it every {@code
 * previewbridge.delivery.interval} (PT2S).
 *
 * <p>Decisions: 2xx is delivered; 429, 529, 5xx and an unreachable Notion are retried, after {@code
 * Retry-After} when Notion sends it, else with exponential backoff and jitter ({@code
 * previewbridge.delivery.initial-backoff} PT2S to {@code max-backoff} PT10M), until {@code
 * max-attempts} (12), then FAILED; a 429/529 also holds the connection's other deliveries until
 * then. Before Notion has to say so, every PATCH needs a permit of {@link
 * io.previewbridge.delivery.control.NotionRateLimits}: token buckets per connection ({@code
 * previewbridge.notion.rate-per-connection}, 2/s, burst 4) and per workspace (2.5/s, burst 5), well
 * under Notion's documented average of 3 requests per second. A delivery without a permit stays
 * pending, its next attempt set to when a permit will be free (no attempt counted, no thread
 * waiting), so a burst of changes queues in the outbox instead of earning 429s. 401 fails the
 * delivery and marks the connection for reconnection; 404 fails it and stops tracking the preview
 * ({@link io.previewbridge.delivery.control.PreviewGone}); other 4xx fail it with Notion's message.
 * Only the newest pending delivery of a preview is ever sent ({@link
 * io.previewbridge.delivery.control.Coalescing}). Each attempt claims its row with optimistic
 * locking for a lease ({@code previewbridge.delivery.lease}, PT1M), so two senders never send the
 * same delivery and a crashed sender's delivery becomes due again. The table survives restarts; the
 * timer does not need to.
 *
 * <p>Several nodes: the buckets are in each node's memory, and each node applies {@code 1/N} of
 * every rate and burst, N being the live nodes on the database ({@code io.previewbridge.nodes}), so
 * together they stay under the configured limits without talking to each other. A newer delivery of
 * a preview waits while an older attempt of it is in flight from any node ({@code
 * in_flight_until}), so an older state never lands after a newer one.
 *
 * <p>Not here: a limit enforced across nodes to the request. A node that died keeps its share for
 * three heartbeats, and a node that just started takes its share from its first beat; both err on
 * the side of sending less.
 */
package io.previewbridge.delivery;
