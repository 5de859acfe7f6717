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
 * <p>Operations (paths as served, under {@code /simulator}):
 *
 * <ul>
 *   <li>Notion's API as a Link Preview integration calls it: {@code POST /v1/oauth/token} and
 *       {@code PATCH /v1/external/object} (same checks, same answers, Notion's error object);
 *       {@code /api/patches} lists the PATCHes received, newest first; {@code /api/faults} makes
 *       the next requests fail with 429 (and {@code Retry-After}) or a 5xx, to show retries.
 *   <li>The page ({@code /simulator/}, a Notion-like page; plain HTML, {@code assets/card.js} and
 *       {@code card.css} (the card renderer, shared with the admin console: its source is in
 *       src/main/resources/assets and the build copies it into this WAR) and {@code
 *       assets/simulator.js}, no build step, nothing from a CDN), run by {@code /api/page/...}: a
 *       pasted link gets the placeholder of the first matching rule at once ({@link
 *       io.previewbridge.simulator.control.Placeholders}, {@code $<group>} substituted); the first
 *       time, {@code /connect} sends the browser to PreviewBridge's authorize URL with Notion's
 *       parameters and a fresh {@code state}, {@code /callback} checks the state and trades the
 *       code at the token URL (form POST with the client secret); then {@code POST /notion/unfurl}
 *       with the bearer token. Tokens are refreshed with the {@code refresh_token} grant before
 *       {@code expires_in} runs out or after a 401 ({@link
 *       io.previewbridge.simulator.control.TokenSet}). Removing a card sends {@code DELETE
 *       /notion/unfurl} with {@code {"uri": ...}}; "Disconnect" sends the deleted-token callback
 *       ({@code DELETE /notion/deleted}) and forgets the tokens ({@link
 *       io.previewbridge.simulator.control.NotionClientSide}).
 *   <li>Live updates: every PATCH received is pushed to open pages as a server-sent event ({@code
 *       GET /api/events}, a JAX-RS {@code SseBroadcaster}); the page re-renders that uri's card
 *       without a reload (it falls back to polling {@code /api/patches} if the stream closes).
 *   <li>The Lab: {@code POST /api/lab/validate} takes an attribute array or a whole unfurl response
 *       and lists every problem {@link io.previewbridge.simulator.control.PatchRules} finds; the
 *       page renders it with the same {@code card.js} as the cards. Malformed input is a 400
 *       problem saying what to send.
 * </ul>
 *
 * <p>The integration's settings (URL patterns, samples, placeholder attributes) are held the way
 * Notion holds what the developer pasted into its portal ({@link
 * io.previewbridge.simulator.control.IntegrationSettings}): pasted on the page's "Integration
 * settings" tab ({@code PUT /api/settings}), or, when none were pasted, copied once over HTTP as a
 * developer copies them: sign in to PreviewBridge as the demo admin ({@code
 * simulator.previewbridge.admin-username}/{@code -password}, default {@code admin}/{@code admin},
 * an account that exists only in demo mode) and read {@code /api/admin/notion-settings}. {@code
 * simulator.settings.import=false} turns that off.
 *
 * <p>Decisions: the simulator plays one workspace with a fixed id and one person (its page state is
 * application-wide: it is a demo), so a reconnection after a restart lands in the same workspace.
 * Its tokens are self-verifying (an HMAC under a key derived from the integration's client secret),
 * so tokens PreviewBridge stored stay valid across restarts without the simulator storing anything.
 * Any fresh code is exchanged once (the simulator cannot know codes a test invented); a replayed
 * code is {@code invalid_grant}. PATCH bodies are checked against Notion's attribute/section table,
 * strictly, with a message naming the offending path; the PATCH answers the first problem, the Lab
 * lists them all. The card renderer writes every value as text, never markup. Received PATCHes, the
 * latest body per uri, planned faults and the activity log live in memory, bounded. Its own small
 * helpers (random values, constant-time compare, page rendering with the bundled Mustache compiler,
 * problem responses) live here rather than being borrowed from {@code platform}.
 *
 * <p>Not done here: Notion's rate limiting by itself (only planned faults), Notion-side refresh
 * tokens, {@code /v1/oauth/revoke} and {@code /introspect}, any Notion API beyond the two
 * endpoints; several people at once (one simulated user); relation attributes render as text; no
 * deployment outside demo mode (nothing in it guards against that: do not deploy it in production).
 */
package io.previewbridge.simulator;
