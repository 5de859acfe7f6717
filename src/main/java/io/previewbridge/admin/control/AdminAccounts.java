package io.previewbridge.admin.control;

import io.previewbridge.authorization.control.Revocations;
import io.previewbridge.credentials.control.AuthServers;
import io.previewbridge.credentials.control.UpstreamCredentials;
import io.previewbridge.credentials.entity.AuthServer;
import io.previewbridge.credentials.entity.UpstreamCredential;
import io.previewbridge.identity.control.Accounts;
import io.previewbridge.identity.control.AccountsFile;
import io.previewbridge.identity.entity.Account;
import io.previewbridge.notion.entity.Connection;
import io.previewbridge.platform.control.InvalidInput;
import io.previewbridge.platform.control.NotFound;
import io.previewbridge.platform.control.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The console's account actions: list, create, disable, enable, reset a password. Each action and
 * its audit entry commit together.
 *
 * <p>Accounts listed in {@code previewbridge.accounts-file} are marked "from file". The file only
 * creates accounts that are missing (see {@code AccountBootstrap}): an account that exists is left
 * as it is at every start, so what the console changes about it (disabled, new password) survives
 * restarts; the file's password of such an account no longer applies once it is reset here.
 *
 * <p>Disabling an account stops its sign-in and revokes its Notion connections (tokens, tracked
 * previews and pending deliveries, as the deleted-token callback does): a disabled person's links
 * must stop being fetched with their permissions. Enabling it again does not bring them back; the
 * person connects again from Notion.
 */
@ApplicationScoped
public class AdminAccounts {

  static final Set<String> ROLES = Set.of(Account.ROLE_USER, Account.ROLE_ADMIN);
  static final int MAX_NAME = 200;

  /** A new account as the console asks for it; {@code password} null means "generate one". */
  public record NewAccount(
      String username, String displayName, String email, String password, List<String> roles) {}

  /**
   * An account with what the console shows beside it, including its tokens at other servers (the
   * identity provider's, linked products'): whether previews can still be fetched as the person.
   */
  public record View(
      Account account,
      boolean fromFile,
      long activeConnections,
      List<UpstreamCredential> credentials,
      List<String> unlinkedProviders) {
    public View {
      credentials = List.copyOf(credentials);
      unlinkedProviders = List.copyOf(unlinkedProviders);
    }
  }

  /** The account and, if the console generated it, its password (shown once, never stored). */
  public record WithPassword(View view, String generatedPassword) {}

  @PersistenceContext EntityManager em;
  @Inject Accounts accounts;
  @Inject AuditLog audit;
  @Inject Revocations revocations;
  @Inject UpstreamCredentials credentials;
  @Inject AuthServers servers;

  @Inject
  @ConfigProperty(name = "previewbridge.accounts-file")
  Optional<String> accountsFile;

  /**
   * Whether a password reset also revokes the account's Notion connections (and drops its tokens at
   * other servers): whoever held the old password may have connected a workspace with it.
   */
  @Inject
  @ConfigProperty(name = "previewbridge.accounts.revoke-grants-on-change", defaultValue = "true")
  boolean revokeGrantsOnChange = true;

  @Inject Clock clock;

  @Transactional
  public List<View> list() {
    Set<String> filed = fileUsernames();
    return accounts.all().stream().map(a -> view(a, filed)).toList();
  }

  @Transactional
  public View get(String id) {
    return view(find(id), fileUsernames());
  }

  @Transactional
  public WithPassword create(String actor, NewAccount input) {
    List<InvalidInput.Violation> problems = new ArrayList<>(check(input));
    if (!problems.isEmpty()) {
      throw new InvalidInput("The account cannot be created as given.", problems);
    }
    String generated = input.password() == null ? generatedPassword() : null;
    String password = generated != null ? generated : input.password();
    String username = input.username().trim();
    String displayName = blankToNull(input.displayName());
    Set<String> roles = roles(input.roles());
    Account account =
        accounts
            .create(
                username,
                displayName == null ? username : displayName.trim(),
                blankToNull(input.email()),
                password,
                roles)
            .orElseThrow(
                () -> new AdminConflict("An account named \"" + username + "\" exists already"));
    audit.record(
        actor,
        "account.create",
        username,
        "roles " + new TreeSet<>(roles) + (generated != null ? ", password generated" : ""));
    return new WithPassword(view(account, fileUsernames()), generated);
  }

