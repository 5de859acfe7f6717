/**
 * People signing in: built-in accounts, the company's OpenID Connect provider, or both ({@code
 * previewbridge.identity.mode} = {@code built-in} | {@code oidc} | {@code both}), and the session
 * sign-in the consent page, the console and the person's own page rely on.
 *
 * <p>Operations: {@code GET/POST /signin} (the password form, a chooser in mode {@code both}, or
 * straight on to the provider in mode {@code oidc}); {@code GET /signin/oidc} and {@code
 * /signin/oidc/callback} (sign-in at the provider, {@link
 * io.previewbridge.identity.control.OidcSignIn}); {@code GET/POST /signout} (ends the session here
 * and, after a provider sign-in, at the provider: RP-initiated logout); {@code GET /account} (who
 * PreviewBridge thinks the person is, whether previews can still be fetched as them, the products
 * they can link); {@code GET /link/{provider}}, {@code /link/{provider}/callback} and {@code POST
 * /link/{provider}/unlink} (a person's account at a product's own OAuth server, for {@code oauth}
 * sources). {@code control.Accounts} creates and updates accounts; the session-scoped {@code
 * SignedInAccount} and {@code CsrfToken} are what other features inject.
 *
 * <p>Decisions:
 *
 * <ul>
 *   <li>The OpenID Connect relying party is application code on the Nimbus OAuth 2.0 SDK with
 *       OpenID Connect ({@code com.nimbusds:oauth2-oidc-sdk}), not Jakarta Security's
 *       {@code @OpenIdAuthenticationMechanismDefinition}: a WAR has one container authentication
 *       mechanism and MP-JWT holds it (Notion's bearer tokens, see {@code authorization}); the
 *       Jakarta Security mechanism has open bugs on Payara (payara/Payara #6159, deployment
 *       failure) and WildFly (Soteria #393, with a bearer mechanism in the same application); and
 *       application code behaves the same on every server. Nothing of JOSE, PKCE or discovery is
 *       written by hand: the SDK builds the requests and verifies the ID token.
 *   <li>The flow is the authorization code flow with PKCE (S256), {@code state} and {@code nonce},
 *       all kept in the HTTP session ({@code boundary.PendingFlows}) and taken out on return, so a
 *       replayed or foreign answer finds nothing. The redirect URI is built from {@code
 *       previewbridge.public-url}, never from the request. The answer's {@code iss} (RFC 9207) is
 *       checked; the ID token's signature against the provider's JWKS (fetched again, at most every
 *       5 s, when a token names a key it does not know: key rotation needs nothing), its issuer,
 *       audience, expiry (60 s skew) and nonce. Discovery is read when first needed and kept an
 *       hour ({@code credentials.control.AuthServers}), so a provider that is down at start-up does
 *       not stop the server.
 *   <li>Accounts from the provider are keyed by issuer + subject; their username, name, email and
 *       roles come from the claims ({@code claims.*}; groups from a dotted claim path, Keycloak's
 *       full group paths matched by name) at every sign-in. The {@code admin} role follows {@code
 *       admin-group} (or {@code admin-users}, for providers without a groups claim), so console
 *       access follows the provider. {@code required-group} keeps everyone else out, before any
 *       account is made. A provider's username that a built-in account already has gets a suffix:
 *       the two are never merged. {@link io.previewbridge.identity.entity.Account#externalKey()},
 *       the {@code external_account.key} sent to Notion, is a hash of issuer and subject.
 *   <li>The person's tokens from the sign-in (with {@code offline_access} where the provider offers
 *       it) are kept for fetching as them ({@code credentials}); a new sign-in renews them and
 *       makes the person's previews due at once.
 *   <li>Built-in passwords are hashed with Jakarta Security's {@code Pbkdf2PasswordHash}
 *       (PBKDF2-HMAC-SHA512, {@code previewbridge.accounts.password-iterations}, default 210,000);
 *       an unknown user, a provider's account (no password here) and a disabled one cost the same
 *       hash as a wrong password and get the same message.
 * </ul>
 *
 * <p>Password guessing is slowed and then locked per username and blocked per client address
 * ({@code control.SignInThrottle}, per node), with each failure in the security log {@code
 * io.previewbridge.security}; {@code control.HashingGate} bounds the PBKDF2 hashes computed at
 * once.
 *
 * <p>Not here: self-service password changes, the front-channel and back-channel logout
 * notifications a provider may send.
 */
package io.previewbridge.identity;
