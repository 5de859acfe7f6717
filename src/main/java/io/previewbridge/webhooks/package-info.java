/**
 * Webhooks: push, not only poll. The company's systems tell PreviewBridge what changed, and the
 * tracked previews concerned are re-checked at once instead of at their source's next {@code
 * refresh}.
 *
 * <p>Operations: {@code POST /webhooks/changes} ({@link
 * io.previewbridge.webhooks.boundary.ChangesResource}) with one change, {@code {"uri": "..."}} or
 * {@code {"source": "ticket", "groups": {"num": "42"}}}, or several, {@code {"changes": [...]}}
 * ({@link io.previewbridge.webhooks.control.ChangesParser}); answered 202 {@code {"scheduled": N}},
 * N being the number of tracked previews (of all connections) made due. {@link
 * io.previewbridge.webhooks.control.ChangeIntake} turns changes into uris, makes their previews due
 * ({@code PreviewTracker.recheckNow}) and asks change detection to run now ({@code
 * ChangeDetectionTimer.checkNow}, asynchronous), so the PATCH follows within about a second.
 *
 * <p>Decisions: requests are signed, {@code X-PreviewBridge-Signature: sha256=<hex HMAC-SHA256 of
 * timestamp + "." + body>} with the shared {@code previewbridge.webhooks.secret} and {@code
 * X-PreviewBridge-Timestamp} in unix seconds, accepted within {@code previewbridge.webhooks
 * .tolerance} (PT5M) either way ({@link io.previewbridge.webhooks.control.SignatureVerifier},
 * constant-time comparison); the signature is checked before the body is parsed. Without a secret
 * the endpoint answers 404 (off, and saying so), since an unauthenticated trigger of upstream
 * fetches is not something to offer by default. A source and groups are resolved against the
 * tracked uris of that source, re-matched by its pattern (a pattern cannot be inverted into a uri);
 * naming an unknown source or group is a 400. A uri nobody tracks schedules nothing and is not an
 * error: the sender cannot know what Notion shows. Making previews due may collide with a
 * change-detection run updating the same preview (optimistic locking); the notification then tries
 * again (a few times) rather than answering 500, because that run may have fetched the state from
 * before the change, and the preview must be due once more after it.
 *
 * <p>Not here: refusing replays inside the window (a repeated notification only repeats a check,
 * and checks that find nothing new send nothing); what the company's system sends about the change
 * itself (the preview is always fetched again from the source, the one truth).
 */
package io.previewbridge.webhooks;
