/**
 * Sources: where preview data comes from, declared in the sources file ({@code
 * previewbridge.sources}, a path or {@code classpath:...}; format in product.md, "Sources").
 *
 * <p>Operations: {@link io.previewbridge.sources.control.SourceRegistry} loads and checks the file
 * at start-up and matches uris to sources (first match in file order, {@code find} semantics like
 * Notion's JavaScript regex test); {@link io.previewbridge.sources.control.PreviewBuilder} fetches
 * a matched uri's JSON as the signed-in account and maps it onto validated attributes, or onto an
 * error operation; {@link io.previewbridge.sources.control.Fetcher} makes the bounded HTTP call.
 *
 * <p>Decisions:
 *
 * <ul>
 *   <li>Templates: {@code {group}} (named group of the pattern), {@code {/json/pointer}} (RFC
 *       6901 into the fetched JSON, {@code ~0}/{@code ~1} escapes, array indexes), {@code
 *       {config:key}} (MicroProfile Config, for secrets, never logged), {@code {account:username}},
 *       {@code {account:id}}, {@code {account:email}}. A {@code {} that opens none of these is
 *       literal text. In a fetch URL, values from the pasted link or the account are
 *       percent-encoded so they cannot change host or path structure; in a POST body they are
 *       JSON-escaped; configuration values are inserted as they are.
 *   <li>{@code {config:key}} also works in {@code pattern} (regex-quoted) and {@code samples}, so a
 *       file can follow {@code previewbridge.public-url} (the demo does).
 *   <li>Missing values: an attribute whose placeholders all lack a value is left out (never
 *       {@code "null"}); a value its type cannot hold (a date that is not a date, an http image
 *       URL) is left out too; no title is an error (502). Text is cut to {@code maxLength} and
 *       always to Notion's 2000 characters, ending with an ellipsis.
 *   <li>Fetching uses Apache HttpClient 5 (classic), not a typed MicroProfile Rest Client (the
 *       URL is a different template-rendered address per request and per source) nor {@code
 *       java.net.http} (which resolves names itself, so the address checked could differ from the
 *       one connected to). Limits come from {@code previewbridge.fetch.connect-timeout} (PT2S),
 *       {@code read-timeout} (PT5S, the whole exchange of each hop, body included), {@code
 *       max-bytes} (1 MiB) and {@code max-redirects} (3), overridable per source in {@code fetch}.
 *       Redirects are followed by hand; headers are dropped when a redirect leaves the origin.
 *   <li>Destinations ({@link io.previewbridge.sources.control.DestinationPolicy}), checked on
 *       every hop by name and by every resolved address, the connection using exactly the checked
 *       addresses ({@link io.previewbridge.sources.control.PinnedDnsResolver}): the host the admin
 *       wrote in {@code fetch.url} (scheme and authority made of literal text and {@code
 *       {config:...}} values, closed by a literal {@code /}, {@code ?} or {@code #}) is the
 *       declared host and may have any address, an internal API's included. Any other host (from
 *       the pasted link's groups, from upstream data, a redirect elsewhere) must resolve only to
 *       public addresses: loopback, private (RFC 1918, 100.64/10, fc00::/7), link-local (with
 *       169.254.169.254), multicast, unspecified and reserved addresses, also inside IPv4-mapped,
 *       -compatible, NAT64 and 6to4 IPv6 forms, are refused, as are IPv4 hosts in decimal, octal
 *       or hex spellings. A source widens this with {@code fetch.allowPrivateNetwork} (private
 *       ranges only) and {@code fetch.allowedDestinations} (hosts, {@code *.domain}, CIDRs);
 *       {@code previewbridge.fetch.allowed-hosts}, when set, is the only hosts fetched from, and
 *       its hosts count as the admin's. Redirects to another host need one of these allowances
 *       (a policy for a pasted link, {@code DestinationPolicy.forPastedLink()}, follows public
 *       ones). {@code Fetcher.Request} without a policy is public-only.
 *   <li>Conditional requests: a GET answer with {@code ETag}/{@code Last-Modified} is remembered
 *       per rendered request (memory, bounded); the next identical GET (unfurl or re-check) sends
 *       {@code If-None-Match}/{@code If-Modified-Since}, and a 304 reuses the body: unchanged.
 *   <li>Upstream 404/403/410 (and any status the source lists in {@code errors}) become a
 *       definitive error operation with the source's message; 5xx, other statuses, timeouts,
 *       oversize and non-JSON answers become 502/504, which change detection does not treat as a
 *       change.
 * </ul>
 *
 * <p>Kinds: {@code json} (the default, above); {@code html-meta} (the pasted page's own metadata,
 * read by {@link io.previewbridge.sources.control.HtmlMetaExtractor} with jsoup, fetched by {@link
 * io.previewbridge.sources.control.HtmlPages}; {@code {meta:key}} placeholders, default attributes
 * when the source declares none); {@code java} (a {@link io.previewbridge.sources.spi.PreviewSource}
 * CDI bean named by {@code bean}, checked at start-up). Whatever the kind, PreviewBridge adds
 * {@code dev} and validates the attributes before Notion sees them.
 *
 * <p>Who a fetch is made as ({@code auth}, {@link io.previewbridge.sources.entity.SourceAuth}):
 * {@code service} (the default: the server's secrets in {@code fetch.headers}), {@code user-token}
 * (the person's access token from the company's provider), {@code token-exchange} (one exchanged
 * for this upstream's {@code audience}), {@code oauth} (the person's token at a product's server
 * named under {@code providers}). A person's token goes in {@code Authorization: Bearer}, only to
 * the host written in {@code fetch.url} (the start-up check refuses a host from the pasted link, an
 * html-meta source, and an {@code Authorization} header of its own); without one the preview is an
 * error operation that says what to do ({@link io.previewbridge.sources.control.PersonalTokens}),
 * never a fetch with another credential. A 401 to a person's token is asked once more with a fresh
 * one.
 *
 * <p>Private objects ({@code restricted}, {@link io.previewbridge.sources.entity.Restriction}): a
 * card is seen by everyone on the Notion page, so a source says how the upstream marks an object
 * private (a template over the fetched JSON, truthy or one of {@code values}; or upstream {@code
 * status}es) and what its card then is: {@code deny} (Notion's error state with {@code message},
 * the default), {@code limited} (only the attributes marked {@code "public": true}, and a lock
 * before the title, the rule's {@code title} when the object's own is not public), {@code allow}.
 *
 * <p>Comfort: enum {@code colors} accept CSS names and a default under {@code "*"}; {@code format}
 * ({@code number}, {@code duration}, {@code duration-ms}) is applied to each placeholder value of
 * a text attribute (a value that is no number counts as missing); every upstream status has a
 * default message.
 *
 * <p>The html-meta fetch of a pasted link passes {@code DestinationPolicy.forPastedLink()} (see
 * {@link io.previewbridge.sources.control.HtmlPages}). Not here: Notion's settings, served by the
 * admin feature.
 */
package io.previewbridge.sources;
