/**
 * Unfurl: Notion's Unfurl Callback URL and the unfurl attribute model.
 *
 * <p>Operations: {@code POST /notion/unfurl {uri}} answers 200 with {@code {uri, operations}}: the
 * attributes ({@code [{"path":["attributes"],"set":[...]}]}) or an error operation ({@code
 * [{"path":["error"],"set":{status,message}}]}), and starts or resumes tracking the uri for the
 * connection; {@code DELETE /notion/unfurl} stops tracking (uri from a JSON body, a form body or
 * the query string; 200 with an empty body, idempotent). Both require role {@code notion}: the
 * bearer token's subject is the connection, its {@code aid}/{@code upn} claims the account.
 *
 * <p>The model in {@code entity} ({@link io.previewbridge.unfurl.entity.Attributes}, {@link
 * io.previewbridge.unfurl.entity.Operations}, {@link io.previewbridge.unfurl.entity.Section},
 * {@link io.previewbridge.unfurl.entity.SubType}) is the only place Notion's JSON shapes are built,
 * and {@link io.previewbridge.unfurl.entity.AttributeValidator} checks any attribute array against
 * Notion's rules (required title and dev, unique ids, sub-types per section, value shapes, colour
 * ranges, date formats, URL schemes, lengths), reporting JSON paths.
 *
 * <p>Speed: {@link io.previewbridge.unfurl.control.Unfurler} keeps each (connection, uri)'s preview
 * for {@code previewbridge.fetch.cache-ttl} (PT30S; passing failures are not kept) and lets
 * concurrent unfurls share one build. When a build takes longer than {@code
 * previewbridge.unfurl.budget} (PT2S), Notion gets a placeholder (the source's title if the uri
 * alone makes it, else the uri, and {@code dev}); the late preview is recorded as a re-check of the
 * tracked preview, which queues its PATCH. A late passing failure keeps the placeholder until the
 * source's next refresh.
 *
 * <p>Decisions: an unknown uri, like an upstream error, is answered 200 with an error operation
 * (§7.12; 404 "No preview is available for this link"); bad input (no body, no uri, relative uri)
 * is a 400 problem. A token whose connection was revoked gets 401. Neither {@code relation} nor the
 * {@code pdf} embed is produced: Notion does not document them (§7.14).
 */
package io.previewbridge.unfurl;
