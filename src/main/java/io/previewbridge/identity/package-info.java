/**
 * People signing in: the built-in accounts, and the session sign-in the consent page (and the
 * console) rely on.
 *
 * <p>Operations: {@code GET/POST /signin} (form with CSRF token; on success the session id changes
 * and the browser continues to a path of this application); {@code control.Accounts#authenticate};
 * the session-scoped {@code SignedInAccount} and {@code CsrfToken} other features inject; start-up
 * seeding ({@code AccountBootstrap}): demo accounts {@code demo/demo} and {@code admin/admin} in
 * demo mode, and the accounts file named by {@code previewbridge.accounts-file} (JSON array of
 * {@code {username, displayName, email, password | passwordHash, roles}}), both idempotent.
 *
 * <p>Decisions: passwords are hashed with Jakarta Security's {@code Pbkdf2PasswordHash}
 * (PBKDF2-HMAC-SHA512, {@code previewbridge.accounts.password-iterations}, default 210,000); an
 * unknown user costs the same hash as a wrong password and gets the same message, so nothing tells
 * which usernames exist; disabled accounts cannot sign in. The sign-in is application code, not a
 * container HttpAuthenticationMechanism, because MP-JWT holds that slot (see {@code
 * authorization}).
 *
 * <p>Not here (yet): OIDC sign-in against the company's identity provider, self-service password
 * changes, lockout after repeated failures.
 */
package io.previewbridge.identity;
