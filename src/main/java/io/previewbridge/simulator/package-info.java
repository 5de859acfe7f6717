/**
 * The Notion simulator: plays Notion's side of the Link Preview loop, because nobody new can get a
 * Link Preview integration from Notion any more. Active only in demo mode, where {@code
 * previewbridge.notion.api-url} points at {@code /simulator}.
 *
 * <p>Operations: {@code POST /simulator/v1/oauth/token} and {@code PATCH
 * /simulator/v1/external/object}, Notion's two endpoints as a Link Preview integration calls them
 * (same checks, same answers, Notion's error object); {@code /simulator/api/patches} lists the
 * PATCHes received, newest first; {@code /simulator/api/faults} makes the next requests fail with
 * 429 (and {@code Retry-After}) or a 5xx, to show retries.
 *
 * <p>Decisions: the simulator plays one workspace with a fixed id, so a reconnection after a
 * restart lands in the same workspace. Its tokens are self-verifying (an HMAC under a key derived
 * from the integration's client secret), so tokens PreviewBridge stored stay valid across
 * restarts without the simulator storing anything. Any fresh code is exchanged once (the
 * simulator cannot know codes a test invented); a replayed code is {@code invalid_grant}. PATCH
 * bodies are checked against Notion's attribute/section table, strictly, with a message naming
 * the offending path. Received PATCHes and planned faults live in memory, bounded.
 *
 * <p>Not done here: Notion's rate limiting by itself (only planned faults), refresh tokens,
 * {@code /v1/oauth/revoke} and {@code /introspect}, any Notion API beyond the two endpoints.
 */
package io.previewbridge.simulator;
