package io.previewbridge.identity;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import io.previewbridge.testing.AcmeTracker;
import io.previewbridge.testing.Deployments;
import io.previewbridge.testing.Keycloak;
import io.previewbridge.testing.PayaraMicroProcess;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * What PreviewBridge, as a relying party, does with an answer it must not trust. The identity
 * provider is the real Keycloak; its token endpoint is reached through a proxy in the middle
 * ({@link TokenEndpointInTheMiddle}, named in the discovery document PreviewBridge is pointed at
 * with {@code previewbridge.identity.oidc.discovery-url}) that changes the ID token as each test
 * asks. Every such sign-in gets a page that says it failed, and none creates an account.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignInAttacksIT {

  final WireMockServer middle =
      new WireMockServer(options().dynamicPort().extensions(new TokenEndpointInTheMiddle()));
  Keycloak keycloak;
  PayaraMicroProcess micro;
  String base;
  SsoSession console;

  @RegisterExtension final TestWatcher logOnFailure = PayaraMicroProcess.logOnFailure(() -> micro);

  @BeforeAll
  void start() throws Exception {
    keycloak = Keycloak.shared();
    middle.start();
    String tokenPath =
        URI.create(keycloak.issuer(Keycloak.COMPANY_REALM) + "/protocol/openid-connect/token")
            .getPath();
    String discovery =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(keycloak.discoveryUrl(Keycloak.COMPANY_REALM)))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body()
            .replace(
                "\"token_endpoint\":\"" + keycloak.baseUrl() + tokenPath + "\"",
                "\"token_endpoint\":\"" + middle.baseUrl() + tokenPath + "\"");
    assertThat(discovery).contains(middle.baseUrl() + tokenPath);
    middle.stubFor(get(urlPathEqualTo("/discovery")).willReturn(AcmeTracker.json(discovery)));
    middle.stubFor(
        post(urlPathEqualTo(tokenPath))
            .willReturn(
                aResponse()
                    .proxiedFrom(keycloak.baseUrl())
                    .withTransformers("token-endpoint-in-the-middle")));
    AcmeTracker tracker = new AcmeTracker(middle);

    PayaraMicroProcess.Builder server = PayaraMicroProcess.builder("sign-in-attacks");
    base = "http://127.0.0.1:" + server.port();
    Map<String, String> config = Deployments.baseConfig();
    config.put("previewbridge.public-url", base);
    config.put("previewbridge.data-dir", server.workDirectory().resolve("data").toString());
    config.put("previewbridge.sources", tracker.sourcesFile("Acme Test").toString());
    config.put("previewbridge.notion.api-url", middle.baseUrl());
    config.put("previewbridge.identity.mode", "oidc");
    config.put("previewbridge.identity.oidc.issuer", keycloak.issuer(Keycloak.COMPANY_REALM));
    config.put("previewbridge.identity.oidc.discovery-url", middle.baseUrl() + "/discovery");
    config.put("previewbridge.identity.oidc.client-id", "previewbridge");
    config.put("previewbridge.identity.oidc.client-secret", "previewbridge-secret");
    config.put("previewbridge.identity.oidc.admin-group", "admins");
    config.forEach(server::systemProperty);
    server.deployAtContextRoot(PayaraMicroProcess.previewBridgeWar(), "/");
    micro = server.start();
    micro.awaitReady(PayaraMicroProcess.STARTUP_TIMEOUT, "/health/ready");
    console = new SsoSession(base, keycloak);
    assertThat(console.signIn("admin", "carol", "carol-password").statusCode()).isEqualTo(303);
  }

  @AfterEach
  void passAgain() {
    TokenEndpointInTheMiddle.mode = TokenEndpointInTheMiddle.Mode.PASS;
  }

  @AfterAll
  void stop() throws Exception {
    if (micro != null) {
      micro.close();
    }
    middle.stop();
  }

  @Test
  void onlyTheProviderSignsPeopleInHere() throws Exception {
    SsoSession anyone = new SsoSession(base, keycloak);
    HttpResponse<String> signIn = anyone.get("/signin?next=account");
    assertThat(signIn.statusCode()).isEqualTo(303);
    assertThat(signIn.headers().firstValue("Location").orElseThrow())
        .isEqualTo("/signin/oidc?next=account");
    HttpResponse<String> password =
        anyone.http.send(
            HttpRequest.newBuilder(URI.create(base + "/signin"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=admin"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(password.statusCode()).isEqualTo(403);
    assertThat(page(password).title()).startsWith("Password sign-in is off");
  }

  @Test
  void anIdTokenWithATamperedSignatureIsRefused() throws Exception {
    TokenEndpointInTheMiddle.mode = TokenEndpointInTheMiddle.Mode.TAMPER_SIGNATURE;
    assertRefused("bob", "bob-password", 401, "Sign-in could not be verified");
  }

  @Test
  void anIdTokenOfAnotherSignInIsRefusedByItsNonce() throws Exception {
    SsoSession alice = new SsoSession(base, keycloak);
    assertThat(alice.signIn("account", "alice", "alice-password").statusCode()).isEqualTo(303);
    TokenEndpointInTheMiddle.replacement = TokenEndpointInTheMiddle.lastIdToken;
    TokenEndpointInTheMiddle.mode = TokenEndpointInTheMiddle.Mode.REPLACE;

    Document refused = assertRefused("bob", "bob-password", 401, "Sign-in could not be verified");
    assertThat(refused.getElementById("message").text()).containsIgnoringCase("nonce");
    assertThat(accounts()).contains("alice");
  }

  @Test
  void anIdTokenFromAnotherIssuerIsRefused() throws Exception {
    TokenEndpointInTheMiddle.replacement = idTokenOfTheProductRealm();
    TokenEndpointInTheMiddle.mode = TokenEndpointInTheMiddle.Mode.REPLACE;
    assertRefused("bob", "bob-password", 401, "Sign-in could not be verified");
  }

  @Test
  void aProviderThatFailsGetsAPageThatSaysSo() throws Exception {
    TokenEndpointInTheMiddle.mode = TokenEndpointInTheMiddle.Mode.DOWN;
    assertRefused("bob", "bob-password", 502, "The identity provider cannot be reached");
  }

  /** Bob's sign-in fails with this status and page title, and he gets no account. */
  Document assertRefused(String username, String password, int status, String title)
      throws Exception {
    List<String> before = accounts();
    SsoSession person = new SsoSession(base, keycloak);
    HttpResponse<String> answer = person.signIn("account", username, password);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
    Document page = page(answer);
    assertThat(page.title()).startsWith(title);
    assertThat(page.getElementById("next").attr("href")).isEqualTo("/signin?retry=1");
    assertThat(person.get("/account").statusCode()).as("not signed in").isEqualTo(303);
    TokenEndpointInTheMiddle.mode = TokenEndpointInTheMiddle.Mode.PASS;
    assertThat(accounts()).isEqualTo(before).doesNotContain(username);
    assertThat(micro.logText()).doesNotContain("at io.previewbridge.identity");
    return page;
  }

  List<String> accounts() throws Exception {
    return console
        .json("/api/admin/accounts")
        .getJsonArray("items")
        .getValuesAs(JsonObject.class)
        .stream()
        .map(a -> a.getString("username"))
        .sorted()
        .toList();
  }

  static Document page(HttpResponse<String> response) {
    return Jsoup.parse(response.body());
  }

  /** A genuine ID token of the product realm (another issuer, another client), for alice. */
  String idTokenOfTheProductRealm() throws Exception {
    String issuer = keycloak.issuer(Keycloak.PRODUCT_REALM);
    URI callback = URI.create("http://127.0.0.1:1/cb");
    CodeVerifier verifier = new CodeVerifier();
    AuthenticationRequest request =
        new AuthenticationRequest.Builder(
                ResponseType.CODE,
                new Scope("openid"),
                new ClientID("previewbridge-link"),
                callback)
            .endpointURI(URI.create(issuer + "/protocol/openid-connect/auth"))
            .state(new State())
            .nonce(new Nonce())
            .codeChallenge(verifier, CodeChallengeMethod.S256)
            .build();
    String back =
        keycloak.newLogin().signIn(request.toURI().toString(), "alice", "alice-product-password");
    String code = SingleSignOnIT.query(back).get("code");
    OIDCTokenResponse tokens =
        (OIDCTokenResponse)
            OIDCTokenResponseParser.parse(
                    new TokenRequest(
                            URI.create(issuer + "/protocol/openid-connect/token"),
                            new ClientSecretBasic(
                                new ClientID("previewbridge-link"),
                                new Secret("previewbridge-link-secret")),
                            new AuthorizationCodeGrant(
                                new AuthorizationCode(code), callback, verifier))
                        .toHTTPRequest()
                        .send())
                .toSuccessResponse();
    return tokens.getOIDCTokens().getIDTokenString();
  }
}
