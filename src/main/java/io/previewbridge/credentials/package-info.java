/**
 * People's tokens at other servers, so that a preview is fetched as the person it is for: the
 * company's OpenID Connect provider ({@code idp}) and the products' own OAuth servers declared
 * under {@code providers} in the sources file.
 *
 * <p>Operations: {@link io.previewbridge.credentials.control.AuthServers} (the servers and their
 * discovered endpoints, every call bounded in time); {@link
 * io.previewbridge.credentials.control.AuthorizationCodeFlow} (the client side of the code flow
 * with PKCE, for sign-in and linking); {@link
 * io.previewbridge.credentials.control.UpstreamCredentials} (keep, hand out, refresh, distrust,
 * forget a person's tokens); {@link io.previewbridge.credentials.control.TokenExchanges} (RFC 8693
 * at the provider, for a token meant for one upstream only).
 *
 * <p>Decisions:
 *
 * <ul>
 *   <li>Tokens are stored only AES-GCM-encrypted ({@code TokenCipher}), bound to their row; an
 *       exchanged token lives in memory until shortly before it expires, never on disk. No token
 *       reaches a log, a page or an error text.
 *   <li>An access token is refreshed when it expires within {@code
 *       previewbridge.identity.refresh-ahead} (PT30S). Refreshes of one credential are serialised
 *       on the node and, with a row lock, across nodes: servers that rotate refresh tokens revoke
 *       the whole grant when one is used twice.
 *   <li>A refresh refused with {@code invalid_grant} (the person signed out everywhere, was
 *       disabled, the grant expired or was revoked) marks the credential gone, with the server's
 *       words: the person's previews stop updating, the console says why, and nothing falls back to
 *       another credential. Only a new sign-in (or link) brings it back ({@link
 *       io.previewbridge.credentials.control.CredentialRenewed}). A server that cannot be reached
 *       is passing trouble and changes nothing.
 *   <li>An upstream that answers 401 to a person's token makes it distrusted: the next use
 *       refreshes first.
 * </ul>
 *
 * <p>Not here: which source uses which credential (the sources file's {@code auth}, read by {@code
 * sources}); signing people in ({@code identity}).
 */
package io.previewbridge.credentials;