  /**
   * Disables the account and revokes its connections.
   *
   * @param actorAccountId the signed-in admin, who may not disable themselves
   */
  @Transactional
  public View disable(String actor, String actorAccountId, String id) {
    Account account = find(id);
    if (account.id().equals(actorAccountId)) {
      throw new AdminConflict("You cannot disable your own account");
    }
    if (!account.enabled()) {
      throw new AdminConflict("The account \"" + account.username() + "\" is disabled already");
    }
    account.setEnabled(false);
    account.endSessions(clock.instant());
    List<String> connections = activeConnectionIds(account.id());
    for (String connectionId : connections) {
      revocations.revokeConnection(connectionId, "account disabled by admin " + actor);
    }
    audit.record(
        actor,
        "account.disable",
        account.username(),
        connections.size() + " connection(s) revoked");
    return view(account, fileUsernames());
  }

  @Transactional
  public View enable(String actor, String id) {
    Account account = find(id);
    if (account.enabled()) {
      throw new AdminConflict("The account \"" + account.username() + "\" is enabled already");
    }
    account.setEnabled(true);
    audit.record(actor, "account.enable", account.username(), null);
    return view(account, fileUsernames());
  }

  /** Sets {@code password}, or a generated one (returned) if it is null. */
  @Transactional
  public WithPassword resetPassword(String actor, String id, String password) {
    Account account = find(id);
    if (account.fromProvider()) {
      throw new AdminConflict(
          account.username()
              + " signs in at the identity provider and has no password here; change it there");
    }
    if (password != null) {
      Optional<String> problem = passwordProblem(password);
      if (problem.isPresent()) {
        throw new InvalidInput(
            "The password cannot be used.",
            List.of(new InvalidInput.Violation("password", problem.get())));
      }
    }
    String generated = password == null ? generatedPassword() : null;
    accounts.changePassword(account, generated != null ? generated : password);
    int revoked = revokeGrantsOnChange ? cutOff(account, "password reset by admin " + actor) : 0;
    audit.record(
        actor,
        "account.reset-password",
        account.username(),
        (generated != null ? "password generated" : "password set by the admin")
            + "; sessions ended"
            + (revokeGrantsOnChange ? ", " + revoked + " connection(s) revoked" : ""));
    return new WithPassword(view(account, fileUsernames()), generated);
  }

  /**
   * Revokes the account's access without disabling it: its sessions end at once (on every node),
   * its Notion connections are revoked and its tokens at other servers dropped, so that whoever
   * held them is cut off; the person signs in and connects again.
   */
  @Transactional
  public View revoke(String actor, String actorAccountId, String id) {
    Account account = find(id);
    if (account.id().equals(actorAccountId)) {
      throw new AdminConflict("You cannot revoke your own account; sign out instead");
    }
    account.endSessions(clock.instant());
    int revoked = cutOff(account, "access revoked by admin " + actor);
    audit.record(
        actor,
        "account.revoke",
        account.username(),
        "sessions ended, " + revoked + " connection(s) revoked, tokens at other servers dropped");
    return view(account, fileUsernames());
  }

  /** Revokes the account's connections and drops its upstream tokens; returns how many. */
  private int cutOff(Account account, String reason) {
    List<String> connections = activeConnectionIds(account.id());
    for (String connectionId : connections) {
      revocations.revokeConnection(connectionId, reason);
    }
    for (UpstreamCredential credential : credentials.of(account.id())) {
      credentials.forget(account.id(), credential.serverId());
    }
    return connections.size();
  }

