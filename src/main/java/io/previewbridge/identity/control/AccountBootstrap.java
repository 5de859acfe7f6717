package io.previewbridge.identity.control;

import io.previewbridge.identity.entity.Account;
import io.previewbridge.platform.control.ConfigurationProblem;
import io.previewbridge.platform.control.SystemReady;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Gives a fresh server its first accounts at start: the demo accounts in demo mode ({@code
 * demo/demo}, {@code admin/admin}), and whatever {@code previewbridge.accounts-file} lists. Both
 * are idempotent: an account that exists already is left exactly as it is (its password may have
 * been changed since).
 */
@ApplicationScoped
public class AccountBootstrap {

  private static final Logger LOG = Logger.getLogger(AccountBootstrap.class.getName());
  static final String FILE_KEY = "previewbridge.accounts-file";

  @Inject Accounts accounts;

  @Inject
  @ConfigProperty(name = "previewbridge.demo", defaultValue = "false")
  boolean demo;

  @Inject
  @ConfigProperty(name = FILE_KEY)
  Optional<String> accountsFile;

  void seed(@Observes @Priority(SystemReady.DATA) SystemReady ready) {
    if (demo) {
      seedDemo("demo", "Demo User", Set.of(Account.ROLE_USER));
      seedDemo(
          "admin",
          "Demo Admin",
          new LinkedHashSet<>(List.of(Account.ROLE_USER, Account.ROLE_ADMIN)));
    }
    accountsFile.filter(f -> !f.isBlank()).ifPresent(file -> importFile(Path.of(file.trim())));
  }

  /** The password is the username: these accounts exist only in demo mode. */
  private void seedDemo(String username, String displayName, Set<String> roles) {
    if (accounts.byUsername(username).isEmpty()) {
      create(
          username, displayName, username + "@example.com", accounts.hash(username), roles, true);
    }
  }

  void importFile(Path file) {
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigurationProblem(
          FILE_KEY,
          "names "
              + file.toAbsolutePath()
              + ", which cannot be read ("
              + e.getClass().getSimpleName()
              + ")");
    }
    List<AccountsFile.Entry> entries;
    try {
      entries = AccountsFile.parse(json);
    } catch (AccountsFile.Invalid invalid) {
      throw new ConfigurationProblem(
          FILE_KEY,
          "names "
              + file.toAbsolutePath()
              + ", which is invalid:\n  - "
              + String.join("\n  - ", invalid.problems()));
    }
    int created = 0;
    for (AccountsFile.Entry entry : entries) {
      if (accounts.byUsername(entry.username()).isPresent()) {
        continue;
      }
      String hash =
          entry.passwordHash() != null ? entry.passwordHash() : accounts.hash(entry.password());
      if (create(
          entry.username(),
          entry.displayName(),
          entry.email(),
          hash,
          entry.roles(),
          entry.enabled())) {
        created++;
      }
    }
    int count = created;
    LOG.info(
        () ->
            "Accounts file "
                + file
                + ": "
                + count
                + " account(s) created, "
                + (entries.size() - count)
                + " already present");
  }

  private boolean create(
      String username,
      String displayName,
      String email,
      String hash,
      Set<String> roles,
      boolean enabled) {
    boolean created = accounts.createIfAbsent(username, displayName, email, hash, roles, enabled);
    if (created) {
      LOG.info(() -> "Created account " + username + " with roles " + roles);
    }
    return created;
  }
}
