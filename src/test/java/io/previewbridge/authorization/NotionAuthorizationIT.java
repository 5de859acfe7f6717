package io.previewbridge.authorization;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.BasicCredentials;
import com.nimbusds.jwt.SignedJWT;
import io.previewbridge.authorization.control.AccessTokens;
import io.previewbridge.authorization.control.SigningKeyPair;
import io.previewbridge.testing.Deployments;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URL;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The authorization flow as Notion drives it, over real HTTP against the real WAR on Payara Micro,
 * with WireMock playing Notion's API. The browser is a cookie-keeping HttpClient that does not
 * follow redirects, so every redirect is asserted.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class NotionAuthorizationIT {

  static final String NOTION_REDIRECT = "https://notion.so/externalIntegrationAuthCallback";
  static final String WORKSPACE = "Acme <Team> Space";
  static final WireMockServer NOTION = new WireMockServer(options().dynamicPort());
  static final Path ACCOUNTS_FILE;

  static {
    NOTION.start();
    try {
      ACCOUNTS_FILE = Files.createTempFile("previewbridge-accounts", ".json");
      Files.writeString(
          ACCOUNTS_FILE,
          """
          [
            {"username": "jane", "displayName": "Jane Doe", "email": "jane@acme.test",
             "password": "jane-password", "roles": ["user"]},
            {"username": "off", "password": "off-password", "enabled": false}
          ]
          """);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Deployment(testable = false)
  static WebArchive deployment() {
    var config = Deployments.baseConfig();
    config.put("previewbridge.sources", "classpath:demo/sources.json");
    config.put("previewbridge.notion.api-url", "http://localhost:" + NOTION.port());
    config.put("previewbridge.accounts-file", ACCOUNTS_FILE.toString());
    config.put("previewbridge.accounts.password-iterations", "10000");
    return Deployments.previewBridge(config).addClass(TestProbeResource.class);
  }

  @ArquillianResource URL base;

  /** One browser: its own cookie jar, redirects not followed. */
  HttpClient browser;

  /** Notion's server side: no cookies. */
  final HttpClient notionServer =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeEach
  void freshBrowserAndNotion() {
    browser =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    NOTION.resetAll();
    NOTION.stubFor(
        post(urlEqualTo("/v1/oauth/token"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        Json.createObjectBuilder()
                            .add("access_token", "ntn_secret_notion_token")
                            .add("token_type", "bearer")
                            .add("bot_id", "bot-1")
                            .add("workspace_id", "ws-1")
                            .add("workspace_name", WORKSPACE)
                            .add("workspace_icon", "🚀")
                            .addNull("duplicated_template_id")
                            .build()
                            .toString())));
    NOTION.stubFor(
        post(urlEqualTo("/v1/oauth/token"))
            .atPriority(1)
            .withRequestBody(matchingJsonPath("$.code", equalTo("expired-notion-code")))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"object\":\"error\",\"status\":400,\"code\":\"invalid_grant\",\"message\":\"Invalid code.\"}")));
    NOTION.stubFor(
        post(urlEqualTo("/v1/oauth/revoke"))
            .willReturn(aResponse().withStatus(200).withBody("{}")));
  }

  // ---------------------------------------------------------------- the whole flow

  @Test
  void notionConnectsAndItsTokenOpensAProtectedResource() throws Exception {
    String state = "st@te/with spaces&more=1";
    String notionCode = UUID.randomUUID().toString();

    HttpResponse<String> authorize = get(browser, authorizeUrl(state, notionCode, NOTION_REDIRECT));
    assertThat(authorize.statusCode()).isEqualTo(303);
    HttpResponse<String> signInPage = get(browser, location(authorize));
    assertThat(signInPage.statusCode()).isEqualTo(200);
    assertThat(signInPage.body()).contains("Sign in").contains("name=\"password\"");

    HttpResponse<String> signedIn = signIn(signInPage, "jane", "jane-password");
    assertThat(signedIn.statusCode()).isEqualTo(303);
    HttpResponse<String> first = get(browser, location(signedIn));
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).contains("jane").contains("Continue").doesNotContain("Allow");
    NOTION.verify(
        0,
        postRequestedFor(urlEqualTo("/v1/oauth/token"))
            .withRequestBody(matchingJsonPath("$.code", equalTo(notionCode))));
    HttpResponse<String> consent = continued(first);
    assertThat(consent.statusCode()).isEqualTo(200);
    assertThat(consent.body())
        .as("the consent page names the workspace, HTML-escaped")
        .contains("Acme &lt;Team&gt; Space")
        .contains("Allow")
        .contains("Deny")
        .contains("jane");
    assertThat(consent.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(csp -> assertThat(csp).contains("frame-ancestors 'none'"));

    NOTION.verify(
        postRequestedFor(urlEqualTo("/v1/oauth/token"))
            .withBasicAuth(
                new BasicCredentials(
                    Deployments.NOTION_CLIENT_ID, Deployments.NOTION_CLIENT_SECRET))
            .withHeader("Content-Type", containing("application/json"))
            .withRequestBody(matchingJsonPath("$.grant_type", equalTo("authorization_code")))
            .withRequestBody(matchingJsonPath("$.code", equalTo(notionCode)))
            .withRequestBody(matchingJsonPath("$.external_account.key"))
            .withRequestBody(
                matchingJsonPath("$.external_account.name", containing("jane@acme.test"))));

    HttpResponse<String> allowed = decide(consent, "allow");
    assertThat(allowed.statusCode()).isEqualTo(303);
    Map<String, String> callback = query(location(allowed));
    assertThat(location(allowed)).startsWith(NOTION_REDIRECT + "?");
    assertThat(callback.get("state")).isEqualTo(state);
    assertThat(callback.get("code")).hasSizeGreaterThanOrEqualTo(22);

    HttpResponse<String> token =
        postForm(
            notionServer,
            "notion/token",
            null,
            Map.of(
                "grant_type",
                "authorization_code",
                "code",
                callback.get("code"),
                "redirect_uri",
                "notion.so/externalIntegrationAuthCallback",
                "client_id",
                Deployments.CLIENT_ID,
                "client_secret",
                Deployments.CLIENT_SECRET));
    assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
    assertThat(token.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(token.headers().firstValue("Pragma")).hasValue("no-cache");
    JsonObject tokens = json(token.body());
    assertThat(tokens.getString("token_type")).isEqualTo("bearer");
    assertThat(tokens.getInt("expires_in")).isEqualTo(3600);
    assertThat(tokens.getString("refresh_token")).isNotBlank();

    String accessToken = tokens.getString("access_token");
    var claims = SignedJWT.parse(accessToken).getJWTClaimsSet();
    assertThat(claims.getStringClaim("upn")).isEqualTo("jane");
    assertThat(claims.getStringListClaim("groups")).containsExactly("notion");

    HttpResponse<String> probe = bearer("test-probe", accessToken);
    assertThat(probe.statusCode()).as(probe.body()).isEqualTo(200);
    assertThat(probe.body()).isEqualTo(claims.getSubject());
  }

  @Test
  void reconnectingTheSameAccountToTheSameWorkspaceKeepsOneConnection() throws Exception {
    JsonObject first = tokensFor(connect("s1"));
    browser =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    JsonObject second = tokensFor(connect("s2"));
    assertThat(subject(second.getString("access_token")))
        .isEqualTo(subject(first.getString("access_token")));
  }

  @Test
  void aSignedInBrowserGoesStraightToConsent() throws Exception {
    connect("first");
    HttpResponse<String> again =
        get(browser, authorizeUrl("second", UUID.randomUUID().toString(), NOTION_REDIRECT));
    assertThat(again.statusCode()).isEqualTo(303);
    assertThat(location(again)).contains("/notion/authorize/consent?request=");
  }

  // ---------------------------------------------------------------- refresh, replay, deletion

  @Test
  void refreshRotatesTheRefreshToken() throws Exception {
    JsonObject tokens = tokensFor(connect("r"));
    String firstRefresh = tokens.getString("refresh_token");

    HttpResponse<String> refreshed = refresh(firstRefresh, true);
    assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
    JsonObject next = json(refreshed.body());
    assertThat(next.getString("refresh_token")).isNotEqualTo(firstRefresh);
    assertThat(next.getString("access_token")).isNotEqualTo(tokens.getString("access_token"));
    assertThat(bearer("test-probe", next.getString("access_token")).statusCode()).isEqualTo(200);

    HttpResponse<String> withSuccessor = refresh(next.getString("refresh_token"), false);
    assertThat(withSuccessor.statusCode()).isEqualTo(200);
    HttpResponse<String> withTheFirst = refresh(firstRefresh, true);
    assertThat(withTheFirst.statusCode())
        .as("two rotations later the first refresh token is gone")
        .isEqualTo(400);
    assertThat(json(withTheFirst.body()).getString("error")).isEqualTo("invalid_grant");
  }

  @Test
  void aReplayedCodeIsRefusedAndRevokesWhatItIssued() throws Exception {
    String code = connect("replay");
    JsonObject tokens = tokensFor(code);
    assertThat(bearer("test-probe", tokens.getString("access_token")).statusCode()).isEqualTo(200);

    HttpResponse<String> replay = exchange(code, NOTION_REDIRECT);
    assertThat(replay.statusCode()).isEqualTo(400);
    assertThat(json(replay.body()).getString("error")).isEqualTo("invalid_grant");

    HttpResponse<String> probe = bearer("test-probe", tokens.getString("access_token"));
    assertProblem(probe, 401);
    assertThat(probe.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(h -> assertThat(h).startsWith("Bearer").contains("invalid_token"));
    HttpResponse<String> refresh = refresh(tokens.getString("refresh_token"), true);
    assertThat(json(refresh.body()).getString("error")).isEqualTo("invalid_grant");
  }

  @Test
  void theDeletedTokenCallbackDisconnects() throws Exception {
    JsonObject tokens = tokensFor(connect("del"));
    String accessToken = tokens.getString("access_token");
    assertThat(bearer("test-probe", accessToken).statusCode()).isEqualTo(200);

    HttpResponse<String> deleted =
        send(
            notionServer,
            request("notion/deleted")
                .header("Authorization", "Bearer " + accessToken)
                .method("DELETE", HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(deleted.statusCode()).isEqualTo(200);

    assertProblem(bearer("test-probe", accessToken), 401);
    assertThat(json(refresh(tokens.getString("refresh_token"), true).body()).getString("error"))
        .isEqualTo("invalid_grant");

    HttpResponse<String> again =
        send(
            notionServer,
            request("notion/deleted")
                .header("Authorization", "Bearer " + accessToken)
                .method("DELETE", HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(again.statusCode()).as("idempotent").isEqualTo(200);
  }

  @Test
  void theDeletedTokenCallbackAcceptsARefreshTokenInTheHeaderOrTheBody() throws Exception {
    JsonObject byHeader = tokensFor(connect("h"));
    assertThat(bearer("test-probe", byHeader.getString("access_token")).statusCode())
        .isEqualTo(200);
    HttpResponse<String> header =
        send(
            notionServer,
            request("notion/deleted")
                .header("Authorization", "Bearer " + byHeader.getString("refresh_token"))
                .method("DELETE", HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(header.statusCode()).as(header.body()).isEqualTo(200);
    assertProblem(bearer("test-probe", byHeader.getString("access_token")), 401);
  }

  @Test
  void theDeletedTokenCallbackAcceptsAJsonBodyAndIgnoresGarbage() throws Exception {
    JsonObject tokens = tokensFor(connect("b"));
    assertThat(bearer("test-probe", tokens.getString("access_token")).statusCode()).isEqualTo(200);
    HttpResponse<String> body =
        send(
            notionServer,
            request("notion/deleted")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"access_token\":\"" + tokens.getString("access_token") + "\"}"))
                .build());
    assertThat(body.statusCode()).isEqualTo(200);
    assertProblem(bearer("test-probe", tokens.getString("access_token")), 401);

    for (String garbage : new String[] {"{not json", "token=%zz", "[]"}) {
      HttpResponse<String> response =
          send(
              notionServer,
              request("notion/deleted")
                  .header(
                      "Content-Type",
                      garbage.startsWith("token")
                          ? "application/x-www-form-urlencoded"
                          : "application/json")
                  .method("DELETE", HttpRequest.BodyPublishers.ofString(garbage))
                  .build());
      assertThat(response.statusCode()).as(garbage).isEqualTo(200);
    }
  }

  // ---------------------------------------------------------------- refusals

  @Test
  void theTokenEndpointRefusesBadClientsAndGrantsInRfc6749Terms() throws Exception {
    String code = connect("bad");

    HttpResponse<String> wrongSecret =
        postForm(
            notionServer,
            "notion/token",
            basic(Deployments.CLIENT_ID, "wrong"),
            Map.of(
                "grant_type", "authorization_code", "code", code, "redirect_uri", NOTION_REDIRECT));
    assertThat(wrongSecret.statusCode()).isEqualTo(401);
    assertThat(wrongSecret.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(h -> assertThat(h).startsWith("Basic"));
    assertThat(json(wrongSecret.body()).getString("error")).isEqualTo("invalid_client");
    assertThat(wrongSecret.headers().firstValue("Cache-Control")).hasValue("no-store");

    assertOAuthError(
        postForm(notionServer, "notion/token", clientBasic(), Map.of("grant_type", "password")),
        400,
        "unsupported_grant_type");
    assertOAuthError(
        postForm(notionServer, "notion/token", clientBasic(), Map.of("code", code)),
        400,
        "invalid_request");
    assertOAuthError(
        postRaw(
            "application/x-www-form-urlencoded",
            "grant_type=authorization_code&grant_type=refresh_token&code=x&redirect_uri=y"),
        400,
        "invalid_request");
    assertOAuthError(
        postRaw("application/x-www-form-urlencoded", "grant_type=authorization_code&code=%zz"),
        400,
        "invalid_request");
    assertOAuthError(postRaw("application/json", "{\"grant_type\": [1,2"), 400, "invalid_request");
    assertOAuthError(
        postForm(notionServer, "notion/token", null, Map.of("grant_type", "refresh_token")),
        401,
        "invalid_client");

    assertOAuthError(
        exchange(code, "https://evil.example/externalIntegrationAuthCallback"),
        400,
        "invalid_grant");
    assertOAuthError(exchange("not-a-code-we-issued", NOTION_REDIRECT), 400, "invalid_grant");
    assertThat(exchange(code, NOTION_REDIRECT).statusCode())
        .as("a wrong redirect_uri does not use the code up")
        .isEqualTo(200);
  }

  @Test
  void theTokenEndpointAlsoTakesJson() throws Exception {
    String code = connect("json");
    HttpResponse<String> response =
        postRaw(
            "application/json",
            Json.createObjectBuilder()
                .add("grant_type", "authorization_code")
                .add("code", code)
                .add("redirect_uri", NOTION_REDIRECT)
                .build()
                .toString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  @Test
  void authorizeNeverRedirectsToAForeignAddressOrForAnUnknownClient() throws Exception {
    for (String foreign :
        new String[] {
          "https://evil.example/externalIntegrationAuthCallback",
          "https://notion.so@evil.example/externalIntegrationAuthCallback",
          "https://notion.so.evil.example/externalIntegrationAuthCallback"
        }) {
      HttpResponse<String> response = get(browser, authorizeUrl("s", "c", foreign));
      assertThat(response.statusCode()).as(foreign).isEqualTo(400);
      assertThat(response.headers().firstValue("Location")).isEmpty();
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    }
    HttpResponse<String> unknownClient =
        get(
            browser,
            "notion/authorize?response_type=code&client_id=someone-else&state=s&code=c&redirect_uri="
                + encode(NOTION_REDIRECT));
    assertThat(unknownClient.statusCode()).isEqualTo(400);
    assertThat(unknownClient.headers().firstValue("Location")).isEmpty();
  }

  @Test
  void aBadResponseTypeIsReportedToNotionWithTheState() throws Exception {
    HttpResponse<String> response =
        get(
            browser,
            "notion/authorize?response_type=token&client_id="
                + Deployments.CLIENT_ID
                + "&state=s1&code=c&redirect_uri="
                + encode(NOTION_REDIRECT));
    assertThat(response.statusCode()).isEqualTo(303);
    assertThat(query(location(response)))
        .containsEntry("error", "unsupported_response_type")
        .containsEntry("state", "s1");
  }

  @Test
  void protectedResourcesAnswerProblemJsonWithoutOrWithAForgedToken() throws Exception {
    HttpResponse<String> none = send(notionServer, request("test-probe").GET().build());
    assertProblem(none, 401);
    assertThat(none.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(h -> assertThat(h).startsWith("Bearer"));

    String forged =
        AccessTokens.mint(
            SigningKeyPair.generate("forger"),
            new AccessTokens.Subject("conn", "grant", "acct", "jane"),
            Instant.now(),
            Duration.ofHours(1));
    HttpResponse<String> forgedResponse = bearer("test-probe", forged);
    assertProblem(forgedResponse, 401);
    assertThat(forgedResponse.body()).doesNotContain("<html");

    assertProblem(bearer("test-probe", "not-even-a-jwt"), 401);
  }

  @Test
  void denyingSendsAccessDeniedWithTheStateAndDiscardsNotionsToken() throws Exception {
    HttpResponse<String> consent = consentPage("deny-state", UUID.randomUUID().toString());
    HttpResponse<String> denied = decide(consent, "deny");
    assertThat(denied.statusCode()).isEqualTo(303);
    assertThat(location(denied)).startsWith(NOTION_REDIRECT + "?");
    assertThat(query(location(denied)))
        .containsEntry("error", "access_denied")
        .containsEntry("state", "deny-state");
    NOTION.verify(
        postRequestedFor(urlEqualTo("/v1/oauth/revoke"))
            .withBasicAuth(
                new BasicCredentials(
                    Deployments.NOTION_CLIENT_ID, Deployments.NOTION_CLIENT_SECRET))
            .withRequestBody(matchingJsonPath("$.token", equalTo("ntn_secret_notion_token"))));
  }

  @Test
  void aCrossSiteLinkExchangesNothingUntilThePersonActsAndAnAbandonedExchangeIsRevoked()
      throws Exception {
    connect("signed-in-first");
    String attackersCode = "attackers-" + UUID.randomUUID();
    // what a link on another site makes the signed-in person's browser do
    HttpResponse<String> authorize =
        get(browser, authorizeUrl("evil", attackersCode, NOTION_REDIRECT));
    HttpResponse<String> first = get(browser, location(authorize));
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).contains("Continue").contains("jane");
    HttpResponse<String> forged =
        send(
            browser,
            request("notion/authorize/consent")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        form(
                            Map.of(
                                "request", field(first, "request"),
                                "csrf", "guessed",
                                "decision", "continue"))))
                .build());
    assertThat(forged.statusCode()).isEqualTo(403);
    NOTION.verify(
        0,
        postRequestedFor(urlEqualTo("/v1/oauth/token"))
            .withRequestBody(matchingJsonPath("$.code", equalTo(attackersCode))));

    // exchanged, then abandoned: signing out ends the session, and Notion's token is revoked
    HttpResponse<String> consent = continued(first);
    int revokedBefore = NOTION.findAll(postRequestedFor(urlEqualTo("/v1/oauth/revoke"))).size();
    HttpResponse<String> signedOut =
        send(
            browser,
            request("signout")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        form(Map.of("csrf", field(consent, "csrf")))))
                .build());
    assertThat(signedOut.statusCode()).isEqualTo(303);
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                NOTION.findAll(postRequestedFor(urlEqualTo("/v1/oauth/revoke"))).size()
                    > revokedBefore);
  }

  @Test
  void aFailedExchangeAtNotionSendsServerErrorWithADescription() throws Exception {
    HttpResponse<String> authorize =
        get(browser, authorizeUrl("fail-state", "expired-notion-code", NOTION_REDIRECT));
    HttpResponse<String> signedIn =
        signIn(get(browser, location(authorize)), "jane", "jane-password");
    HttpResponse<String> consent = decide(get(browser, location(signedIn)), "continue");
    assertThat(consent.statusCode()).isEqualTo(303);
    Map<String, String> callback = query(location(consent));
    assertThat(callback)
        .containsEntry("error", "server_error")
        .containsEntry("state", "fail-state");
    assertThat(callback.get("error_description")).contains("Notion").contains("invalid_grant");
  }

  @Test
  void signInSaysTheSameForAWrongPasswordAnUnknownUserAndADisabledAccount() throws Exception {
    HttpResponse<String> authorize =
        get(browser, authorizeUrl("s", UUID.randomUUID().toString(), NOTION_REDIRECT));
    HttpResponse<String> page = get(browser, location(authorize));
    HttpResponse<String> wrongPassword = signIn(page, "jane", "wrong");
    HttpResponse<String> unknownUser = signIn(wrongPassword, "nobody", "wrong");
    HttpResponse<String> disabled = signIn(unknownUser, "off", "off-password");
    for (HttpResponse<String> response : java.util.List.of(wrongPassword, unknownUser, disabled)) {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("The username or password is not right.");
    }
  }

  @Test
  void formsWithoutTheSessionsCsrfTokenAreRefused() throws Exception {
    HttpResponse<String> authorize =
        get(browser, authorizeUrl("s", UUID.randomUUID().toString(), NOTION_REDIRECT));
    HttpResponse<String> page = get(browser, location(authorize));
    HttpResponse<String> forged =
        send(
            browser,
            request("signin")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        form(
                            Map.of(
                                "username",
                                "jane",
                                "password",
                                "jane-password",
                                "csrf",
                                "guessed",
                                "next",
                                field(page, "next")))))
                .build());
    assertThat(forged.statusCode()).isEqualTo(403);

    HttpResponse<String> consent = consentPage("c", UUID.randomUUID().toString());
    HttpResponse<String> forgedConsent =
        send(
            browser,
            request("notion/authorize/consent")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        form(
                            Map.of(
                                "request",
                                field(consent, "request"),
                                "csrf",
                                "guessed",
                                "decision",
                                "allow"))))
                .build());
    assertThat(forgedConsent.statusCode()).isEqualTo(403);
    assertThat(forgedConsent.headers().firstValue("Location")).isEmpty();
  }

  @Test
  void signInChangesTheSessionId() throws Exception {
    CookieManager cookies = new CookieManager();
    browser =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    HttpResponse<String> authorize =
        get(browser, authorizeUrl("s", UUID.randomUUID().toString(), NOTION_REDIRECT));
    HttpResponse<String> page = get(browser, location(authorize));
    String before = sessionCookie(cookies);
    signIn(page, "jane", "jane-password");
    assertThat(sessionCookie(cookies)).isNotNull().isNotEqualTo(before);
  }

  // ---------------------------------------------------------------- helpers

  /** Runs authorize, sign-in and Allow; returns our code from the redirect to Notion. */
  String connect(String state) throws Exception {
    HttpResponse<String> consent = consentPage(state, UUID.randomUUID().toString());
    HttpResponse<String> allowed = decide(consent, "allow");
    assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(303);
    return query(location(allowed)).get("code");
  }

  /** Authorize, sign in if asked, and Continue: the consent page that names the workspace. */
  HttpResponse<String> consentPage(String state, String notionCode) throws Exception {
    HttpResponse<String> authorize = get(browser, authorizeUrl(state, notionCode, NOTION_REDIRECT));
    HttpResponse<String> next = get(browser, location(authorize));
    if (next.body().contains("name=\"password\"")) {
      next = get(browser, location(signIn(next, "jane", "jane-password")));
    }
    assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
    return continued(next);
  }

  /** The first consent page's Continue: Notion's code is exchanged, and the page names all. */
  HttpResponse<String> continued(HttpResponse<String> first) throws Exception {
    HttpResponse<String> exchanged = decide(first, "continue");
    assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(303);
    HttpResponse<String> consent = get(browser, location(exchanged));
    assertThat(consent.statusCode()).as(consent.body()).isEqualTo(200);
    return consent;
  }

  JsonObject tokensFor(String code) throws Exception {
    HttpResponse<String> response = exchange(code, NOTION_REDIRECT);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response.body());
  }

  HttpResponse<String> exchange(String code, String redirectUri) throws Exception {
    return postForm(
        notionServer,
        "notion/token",
        clientBasic(),
        Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", redirectUri));
  }

  HttpResponse<String> refresh(String refreshToken, boolean basicAuth) throws Exception {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "refresh_token");
    form.put("refresh_token", refreshToken);
    form.put("redirect_uri", NOTION_REDIRECT);
    if (!basicAuth) {
      form.put("client_id", Deployments.CLIENT_ID);
      form.put("client_secret", Deployments.CLIENT_SECRET);
    }
    return postForm(notionServer, "notion/token", basicAuth ? clientBasic() : null, form);
  }

  HttpResponse<String> signIn(HttpResponse<String> page, String username, String password)
      throws Exception {
    return send(
        browser,
        request("signin")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    form(
                        Map.of(
                            "username",
                            username,
                            "password",
                            password,
                            "csrf",
                            field(page, "csrf"),
                            "next",
                            field(page, "next")))))
            .build());
  }

  HttpResponse<String> decide(HttpResponse<String> consent, String decision) throws Exception {
    return send(
        browser,
        request("notion/authorize/consent")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    form(
                        Map.of(
                            "request",
                            field(consent, "request"),
                            "csrf",
                            field(consent, "csrf"),
                            "decision",
                            decision))))
            .build());
  }

  String authorizeUrl(String state, String notionCode, String redirectUri) {
    return "notion/authorize?response_type=code&client_id="
        + encode(Deployments.CLIENT_ID)
        + "&redirect_uri="
        + encode(redirectUri)
        + "&state="
        + encode(state)
        + "&code="
        + encode(notionCode)
        + "&scope=unfurl";
  }

  HttpResponse<String> bearer(String path, String token) throws Exception {
    return send(
        notionServer, request(path).header("Authorization", "Bearer " + token).GET().build());
  }

  HttpResponse<String> postRaw(String contentType, String body) throws Exception {
    return send(
        notionServer,
        request("notion/token")
            .header("Authorization", clientBasic())
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  HttpResponse<String> postForm(
      HttpClient client, String path, String authorization, Map<String, String> form)
      throws Exception {
    HttpRequest.Builder builder =
        request(path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(form)));
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    return send(client, builder.build());
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(resolve(path)).timeout(Duration.ofSeconds(30));
  }

  URI resolve(String pathOrUrl) {
    URI uri = URI.create(pathOrUrl);
    return uri.isAbsolute()
        ? uri
        : URI.create(base.toString().replaceAll("/$", "") + "/")
            .resolve(pathOrUrl.replaceFirst("^/", ""));
  }

  HttpResponse<String> get(HttpClient client, String pathOrUrl) throws Exception {
    return send(client, HttpRequest.newBuilder(resolve(pathOrUrl)).GET().build());
  }

  static HttpResponse<String> send(HttpClient client, HttpRequest request) throws Exception {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  static String location(HttpResponse<String> response) {
    return response
        .headers()
        .firstValue("Location")
        .orElseThrow(
            () ->
                new AssertionError(
                    "no Location in " + response.statusCode() + " " + response.body()));
  }

  static Map<String, String> query(String url) {
    String query = URI.create(url).getRawQuery();
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      parameters.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return parameters;
  }

  static String field(HttpResponse<String> page, String name) {
    Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(page.body());
    if (!m.find()) {
      throw new AssertionError("no field " + name + " in " + page.body());
    }
    return m.group(1)
        .replace("&amp;", "&")
        .replace("&#x3D;", "=")
        .replace("&#61;", "=")
        .replace("&#x2F;", "/")
        .replace("&#47;", "/")
        .replace("&#63;", "?")
        .replace("&#x3F;", "?");
  }

  static String sessionCookie(CookieManager cookies) {
    return cookies.getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals("PB_SESSION"))
        .map(c -> c.getValue())
        .findFirst()
        .orElse(null);
  }

  static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static String basic(String id, String secret) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((encode(id) + ":" + encode(secret)).getBytes(StandardCharsets.UTF_8));
  }

  static String clientBasic() {
    return basic(Deployments.CLIENT_ID, Deployments.CLIENT_SECRET);
  }

  static JsonObject json(String body) {
    try (var reader = Json.createReader(new StringReader(body))) {
      return reader.readObject();
    }
  }

  static String subject(String jwt) throws Exception {
    return SignedJWT.parse(jwt).getJWTClaimsSet().getSubject();
  }

  static void assertProblem(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .as(response.body())
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(json(response.body()).getInt("status")).isEqualTo(status);
  }

  static void assertOAuthError(HttpResponse<String> response, int status, String error) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(json(response.body()).getString("error")).isEqualTo(error);
    assertThat(json(response.body()).getString("error_description")).isNotBlank();
  }
}
