package io.previewbridge.identity.control;

import io.previewbridge.identity.entity.Account;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a person from the claims the identity provider vouched for (the ID token's, completed by
 * UserInfo where the ID token lacks one): username, display name, email and groups, under the claim
 * names of {@link IdentitySettings.ClaimNames}; and derives the roles PreviewBridge gives them.
 * Pure, so every provider's shape is a unit test.
 *
 * <p>A claim name may be a dotted path into nested claims ({@code realm_access.roles} in Keycloak).
 * Groups may come as an array or as one string; Keycloak's full group paths ({@code /admins}) match
 * a configured {@code admins} and the other way round.
 */
public final class ClaimMapping {

  /** The person as the provider describes them. */
  public record Person(
      String subject, String username, String displayName, String email, List<String> groups) {
    public Person {
      groups = List.copyOf(groups);
    }
  }

  private ClaimMapping() {}

  public static Person read(
      Map<String, Object> claims, IdentitySettings.ClaimNames names, String subject) {
    String email = text(claims, names.email()).filter(e -> e.contains("@")).orElse(null);
    String username =
        text(claims, names.username()).or(() -> Optional.ofNullable(email)).orElse(subject);
    String displayName =
        text(claims, names.displayName())
            .or(
                () -> {
                  String given = text(claims, "given_name").orElse("");
                  String family = text(claims, "family_name").orElse("");
                  String both = (given + " " + family).trim();
                  return both.isEmpty() ? Optional.empty() : Optional.of(both);
                })
            .orElse(username);
    return new Person(
        subject,
        usernameOf(username),
        cut(displayName, 200),
        email,
        groups(claims, names.groups()));
  }

  /**
   * {@code user} for everyone; {@code admin} too for members of {@code adminGroup} and for the
   * people {@code adminUsers} names (by username or email, any case).
   */
  public static Set<String> roles(
      Person person, Optional<String> adminGroup, Set<String> adminUsers) {
    Set<String> roles = new LinkedHashSet<>();
    roles.add(Account.ROLE_USER);
    boolean admin =
        adminGroup.map(group -> inGroup(person.groups(), group)).orElse(false)
            || adminUsers.contains(person.username().toLowerCase(Locale.ROOT))
            || (person.email() != null
                && adminUsers.contains(person.email().toLowerCase(Locale.ROOT)));
    if (admin) {
      roles.add(Account.ROLE_ADMIN);
    }
    return roles;
  }

  /** Whether {@code groups} contains {@code group}, a Keycloak full path matching its name. */
  public static boolean inGroup(List<String> groups, String group) {
    String wanted = group.trim();
    for (String g : groups) {
      if (g.equals(wanted)
          || (g.startsWith("/") && g.substring(1).equals(wanted))
          || (wanted.startsWith("/") && wanted.substring(1).equals(g))) {
        return true;
      }
    }
    return false;
  }

  /**
   * A username the rest of PreviewBridge accepts ({@code Accounts.USERNAME}): characters outside
   * letters, digits and {@code ._@+-} become {@code _}, at most 100, starting with a letter or
   * digit.
   */
  static String usernameOf(String raw) {
    StringBuilder name = new StringBuilder();
    for (char c : raw.trim().toCharArray()) {
      boolean plain =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || ".-_@+".indexOf(c) >= 0;
      name.append(plain ? c : '_');
      if (name.length() == 100) {
        break;
      }
    }
    while (name.length() > 0 && !Character.isLetterOrDigit(name.charAt(0))) {
      name.deleteCharAt(0);
    }
    return name.length() == 0 ? "user" : name.toString();
  }

  private static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "\u2026";
  }

  private static Optional<Object> claim(Map<String, Object> claims, String path) {
    if (path == null || path.isBlank()) {
      return Optional.empty();
    }
    if (claims.containsKey(path)) {
      return Optional.ofNullable(claims.get(path));
    }
    Object current = claims;
    for (String part : path.split("\\.")) {
      if (!(current instanceof Map<?, ?> map)) {
        return Optional.empty();
      }
      current = map.get(part);
    }
    return Optional.ofNullable(current);
  }

  private static Optional<String> text(Map<String, Object> claims, String path) {
    return claim(claims, path)
        .filter(v -> v instanceof String || v instanceof Number)
        .map(v -> v.toString().trim())
        .filter(v -> !v.isEmpty());
  }

  private static List<String> groups(Map<String, Object> claims, String path) {
    Optional<Object> value = claim(claims, path);
    List<String> groups = new ArrayList<>();
    if (value.isPresent() && value.get() instanceof Collection<?> many) {
      for (Object g : many) {
        if (g instanceof String s && !s.isBlank()) {
          groups.add(s.trim());
        }
      }
    } else if (value.isPresent() && value.get() instanceof String one) {
      for (String g : one.split(",")) {
        if (!g.isBlank()) {
          groups.add(g.trim());
        }
      }
    }
    return groups;
  }
}
