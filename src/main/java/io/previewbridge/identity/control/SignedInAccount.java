package io.previewbridge.identity.control;

import io.previewbridge.identity.entity.Account;
import jakarta.enterprise.context.SessionScoped;
import java.io.Serializable;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Who is signed in to this browser session. Only the account's id, name and roles are kept; the
 * account is re-read where it matters (consent checks it is still enabled, the console its role).
 * After a sign-in at the identity provider the session also keeps the ID token, as the hint that
 * RP-initiated logout sends back to the provider; it is never shown or logged.
 */
@SessionScoped
public class SignedInAccount implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The signed-in person, as the pages need them. */
  public record Person(
      String accountId,
      String username,
      String displayName,
      Set<String> roles,
      boolean viaProvider,
      Instant signedInAt)
      implements Serializable {}

  private Person person;
  private String idTokenHint;

  /** Signed in with a built-in account's password. */
  public synchronized void signIn(Account account) {
    person = personOf(account, false);
    idTokenHint = null;
  }

  /** Signed in at the identity provider, which issued {@code idToken}. */
  public synchronized void signInAtProvider(Account account, String idToken) {
    person = personOf(account, true);
    idTokenHint = idToken;
  }

  private static Person personOf(Account account, boolean viaProvider) {
    return new Person(
        account.id(),
        account.username(),
        account.displayName(),
        account.roles(),
        viaProvider,
        Instant.now());
  }

  public synchronized void signOut() {
    person = null;
    idTokenHint = null;
  }

  public synchronized Optional<Person> current() {
    return Optional.ofNullable(person);
  }

  /** The ID token of a provider sign-in, for the provider's logout. */
  public synchronized Optional<String> idTokenHint() {
    return Optional.ofNullable(idTokenHint);
  }
}
