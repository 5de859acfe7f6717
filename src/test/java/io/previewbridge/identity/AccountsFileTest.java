package io.previewbridge.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.previewbridge.identity.control.AccountsFile;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccountsFileTest {

  @Test
  void readsAccountsWithDefaults() {
    var entries =
        AccountsFile.parse(
            """
            [
              {"username": "jane", "displayName": "Jane Doe", "email": "jane@acme.com",
               "password": "correct horse", "roles": ["user", "admin"]},
              {"username": "bob",
               "passwordHash": "PBKDF2WithHmacSHA512:210000:c2FsdA==:aGFzaA=="}
            ]
            """);
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).roles()).containsExactly("user", "admin");
    assertThat(entries.get(0).password()).isEqualTo("correct horse");
    assertThat(entries.get(1).displayName()).isEqualTo("bob");
    assertThat(entries.get(1).roles()).isEqualTo(Set.of("user"));
    assertThat(entries.get(1).passwordHash()).startsWith("PBKDF2WithHmacSHA512:");
    assertThat(entries.get(0).toString()).doesNotContain("correct horse");
    assertThat(entries.get(0).enabled()).isTrue();
    assertThat(
            AccountsFile.parse("[{\"username\":\"x\",\"password\":\"abcd\",\"enabled\":false}]")
                .get(0)
                .enabled())
        .isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{}                                                            | $: must be a JSON array",
        "[1                                                            | $: not valid JSON",
        "[\"jane\"]                                                    | $[0]: must be an object",
        "[{\"password\":\"abcd\"}]                                     | $[0].username: is required",
        "[{\"username\":\"-x\",\"password\":\"abcd\"}]                 | $[0].username: must be",
        "[{\"username\":\"jane\"}]                                     | $[0]: needs exactly one of password and passwordHash",
        "[{\"username\":\"jane\",\"password\":\"abcd\",\"passwordHash\":\"x\"}] | $[0]: needs exactly one",
        "[{\"username\":\"jane\",\"passwordHash\":\"md5:abc\"}]        | $[0].passwordHash: must be a Pbkdf2PasswordHash value",
        "[{\"username\":\"jane\",\"password\":\"abcd\",\"roles\":[\"root\"]}] | $[0].roles[0]: must be one of",
        "[{\"username\":\"jane\",\"password\":\"abcd\",\"roles\":\"user\"}]  | $[0].roles: must be an array",
        "[{\"username\":\"jane\",\"password\":4}]                      | $[0].password: must be a string",
        "[{\"username\":\"jane\",\"password\":\"abcd\",\"enabled\":\"no\"}] | $[0].enabled: must be true or false",
        "[{\"username\":\"jane\",\"password\":\"abcd\",\"pasword\":\"x\"}] | $[0].pasword: unknown field",
      })
  void namesTheJsonPathOfEveryProblem(String json, String expected) {
    assertThatThrownBy(() -> AccountsFile.parse(json))
        .isInstanceOfSatisfying(
            AccountsFile.Invalid.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(p -> assertThat(p).startsWith(expected.trim())));
  }

  @Test
  void reportsAllProblemsAtOnceIncludingDuplicates() {
    assertThatThrownBy(
            () ->
                AccountsFile.parse(
                    "[{\"username\":\"a\",\"password\":\"abcd\"},{\"username\":\"a\",\"password\":\"abcd\"},{\"password\":\"abcd\"}]"))
        .isInstanceOfSatisfying(
            AccountsFile.Invalid.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "$[1].username: \"a\" appears more than once",
                        "$[2].username: is required"));
  }
}
