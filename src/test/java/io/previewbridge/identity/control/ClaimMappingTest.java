package io.previewbridge.identity.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.previewbridge.identity.control.ClaimMapping.Person;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Claims of the providers the README documents, read into a person and their roles. */
class ClaimMappingTest {

  static final IdentitySettings.ClaimNames DEFAULTS =
      new IdentitySettings.ClaimNames("preferred_username", "name", "email", "groups");

  static Stream<Arguments> providers() {
    return Stream.of(
        Arguments.of(
            "Keycloak (group mapper, full path off)",
            DEFAULTS,
            Map.of(
                "sub", "f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
                "preferred_username", "alice",
                "name", "Alice Anderson",
                "email", "alice@acme.test",
                "groups", List.of("staff", "admins")),
            new Person(
                "f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
                "alice",
                "Alice Anderson",
                "alice@acme.test",
                List.of("staff", "admins"))),
        Arguments.of(
            "Keycloak realm roles as groups (claims.groups=realm_access.roles)",
            new IdentitySettings.ClaimNames(
                "preferred_username", "name", "email", "realm_access.roles"),
            Map.of(
                "preferred_username",
                "bob",
                "realm_access",
                Map.of("roles", List.of("offline_access", "previewbridge-admin"))),
            new Person(
                "sub-bob", "bob", "bob", null, List.of("offline_access", "previewbridge-admin"))),
        Arguments.of(
            "Microsoft Entra ID (preferred_username is the UPN, groups are object ids)",
            DEFAULTS,
            Map.of(
                "preferred_username", "carol@contoso.onmicrosoft.com",
                "name", "Carol Clark",
                "email", "carol@contoso.com",
                "groups", List.of("3f2504e0-4f89-11d3-9a0c-0305e82c3301")),
            new Person(
                "sub-carol",
                "carol@contoso.onmicrosoft.com",
                "Carol Clark",
                "carol@contoso.com",
                List.of("3f2504e0-4f89-11d3-9a0c-0305e82c3301"))),
        Arguments.of(
            "Okta (groups claim as configured on the authorization server)",
            DEFAULTS,
            Map.of(
                "preferred_username", "dave@acme.okta.com",
                "given_name", "Dave",
                "family_name", "Davis",
                "email", "dave@acme.com",
                "groups", List.of("Everyone", "PreviewBridge Admins")),
            new Person(
                "sub-dave",
                "dave@acme.okta.com",
                "Dave Davis",
                "dave@acme.com",
                List.of("Everyone", "PreviewBridge Admins"))),
        Arguments.of(
            "Google Workspace (no username claim, no groups: the email names the person)",
            DEFAULTS,
            Map.of(
                "email", "erin@acme.com",
                "email_verified", true,
                "name", "Erin Evans",
                "hd", "acme.com"),
            new Person("sub-erin", "erin@acme.com", "Erin Evans", "erin@acme.com", List.of())),
        Arguments.of(
            "nothing but the subject",
            DEFAULTS,
            Map.of(),
            new Person("248289761001", "248289761001", "248289761001", null, List.of())),
        Arguments.of(
            "groups as one comma-separated string, a username with spaces",
            DEFAULTS,
            Map.of("preferred_username", "Frank Foster", "groups", "staff, admins"),
            new Person(
                "sub-frank", "Frank_Foster", "Frank Foster", null, List.of("staff", "admins"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void readsThePerson(
      String provider,
      IdentitySettings.ClaimNames names,
      Map<String, Object> claims,
      Person expected) {
    Person person = ClaimMapping.read(claims, names, expected.subject());
    assertThat(person).isEqualTo(expected);
  }

  @Test
  void anEmailWithoutAnAtIsNoEmail() {
    Person person = ClaimMapping.read(Map.of("email", "not-an-address", "sub", "x"), DEFAULTS, "x");
    assertThat(person.email()).isNull();
  }

  @ParameterizedTest(name = "groups {0}, admin group {1} -> admin {2}")
  @CsvSource({
    "'staff,admins', admins, true",
    "'staff', admins, false",
    "'/admins', admins, true",
    "'admins', /admins, true",
    "'/acme/admins', admins, false",
    "'Admins', admins, false",
    "'', admins, false"
  })
  void theAdminGroupGivesTheAdminRole(String groups, String adminGroup, boolean admin) {
    Person person =
        new Person(
            "s",
            "someone",
            "Someone",
            null,
            Stream.of(groups.split(",")).filter(g -> !g.isBlank()).toList());
    Set<String> roles = ClaimMapping.roles(person, Optional.of(adminGroup), Set.of());
    assertThat(roles).contains("user");
    assertThat(roles.contains("admin")).isEqualTo(admin);
  }

  @Test
  void adminUsersNameAdminsByUsernameOrEmailWhateverTheirGroups() {
    Person byEmail = new Person("s1", "erin@acme.com", "Erin", "Erin@Acme.com", List.of());
    Person byName = new Person("s2", "frank", "Frank", null, List.of());
    Person other = new Person("s3", "gina", "Gina", "gina@acme.com", List.of("staff"));
    Set<String> admins = Set.of("erin@acme.com", "frank");
    assertThat(ClaimMapping.roles(byEmail, Optional.empty(), admins)).contains("admin");
    assertThat(ClaimMapping.roles(byName, Optional.empty(), admins)).contains("admin");
    assertThat(ClaimMapping.roles(other, Optional.of("admins"), admins)).containsExactly("user");
  }

  @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
  @CsvSource({
    "alice, alice",
    "alice@acme.test, alice@acme.test",
    "'  Jörg Müller ', J_rg_M_ller",
    "'__x', x",
    "'---', user"
  })
  void usernamesAreMadePlain(String raw, String expected) {
    assertThat(ClaimMapping.usernameOf(raw)).isEqualTo(expected);
  }
}
