/**
 * The Notion simulator: plays Notion's side of the Link Preview loop, because nobody new can get a
 * Link Preview integration from Notion any more. It is its own web application, {@code
 * simulator.war}, built by the same Maven module and deployed beside {@code previewbridge.war} only
 * in demo mode, at context root {@code /simulator}; demo mode points {@code
 * previewbridge.notion.api-url} at it and registers its {@code /simulator/callback} as {@code
 * previewbridge.notion.redirect-uri}.
 *
 * <p>Why a WAR of its own: PreviewBridge's application declares {@code @LoginConfig(authMethod =
 * "MP-JWT")}, and Payara's MP-JWT mechanism validates every request of that application that
 * carries {@code Authorization: Bearer ...}, on any path, answering 401 when it is not one of
 * PreviewBridge's JWTs. Notion's API is called with {@code Bearer ntn_...}, so inside
 * previewbridge.war the simulated API could never be reached the way PreviewBridge's Notion client
 * calls it. As a separate application ({@link io.previewbridge.simulator.SimulatorApplication}, no
 * login config) it is. It also makes the rule structural: the simulator knows PreviewBridge only
 * through its public HTTP contract (authorize, token and unfurl URLs) and its own configuration
 * ({@code simulator.*} keys, defaults equal to PreviewBridge's demo defaults), never through its
 * Java code; {@code SimulatorIndependenceTest} checks no other PreviewBridge package is referenced,
 * and the build leaves these classes out of previewbridge.war.
 *
 * <p>Operations (paths as served, under {@code /simulator}): {@code POST /v1/oauth/token} and
 * {@code PATCH /v1/external/object}, Notion's two endpoints as a Link Preview integration calls
 * them (same checks, same answers, Notion's error object); {@code /api/patches} lists the PATCHes
 * received, newest first; {@code /api/faults} makes the next requests fail with 429 (and {@code
 * Retry-After}) or a 5xx, to show retries; the page ({@code /simulator/}) connects through
 * PreviewBridge's real sign-in and consent, unfurls a pasted URL and shows the PATCHes.
 *
 * <p>Decisions: the simulator plays one workspace with a fixed id, so a reconnection after a
 * restart lands in the same workspace. Its tokens are self-verifying (an HMAC under a key derived
 * from the integration's client secret), so tokens PreviewBridge stored stay valid across restarts
 * without the simulator storing anything. Any fresh code is exchanged once (the simulator cannot
 * know codes a test invented); a replayed code is {@code invalid_grant}. PATCH bodies are checked
 * against Notion's attribute/section table, strictly, with a message naming the offending path.
 * Received PATCHes and planned faults live in memory, bounded. Its own small helpers (random
 * values, constant-time compare, page rendering with the bundled Mustache compiler, problem
 * responses) live here rather than being borrowed from {@code platform}.
 *
 * <p>Not done here: Notion's rate limiting by itself (only planned faults), refresh tokens, {@code
 * /v1/oauth/revoke} and {@code /introspect}, any Notion API beyond the two endpoints; no deployment
 * outside demo mode (nothing in it guards against that: do not deploy it in production).
 */
package io.previewbridge.simulator;