  /** Every problem of a new account, by field; empty if it can be created. */
  static List<InvalidInput.Violation> check(NewAccount input) {
    List<InvalidInput.Violation> problems = new ArrayList<>();
    String username = input.username() == null ? "" : input.username().trim();
    if (username.isEmpty()) {
      problems.add(new InvalidInput.Violation("username", "is required"));
    } else if (!Accounts.USERNAME.matcher(username).matches()) {
      problems.add(
          new InvalidInput.Violation(
              "username",
              "must be 1-100 letters, digits or . _ @ + - (starting with a letter or digit)"));
    }
    if (input.displayName() != null && input.displayName().length() > MAX_NAME) {
      problems.add(
          new InvalidInput.Violation("displayName", "must be at most " + MAX_NAME + " characters"));
    }
    if (input.email() != null
        && !input.email().isBlank()
        && (input.email().length() > MAX_NAME || !input.email().contains("@"))) {
      problems.add(new InvalidInput.Violation("email", "must be an email address"));
    }
    if (input.password() != null) {
      passwordProblem(input.password())
          .ifPresent(p -> problems.add(new InvalidInput.Violation("password", p)));
    }
    if (input.roles() != null) {
      if (input.roles().isEmpty()) {
        problems.add(new InvalidInput.Violation("roles", "must name at least one role"));
      }
      for (int i = 0; i < input.roles().size(); i++) {
        if (!ROLES.contains(input.roles().get(i))) {
          problems.add(
              new InvalidInput.Violation(
                  "roles[" + i + "]", "must be one of " + new TreeSet<>(ROLES)));
        }
      }
    }
    return problems;
  }

  static Optional<String> passwordProblem(String password) {
    if (password.length() < Accounts.MIN_PASSWORD) {
      return Optional.of("must have at least " + Accounts.MIN_PASSWORD + " characters");
    }
    if (password.length() > Accounts.MAX_PASSWORD) {
      return Optional.of("must have at most " + Accounts.MAX_PASSWORD + " characters");
    }
    if (password.isBlank()) {
      return Optional.of("must not be only spaces");
    }
    return Optional.empty();
  }

  /** 16 random characters (96 bits), from the URL-safe alphabet: easy to pass on, hard to guess. */
  static String generatedPassword() {
    return Secrets.randomToken(12);
  }

  private static Set<String> roles(List<String> roles) {
    if (roles == null) {
      return Set.of(Account.ROLE_USER);
    }
    return new LinkedHashSet<>(roles);
  }

  private Account find(String id) {
    return accounts.byId(id).orElseThrow(() -> new NotFound("No account has the id " + id));
  }

  private View view(Account account, Set<String> filed) {
    long active =
        em.createQuery(
                "SELECT COUNT(c) FROM Connection c WHERE c.accountId = :accountId AND c.status <>"
                    + " :revoked",
                Long.class)
            .setParameter("accountId", account.id())
            .setParameter("revoked", Connection.Status.REVOKED)
            .getSingleResult();
    List<UpstreamCredential> held = credentials.of(account.id());
    List<String> unlinked =
        servers.providers().stream()
            .map(AuthServer::id)
            .filter(id -> held.stream().noneMatch(c -> c.serverId().equals(id)))
            .toList();
    return new View(account, filed.contains(account.username()), active, held, unlinked);
  }

  private List<String> activeConnectionIds(String accountId) {
    return em.createQuery(
            "SELECT c.id FROM Connection c WHERE c.accountId = :accountId AND c.status <>"
                + " :revoked",
            String.class)
        .setParameter("accountId", accountId)
        .setParameter("revoked", Connection.Status.REVOKED)
        .getResultList();
  }

  /**
   * The usernames the accounts file lists. The file was valid at start (or the server would not
   * run); if it has been broken or removed since, nothing is marked.
   */
  Set<String> fileUsernames() {
    Optional<String> file = accountsFile.map(String::trim).filter(f -> !f.isEmpty());
    if (file.isEmpty()) {
      return Set.of();
    }
    try {
      String json = Files.readString(Path.of(file.get()), StandardCharsets.UTF_8);
      return AccountsFile.parse(json).stream()
          .map(AccountsFile.Entry::username)
          .collect(Collectors.toUnmodifiableSet());
    } catch (IOException | RuntimeException unreadable) {
      return Set.of();
    }
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }
}
