package io.previewbridge.identity.control;

import io.previewbridge.platform.entity.JsonP;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the accounts file ({@code previewbridge.accounts-file}): how a production server gets its
 * first accounts without a console. A JSON array of {@code {username, displayName, email, password
 * | passwordHash, roles, enabled}}; every problem is reported with its JSON path, all at once.
 */
public final class AccountsFile {

  /** One account to create. Exactly one of password and passwordHash is set. */
  public record Entry(
      String username,
      String displayName,
      String email,
      String password,
      String passwordHash,
      Set<String> roles,
      boolean enabled) {

    @Override
    public String toString() {
      return "Entry[username=" + username + ", roles=" + roles + "]";
    }
  }

  /** What is wrong with the file, one line per problem, each naming its JSON path. */
  public static class Invalid extends RuntimeException {
    private final List<String> problems;

    Invalid(List<String> problems) {
      super(String.join("; ", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }

  static final Set<String> KNOWN_ROLES = Set.of("user", "admin");
  private static final Set<String> FIELDS =
      Set.of("username", "displayName", "email", "password", "passwordHash", "roles", "enabled");

  private AccountsFile() {}

  public static List<Entry> parse(String json) {
    JsonArray array;
    try (var reader = JsonP.createReader(new StringReader(json))) {
      JsonValue value = reader.readValue();
      if (value.getValueType() != JsonValue.ValueType.ARRAY) {
        throw new Invalid(List.of("$: must be a JSON array of accounts"));
      }
      array = value.asJsonArray();
    } catch (JsonParsingException e) {
      var location = e.getLocation();
      throw new Invalid(
          List.of(
              "$: not valid JSON"
                  + (location == null
                      ? ""
                      : " (line "
                          + location.getLineNumber()
                          + ", column "
                          + location.getColumnNumber()
                          + ")")));
    } catch (JsonException e) {
      throw new Invalid(List.of("$: not valid JSON"));
    }
    List<String> problems = new ArrayList<>();
    List<Entry> entries = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String path = "$[" + i + "]";
      if (array.get(i).getValueType() != JsonValue.ValueType.OBJECT) {
        problems.add(path + ": must be an object");
        continue;
      }
      JsonObject object = array.getJsonObject(i);
      int before = problems.size();
      for (String key : object.keySet()) {
        if (!FIELDS.contains(key)) {
          problems.add(
              path
                  + "."
                  + key
                  + ": unknown field (expected one of "
                  + new java.util.TreeSet<>(FIELDS)
                  + ")");
        }
      }
      String username = string(object, "username", path, problems);
      if (username == null) {
        problems.add(path + ".username: is required");
      } else if (!Accounts.USERNAME.matcher(username).matches()) {
        problems.add(
            path
                + ".username: must be 1-100 letters, digits or . _ @ + - (starting with a letter or digit)");
      } else if (!seen.add(username)) {
        problems.add(path + ".username: \"" + username + "\" appears more than once");
      }
      String displayName = string(object, "displayName", path, problems);
      String email = string(object, "email", path, problems);
      String password = string(object, "password", path, problems);
      String passwordHash = string(object, "passwordHash", path, problems);
      if ((password == null) == (passwordHash == null)) {
        problems.add(path + ": needs exactly one of password and passwordHash");
      } else if (password != null && password.length() < 4) {
        problems.add(path + ".password: must have at least 4 characters");
      } else if (passwordHash != null && !Accounts.PBKDF2_HASH.matcher(passwordHash).matches()) {
        problems.add(
            path
                + ".passwordHash: must be a Pbkdf2PasswordHash value (PBKDF2WithHmacSHA512:iterations:salt:hash)");
      }
      Set<String> roles = roles(object, path, problems);
      boolean enabled = true;
      JsonValue enabledValue = object.get("enabled");
      if (enabledValue != null && enabledValue.getValueType() != JsonValue.ValueType.NULL) {
        if (enabledValue.getValueType() == JsonValue.ValueType.FALSE) {
          enabled = false;
        } else if (enabledValue.getValueType() != JsonValue.ValueType.TRUE) {
          problems.add(path + ".enabled: must be true or false");
        }
      }
      if (problems.size() == before) {
        entries.add(
            new Entry(
                username,
                displayName == null || displayName.isBlank() ? username : displayName,
                email,
                password,
                passwordHash,
                roles,
                enabled));
      }
    }
    if (!problems.isEmpty()) {
      throw new Invalid(problems);
    }
    return entries;
  }

  private static String string(JsonObject object, String key, String path, List<String> problems) {
    JsonValue value = object.get(key);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (value instanceof JsonString text) {
      return text.getString();
    }
    problems.add(path + "." + key + ": must be a string");
    return null;
  }

  private static Set<String> roles(JsonObject object, String path, List<String> problems) {
    JsonValue value = object.get("roles");
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return Set.of("user");
    }
    if (value.getValueType() != JsonValue.ValueType.ARRAY) {
      problems.add(path + ".roles: must be an array of role names");
      return Set.of();
    }
    Set<String> roles = new LinkedHashSet<>();
    JsonArray array = value.asJsonArray();
    for (int r = 0; r < array.size(); r++) {
      JsonValue role = array.get(r);
      if (!(role instanceof JsonString name) || !KNOWN_ROLES.contains(name.getString())) {
        problems.add(
            path + ".roles[" + r + "]: must be one of " + new java.util.TreeSet<>(KNOWN_ROLES));
      } else {
        roles.add(name.getString());
      }
    }
    return roles;
  }
}
