package io.previewbridge.admin.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The console's Content-Security-Policy lets the sign-out form go on to the provider, only. */
class AdminPagesPolicyTest {

  @Test
  void withoutAProviderFormsStayOnThisServer() {
    assertThat(AdminPages.policy(Optional.empty())).contains("form-action 'self';");
  }

  @Test
  void theProvidersOriginJoinsTheFormTargets() {
    assertThat(AdminPages.policy(Optional.of("https://sso.acme.com/realms/acme")))
        .contains("form-action 'self' https://sso.acme.com;")
        .contains("frame-ancestors 'none'");
    assertThat(AdminPages.policy(Optional.of(" http://127.0.0.1:8180/realms/x ")))
        .contains("form-action 'self' http://127.0.0.1:8180;");
    assertThat(AdminPages.policy(Optional.of("not a url"))).contains("form-action 'self';");
  }
}
