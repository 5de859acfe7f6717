/**
 * Our OAuth 2.0 authorization server for Notion: the Authorize URL with its consent page, the Token
 * URL, the Deleted Token Callback URL, and the access tokens Notion then presents to the unfurl
 * callback.
 *
 * <p>Operations: {@code GET /notion/authorize} (checks client and redirect URI, then sign-in and
 * consent, see {@code boundary.AuthorizeResource}); {@code POST /notion/token} (grants {@code
 * authorization_code} and {@code refresh_token}, RFC 6749 errors); {@code DELETE|POST
 * /notion/deleted} (disconnects the connection a token names, always 200); a JAX-RS filter that
 * refuses tokens of revoked grants or inactive connections.
 *
 * <p>Decisions:
 *
 * <ul>
 *   <li><b>Two ways of authenticating, one container mechanism.</b> A WAR has one
 *       HttpAuthenticationMechanism slot; MP-JWT ({@code @LoginConfig(authMethod="MP-JWT")} on the
 *       application) takes it, so the container authenticates bearer tokens on every request and
 *       {@code @RolesAllowed("notion")} resources see a {@code JsonWebToken}. People never use
 *       bearer tokens: they sign in through the application's own session sign-in ({@code
 *       identity}), which is ordinary application code on unprotected resources (sign-in, consent)
 *       that keeps the signed-in account in the HTTP session. Neither path touches the other: a
 *       browser sends no {@code Authorization} header, Notion sends no session cookie.
 *   <li><b>Tokens.</b> Access tokens are RS256 JWTs (Nimbus) with {@code sub} = connection id and
 *       {@code gid} = the grant that issued them; MP-JWT checks signature, issuer, audience and
 *       expiry, {@code BearerTokenChecks} checks the grant and connection are still alive. Codes
 *       and refresh tokens are 256-bit random strings stored only as SHA-256. The signing key is
 *       configured ({@code previewbridge.oauth.signing-key}) or generated at first start and kept
 *       encrypted; {@code control.VerificationKeySource} hands its public half to MP-JWT.
 *   <li><b>Container 401s.</b> MP-JWT refuses a bad token before JAX-RS runs; web.xml sends those
 *       401s to {@code boundary.UnauthorizedErrorServlet} so they are problem+json too. The
 *       deleted-token callback may carry an expired token, so that servlet also completes it.
 *   <li><b>Code exchange after the person's Continue.</b> Notion's code is traded only when the
 *       signed-in person presses Continue on our page (a CSRF-checked POST), never on a GET a
 *       cross-site link could trigger; the consent page then names the workspace and our account.
 *       Deny, an abandoned page ({@code PendingAuthorizations} expiry) or the end of the session
 *       revokes Notion's token, best effort.
 *   <li><b>RFC 9700 details.</b> PKCE S256 when a client sends a challenge ({@code control.Pkce}; a
 *       verifier without a challenge and {@code plain} are refused); {@code iss} (RFC 9207) on
 *       every answer to the redirect URI; no parameters in the token endpoint's query string; a
 *       rotated refresh token used after its grace revokes the grant; grants end when idle or old
 *       ({@code previewbridge.oauth.refresh-idle}, {@code refresh-max-age}).
 *   <li><b>Redirect URI.</b> Compared after the normalisation of notion-link-previews.md §7.7; the
 *       browser goes back to the exact value Notion sent. A bad client or redirect URI gets an
 *       error page, never a redirect.
 * </ul>
 *
 * <p>Not here: the unfurl callback itself ({@code unfurl}), Notion's API ({@code notion}), the
 * accounts ({@code identity}). There is no dynamic client registration and no server metadata
 * document: the one client is Notion, a confidential client configured by hand.
 */
package io.previewbridge.authorization;
