package io.previewbridge.admin.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.previewbridge.platform.control.InvalidInput;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdminAccountsTest {

  @Test
  void aWellFormedAccountHasNoProblem() {
    assertThat(
            AdminAccounts.check(
                new AdminAccounts.NewAccount(
                    "jane.doe", "Jane", "jane@example.com", "long enough", List.of("user"))))
        .isEmpty();
    assertThat(AdminAccounts.check(new AdminAccounts.NewAccount("bob", null, null, null, null)))
        .as("no password: one is generated; no roles: user")
        .isEmpty();
  }

  @Test
  void everyProblemIsNamedByItsField() {
    List<InvalidInput.Violation> problems =
        AdminAccounts.check(
            new AdminAccounts.NewAccount(
                "-bad name", "x".repeat(201), "not-an-email", "short", List.of("user", "root")));
    assertThat(problems)
        .extracting(InvalidInput.Violation::field)
        .containsExactly("username", "displayName", "email", "password", "roles[1]");
    assertThat(problems.get(3).message()).isEqualTo("must have at least 8 characters");
    assertThat(problems.get(4).message()).isEqualTo("must be one of [admin, user]");
  }

  @Test
  void aUsernameAndAtLeastOneRoleAreRequired() {
    assertThat(AdminAccounts.check(new AdminAccounts.NewAccount(" ", null, null, null, List.of())))
        .extracting(InvalidInput.Violation::field, InvalidInput.Violation::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("username", "is required"),
            org.assertj.core.groups.Tuple.tuple("roles", "must name at least one role"));
  }

  @Test
  void generatedPasswordsAreLongEnoughAndDiffer() {
    String one = AdminAccounts.generatedPassword();
    assertThat(one).hasSize(16);
    assertThat(AdminAccounts.passwordProblem(one)).isEmpty();
    assertThat(AdminAccounts.generatedPassword()).isNotEqualTo(one);
  }

  @Test
  void likePatternsTakeWildcardsLiterally() {
    assertThat(AdminPreviews.likeEscaped("50%_off\\")).isEqualTo("50\\%\\_off\\\\");
  }
}
