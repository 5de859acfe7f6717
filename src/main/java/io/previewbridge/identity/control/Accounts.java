package io.previewbridge.identity.control;

import io.previewbridge.identity.entity.Account;
import io.previewbridge.platform.control.Secrets;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The built-in accounts: creating them (with a PBKDF2 hash from Jakarta Security's {@link
 * Pbkdf2PasswordHash}) and checking a password. A sign-in attempt for an unknown or disabled
 * account costs the same hash computation as one for a real account, so neither the answer nor its
 * timing tells an attacker which usernames exist.
 */
@ApplicationScoped
public class Accounts {

  /** Usernames are what people type; keep them plain. */
  public static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}");

  /** Pbkdf2PasswordHash's own storage format: algorithm:iterations:salt:hash. */
  public static final Pattern PBKDF2_HASH =
      Pattern.compile(
          "PBKDF2WithHmacSHA(224|256|384|512):\\d{4,9}:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+");

  /**
   * The shortest password the console accepts (the accounts file, written by whoever runs the
   * server, keeps its own minimum of 4 so the demo's {@code admin/admin} stays valid).
   */
  public static final int MIN_PASSWORD = 8;

  /** The longest password checked; longer ones are refused before any hashing. */
  public static final int MAX_PASSWORD = 1000;

  @PersistenceContext EntityManager em;
  @Inject Pbkdf2PasswordHash passwordHash;
  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "previewbridge.accounts.password-iterations", defaultValue = "210000")
  int iterations;

  /** How many password hashes may be computed at once (default: one per core). */
  @Inject
  @ConfigProperty(name = "previewbridge.accounts.max-concurrent-hashes", defaultValue = "0")
  int maxConcurrentHashes;

  private volatile String decoyHash;
  private HashingGate hashing =
      new HashingGate(Runtime.getRuntime().availableProcessors(), HASH_WAIT_MILLIS);

  /** How long a password check waits for a free hashing slot before it is refused. */
  static final long HASH_WAIT_MILLIS = 1_000;

  @PostConstruct
  void configureHash() {
    hashing =
        new HashingGate(
            maxConcurrentHashes > 0
                ? maxConcurrentHashes
                : Runtime.getRuntime().availableProcessors(),
            HASH_WAIT_MILLIS);
    passwordHash.initialize(
        Map.of(
            "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA512",
            "Pbkdf2PasswordHash.Iterations", Integer.toString(iterations),
            "Pbkdf2PasswordHash.SaltSizeBytes", "32",
            "Pbkdf2PasswordHash.KeySizeBytes", "64"));
  }

  public String hash(String password) {
    return passwordHash.generate(password.toCharArray());
  }

  public Optional<Account> byUsername(String username) {
    if (username == null) {
      return Optional.empty();
    }
    return em.createNamedQuery(Account.BY_USERNAME, Account.class)
        .setParameter("username", username.trim())
        .getResultStream()
        .findFirst();
  }

  public Optional<Account> byId(String id) {
    return id == null ? Optional.empty() : Optional.ofNullable(em.find(Account.class, id));
  }

  /**
   * The enabled account whose password this is; empty for a wrong password, unknown or disabled
   * account alike.
   *
   * @throws SignInBusy when as many hashes as allowed are being computed and none ends within a
   *     second
   */
  public Optional<Account> authenticate(String username, String password) {
    if (username == null || password == null || password.length() > MAX_PASSWORD) {
      return Optional.empty();
    }
    return hashing.run(() -> check(username, password));
  }

  private Optional<Account> check(String username, String password) {
    // an account of the identity provider has no password here: it costs the decoy's hash too
    Optional<Account> account = byUsername(username).filter(a -> a.passwordHash() != null);
    String stored = account.map(Account::passwordHash).orElseGet(this::decoyHash);
    boolean matches;
    try {
      matches = passwordHash.verify(password.toCharArray(), stored);
    } catch (RuntimeException unreadableHash) {
      matches = false;
    }
    return matches ? account.filter(Account::enabled) : Optional.empty();
  }

  /**
   * The account this session acts for, read from the database: empty (and the session signed out)
   * when it was disabled, or its sessions were ended after this one signed in (password reset,
   * revoke), whichever node that happened on.
   */
  public Optional<Account> current(SignedInAccount signedIn) {
    Optional<SignedInAccount.Person> person = signedIn.current();
    if (person.isEmpty()) {
      return Optional.empty();
    }
    Optional<Account> account =
        byId(person.get().accountId()).filter(a -> a.acceptsSessionFrom(person.get().signedInAt()));
    if (account.isEmpty()) {
      signedIn.signOut();
    }
    return account;
  }

  /** Notes the time of a password sign-in, for the console. */
  @Transactional
  public void signedIn(Account account) {
    Account managed = em.find(Account.class, account.id());
    if (managed != null) {
      managed.signedIn(clock.instant());
    }
  }

  public Optional<Account> byIssuerAndSubject(String issuer, String subject) {
    return em.createNamedQuery(Account.BY_ISSUER_AND_SUBJECT, Account.class)
        .setParameter("issuer", issuer)
        .setParameter("subject", subject)
        .getResultStream()
        .findFirst();
  }

  /**
   * The account of the person the identity provider just vouched for, keyed by issuer and subject:
   * created at the first sign-in, and its username, name, email and roles brought up to date at
   * every later one (a disabled account stays disabled and is returned as it is). A username the
   * provider gives that another account already holds gets a suffix from the subject, so the two
   * never merge.
   */
  @Transactional
  public Account signedInAtProvider(String issuer, ClaimMapping.Person person, Set<String> roles) {
    Optional<Account> existing = byIssuerAndSubject(issuer, person.subject());
    String username =
        freeUsername(person.username(), existing.map(Account::id), issuer, person.subject());
    String displayName = person.displayName() == null ? username : person.displayName();
    if (existing.isPresent()) {
      Account account = existing.get();
      if (account.enabled()) {
        account.signedInAtProvider(username, displayName, person.email(), roles, clock.instant());
      }
      return account;
    }
    Account account =
        Account.ofProvider(
            issuer,
            person.subject(),
            username,
            displayName,
            person.email(),
            roles,
            clock.instant());
    em.persist(account);
    return account;
  }

  private String freeUsername(
      String wanted, Optional<String> ownId, String issuer, String subject) {
    String suffix = Secrets.sha256(issuer + "\n" + subject);
    for (String candidate :
        List.of(
            wanted,
            cap(wanted, 92) + "-" + suffix.substring(0, 6),
            cap(wanted, 86) + "-" + suffix.substring(0, 12))) {
      Optional<Account> holder = byUsername(candidate);
      if (holder.isEmpty() || holder.map(Account::id).equals(ownId)) {
        return candidate;
      }
    }
    return cap(wanted, 63) + "-" + suffix.substring(0, 36);
  }

  private static String cap(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max);
  }

  /**
   * Creates the account unless one with this username exists. Returns whether it was created.
   * {@code passwordHash} is a ready Pbkdf2PasswordHash value; use {@link #hash} for a password.
   */
  @Transactional
  public boolean createIfAbsent(
      String username,
      String displayName,
      String email,
      String passwordHash,
      Set<String> roles,
      boolean enabled) {
    if (byUsername(username).isPresent()) {
      return false;
    }
    Account account =
        new Account(username, displayName, email, passwordHash, roles, clock.instant());
    account.setEnabled(enabled);
    em.persist(account);
    return true;
  }

  /** Every account, by username. */
  public List<Account> all() {
    return em.createQuery("SELECT a FROM Account a ORDER BY a.username", Account.class)
        .getResultList();
  }

  /**
   * Creates an enabled account with a password (hashed here), unless the username is taken: then
   * empty. Joins the caller's transaction, so the console's audit entry commits with it.
   */
  @Transactional
  public Optional<Account> create(
      String username, String displayName, String email, String password, Set<String> roles) {
    if (byUsername(username).isPresent()) {
      return Optional.empty();
    }
    Account account =
        new Account(username, displayName, email, hash(password), roles, clock.instant());
    em.persist(account);
    return Optional.of(account);
  }

  /**
   * Gives the account a new password (hashed here); the old one stops working at once, and so do
   * the sessions signed in with it.
   */
  @Transactional
  public void changePassword(Account account, String password) {
    Account managed = em.merge(account);
    managed.changePasswordHash(hash(password));
    managed.endSessions(clock.instant());
  }

  private String decoyHash() {
    String decoy = decoyHash;
    if (decoy == null) {
      decoy = hash(Secrets.randomToken(24));
      decoyHash = decoy;
    }
    return decoy;
  }
}
