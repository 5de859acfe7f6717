package io.previewbridge.credentials.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import io.previewbridge.credentials.entity.AuthServer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The identity provider read from configuration, its scopes and how PreviewBridge authenticates.
 */
class AuthServersTest {

  @Test
  void theIdentityProviderExistsOnlyOutsideBuiltInModeWithAnIssuer() {
    assertThat(
            AuthServers.identityProviderOf(
                "built-in",
                Optional.of("https://kc/realms/acme"),
                Optional.of("pb"),
                Optional.empty(),
                "openid",
                Optional.empty()))
        .isEmpty();
    assertThat(
            AuthServers.identityProviderOf(
                "oidc",
                Optional.of(" "),
                Optional.of("pb"),
                Optional.empty(),
                "openid",
                Optional.empty()))
        .isEmpty();
    AuthServer idp =
        AuthServers.identityProviderOf(
                "both",
                Optional.of(" https://kc/realms/acme "),
                Optional.of("pb"),
                Optional.of("s3cr3t"),
                "openid, profile  email offline_access openid",
                Optional.of("access_type=offline, prompt=consent,hd="))
            .orElseThrow();
    assertThat(idp.isIdentityProvider()).isTrue();
    assertThat(idp.issuer()).contains("https://kc/realms/acme");
    assertThat(idp.scopes()).containsExactly("openid", "profile", "email", "offline_access");
    assertThat(idp.authParams())
        .containsOnly(
            Map.entry("access_type", "offline"),
            Map.entry("prompt", "consent"),
            Map.entry("hd", ""));
    assertThat(idp.toString()).doesNotContain("s3cr3t").contains("clientSecret=***");
  }

  @Test
  void offlineAccessIsLeftOutWhereTheServerDoesNotOfferIt() {
    AuthServers servers = new AuthServers();
    AuthServer idp = server(Optional.of("secret"));
    assertThat(
            servers.scopes(
                idp, metadata(Optional.of(Scope.parse("openid email profile")), List.of())))
        .containsExactlyInAnyOrderElementsOf(Scope.parse("openid email profile"));
    assertThat(
            servers.scopes(
                idp, metadata(Optional.of(Scope.parse("openid email offline_access")), List.of())))
        .contains(new Scope.Value("offline_access"));
    assertThat(servers.scopes(idp, metadata(Optional.empty(), List.of())))
        .contains(new Scope.Value("offline_access"));
  }

  @Test
  void theSecretGoesInBasicUnlessTheServerOnlyTakesItInTheBody() {
    AuthServers servers = new AuthServers();
    assertThat(
            servers.clientAuthentication(
                server(Optional.of("s")), metadata(Optional.empty(), List.of())))
        .containsInstanceOf(ClientSecretBasic.class);
    assertThat(
            servers.clientAuthentication(
                server(Optional.of("s")),
                metadata(Optional.empty(), List.of(ClientAuthenticationMethod.CLIENT_SECRET_POST))))
        .containsInstanceOf(ClientSecretPost.class);
    assertThat(
            servers.clientAuthentication(
                server(Optional.empty()), metadata(Optional.empty(), List.of())))
        .as("a public client proves itself with PKCE alone")
        .isEmpty();
  }

  static AuthServer server(Optional<String> secret) {
    return new AuthServer(
        "idp",
        "the identity provider",
        Optional.of("https://kc/realms/acme"),
        Optional.empty(),
        Optional.empty(),
        "pb",
        secret,
        List.of("openid", "email", "profile", "offline_access"),
        Map.of());
  }

  static AuthServers.Metadata metadata(
      Optional<Scope> scopes, List<ClientAuthenticationMethod> methods) {
    return new AuthServers.Metadata(
        Optional.empty(),
        URI.create("https://kc/auth"),
        URI.create("https://kc/token"),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        scopes,
        methods,
        false);
  }
}
