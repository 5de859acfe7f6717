package io.previewbridge.identity.control;

import io.previewbridge.identity.entity.Account;
import jakarta.enterprise.context.SessionScoped;
import java.io.Serializable;
import java.util.Optional;
import java.util.Set;

/**
 * Who is signed in to this browser session. Only the account's id, name and roles are kept; the
 * account is re-read where it matters (consent checks it is still enabled).
 */
@SessionScoped
public class SignedInAccount implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The signed-in person, as the pages need them. */
  public record Person(String accountId, String username, String displayName, Set<String> roles)
      implements Serializable {}

  private Person person;

  public synchronized void signIn(Account account) {
    person = new Person(account.id(), account.username(), account.displayName(), account.roles());
  }

  public synchronized void signOut() {
    person = null;
  }

  public synchronized Optional<Person> current() {
    return Optional.ofNullable(person);
  }
}
