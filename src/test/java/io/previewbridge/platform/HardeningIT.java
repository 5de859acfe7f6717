package io.previewbridge.platform;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.previewbridge.testing.Deployments;
import io.previewbridge.testing.NotionPlayer;
import io.previewbridge.testing.NotionPlayer.Tokens;
import io.previewbridge.testing.NotionStubs;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The security review's findings 6 and 7 on the real WAR: bounded request bodies, web addresses
 * only, a per-connection unfurl rate and tracked-link cap, the token endpoint's refusal of secrets
 * in a URL, PKCE, {@code iss} on authorization responses, refresh-token reuse detection, and
 * redirects that never take their host from the request.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HardeningIT {

  static final int UNFURLS_PER_MINUTE = 6;

  /** Notion's token endpoint and the tracker the links point at. */
  static final WireMockServer PEERS = new WireMockServer(options().dynamicPort());

  static {
    PEERS.start();
    // a workspace of its own for every connection: the limits under test count per connection,
    // and one test's unfurls must not use up another's
    PEERS.stubFor(NotionStubs.tokenExchangeForNewWorkspaces());
    PEERS.stubFor(
        get(urlPathMatching("/tickets/[0-9]+")).willReturn(okJson("{\"title\":\"A ticket\"}")));
  }

  @AfterAll
  static void stopPeers() {
    PEERS.stop();
  }

  @Deployment(testable = false)
  static WebArchive deployment() throws Exception {
    Path sources = Files.createTempFile("previewbridge-hardening-sources", ".json");
    sources.toFile().deleteOnExit();
    Files.writeString(
        sources,
        """
        {
          "developerName": "Acme Test",
          "sources": [{
            "id": "ticket",
            "pattern": "^https://tracker\\\\.acme\\\\.test/tickets/(?<num>\\\\d+)$",
            "samples": ["https://tracker.acme.test/tickets/42"],
            "fetch": { "url": "%s/tickets/{num}" },
            "refresh": "PT1H",
            "attributes": [{ "id": "title", "type": "title", "value": "{/title}" }]
          }]
        }
        """
            .formatted(PEERS.baseUrl()));
    var config = Deployments.baseConfig();
    config.put("previewbridge.demo", "true");
    config.put("previewbridge.sources", sources.toString());
    config.put("previewbridge.notion.api-url", PEERS.baseUrl());
    config.put("previewbridge.unfurl.max-per-minute", String.valueOf(UNFURLS_PER_MINUTE));
    config.put("previewbridge.tracking.max-per-connection", "1");
    config.put("previewbridge.oauth.refresh-grace", "PT1S");
    return Deployments.previewBridge(config);
  }

  @ArquillianResource URL base;

  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  String root() {
    return base.toString().replaceAll("/$", "");
  }

  NotionPlayer notion() {
    return new NotionPlayer(root(), Deployments.CLIENT_ID, Deployments.CLIENT_SECRET);
  }

  @Test
  void bodiesOverTheLimitAre413ProblemsWhetherDeclaredOrStreamed() throws Exception {
    String token = notion().connect("demo", "demo").accessToken();
    byte[] large = ("{\"uri\":\"https://x.example/" + "a".repeat(300 * 1024) + "\"}").getBytes();

    HttpResponse<String> declared =
        send(unfurlRequest(token).POST(HttpRequest.BodyPublishers.ofByteArray(large)).build());
    HttpResponse<String> streamed =
        send(
            unfurlRequest(token)
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(large)))
                .build());
    HttpResponse<String> form =
        send(
            HttpRequest.newBuilder(URI.create(root() + "/signin"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + "u".repeat(300 * 1024)))
                .build());

    for (HttpResponse<String> response : new HttpResponse[] {declared, streamed, form}) {
      assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
      assertThat(response.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/problem+json");
      assertThat(response.body()).contains("body-too-large").doesNotContain("Exception");
    }
    assertThat(unfurl(token, ticket(12)).statusCode())
        .as("a body under the limit is read as always")
        .isEqualTo(200);
  }

  @Test
  void malformedBodiesAndEncodingsAreClientErrorsNever5xx() throws Exception {
    String token = notion().connect("demo", "demo").accessToken();
    String deep = "[".repeat(20_000) + "]".repeat(20_000);
    for (String body :
        new String[] {
          "{\"uri\":" + deep + "}",
          "{\"uri\":1e99999999999}",
          "{\"uri\":\"\\ud800\"}",
          "{\"uri\":\"https://x.example/\",\"uri\":{}}",
          "\u0000\u0001"
        }) {
      HttpResponse<String> response =
          send(unfurlRequest(token).POST(HttpRequest.BodyPublishers.ofString(body)).build());
      assertThat(response.statusCode())
          .as(body.substring(0, Math.min(40, body.length())))
          .isBetween(400, 499);
      assertThat(response.body()).doesNotContain("Exception").doesNotContain("at io.");
    }
    for (String[] request :
        new String[][] {
          {"signin", "application/x-www-form-urlencoded", "username=%zz&password=%"},
          {"signin", null, "username=a&password=b"},
          {"signin", "*/*", "username=a&password=b"},
          {"notion/authorize/consent", "application/*", "request=x"},
          {"notion/token", "application/x-www-form-urlencoded", "grant_type=%E0%A4%A"},
          {"notion/authorize/consent", "application/x-www-form-urlencoded", "request=%%%"}
        }) {
      HttpRequest.Builder builder =
          HttpRequest.newBuilder(URI.create(root() + "/" + request[0]))
              .POST(HttpRequest.BodyPublishers.ofString(request[2]));
      if (request[1] != null) {
        builder.header("Content-Type", request[1]);
      }
      HttpResponse<String> response = send(builder.build());
      assertThat(response.statusCode())
          .as(String.join(" ", request) + " -> " + response.body())
          .isBetween(400, 499);
      assertThat(response.body()).doesNotContain("Exception").doesNotContain("at io.");
    }
  }

  @Test
  void onlyWebAddressesAreUnfurled() throws Exception {
    String token = notion().connect("demo", "demo").accessToken();
    for (String uri :
        new String[] {
          "javascript:alert(document.cookie)",
          "file:///etc/passwd",
          "data:text/html,<script>alert(1)</script>",
          "ftp://tracker.acme.test/tickets/12"
        }) {
      HttpResponse<String> response = unfurl(token, uri);
      assertThat(response.statusCode()).as(uri).isEqualTo(400);
      assertThat(response.body()).contains("absolute http(s) URI");
    }
  }

  @Test
  void oneConnectionMayAskForSoManyUnfurlsAMinuteAndNoOtherIsSlowed() throws Exception {
    String busy = notion().connect("demo", "demo").accessToken();
    String quiet = notion().connect("demo", "demo").accessToken();
    String link = ticket(12);
    for (int i = 0; i < UNFURLS_PER_MINUTE; i++) {
      assertThat(unfurl(busy, link).statusCode()).as("unfurl %d", i + 1).isEqualTo(200);
    }
    HttpResponse<String> refused = unfurl(busy, link);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After").map(Long::parseLong).orElseThrow())
        .isBetween(1L, 60L);
    assertThat(refused.body()).contains("too-many-unfurls");

    assertThat(unfurl(quiet, link).statusCode()).isEqualTo(200);
  }

  @Test
  void aConnectionFollowsAtMostTheConfiguredNumberOfLinks() throws Exception {
    String token = notion().connect("demo", "demo").accessToken();
    JsonObject first = json(unfurl(token, ticket(12)));
    assertThat(first.toString()).doesNotContain("\"error\"");

    JsonObject second = json(unfurl(token, ticket(13)));
    assertThat(second.toString()).contains("429").contains("already follows 1 links");

    JsonObject again = json(unfurl(token, ticket(12)));
    assertThat(again.toString())
        .as("a link it already follows is answered as before")
        .doesNotContain("\"error\"");
  }

  @Test
  void theTokenEndpointRefusesParametersInTheUrl() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(
                    URI.create(
                        root()
                            + "/notion/token?client_secret="
                            + Deployments.CLIENT_SECRET
                            + "&grant_type=refresh_token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "client_id=" + Deployments.CLIENT_ID + "&refresh_token=x"))
                .build());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).getString("error")).isEqualTo("invalid_request");
    assertThat(json(response).getString("error_description")).contains("query string");
  }

  @Test
  void aCodeIssuedForAPkceChallengeIsRedeemedOnlyWithItsVerifier() throws Exception {
    String verifier = "v".repeat(20) + "-verifier-of-this-test-0123456789";
    String challenge =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    NotionPlayer notion = notion();
    String code =
        notion
            .authorize(
                NotionPlayer.password("demo", "demo"),
                Map.of("code_challenge", challenge, "code_challenge_method", "S256"))
            .code();
    Map<String, String> redeem =
        Map.of(
            "grant_type",
            "authorization_code",
            "code",
            code,
            "redirect_uri",
            NotionPlayer.REDIRECT_URI);

    HttpResponse<String> without = notion.tokenRequest(http, redeem);
    assertThat(without.statusCode()).isEqualTo(400);
    assertThat(json(without).getString("error")).isEqualTo("invalid_grant");

    HttpResponse<String> wrong = notion.tokenRequest(http, with(redeem, "x".repeat(43)));
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(json(wrong).getString("error_description")).contains("does not match");

    HttpResponse<String> right = notion.tokenRequest(http, with(redeem, verifier));
    assertThat(right.statusCode()).as(right.body()).isEqualTo(200);
    assertThat(json(right).getString("access_token")).isNotBlank();
  }

  @Test
  void aPlainPkceChallengeIsRefusedWithAnErrorRedirectToNotion() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(
                    URI.create(
                        root()
                            + "/notion/authorize?client_id="
                            + Deployments.CLIENT_ID
                            + "&response_type=code&state=s1&code=n1&redirect_uri="
                            + NotionPlayer.REDIRECT_URI
                            + "&code_challenge="
                            + "c".repeat(43)
                            + "&code_challenge_method=plain"))
                .build());
    assertThat(response.statusCode()).isEqualTo(303);
    URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
    assertThat(location.toString()).startsWith(NotionPlayer.REDIRECT_URI);
    Map<String, String> query = NotionPlayer.query(location);
    assertThat(query)
        .containsEntry("error", "invalid_request")
        .containsEntry("state", "s1")
        .containsEntry("iss", "http://localhost:8080");
  }

  @Test
  void authorizationResponsesNameTheIssuer() throws Exception {
    NotionPlayer.Authorization answer = notion().authorize("demo", "demo");
    assertThat(NotionPlayer.query(answer.redirect())).containsEntry("iss", "http://localhost:8080");
  }

  @Test
  void aRotatedRefreshTokenUsedAgainRevokesTheWholeGrant() throws Exception {
    NotionPlayer notion = notion();
    Tokens first = notion.connect("demo", "demo");
    Tokens second = notion.refresh(http, first.refreshToken());
    Thread.sleep(1_500); // past previewbridge.oauth.refresh-grace (PT1S)

    HttpResponse<String> reused =
        notion.tokenRequest(
            http, Map.of("grant_type", "refresh_token", "refresh_token", first.refreshToken()));
    assertThat(reused.statusCode()).isEqualTo(400);
    assertThat(json(reused).getString("error_description")).contains("grant is revoked");

    HttpResponse<String> current =
        notion.tokenRequest(
            http, Map.of("grant_type", "refresh_token", "refresh_token", second.refreshToken()));
    assertThat(current.statusCode()).as("the thief's or the owner's: both are over").isEqualTo(400);
    assertThat(unfurl(second.accessToken(), ticket(12)).statusCode()).isEqualTo(401);
  }

  @Test
  void redirectsToOurOwnPagesNeverTakeTheirHostFromTheRequest() throws Exception {
    String answer;
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /account HTTP/1.1\r\nHost: evil.example\r\nX-Forwarded-Host: evil.example\r\n"
                  + "X-Forwarded-Proto: https\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
    String location =
        answer
            .lines()
            .filter(line -> line.regionMatches(true, 0, "Location:", 0, 9))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no Location in " + answer));
    assertThat(answer).startsWith("HTTP/1.1 303");
    assertThat(location.substring(9).trim()).isEqualTo("/signin?next=account");
  }

  // --- helpers ---

  static String ticket(int number) {
    return "https://tracker.acme.test/tickets/" + number;
  }

  static Map<String, String> with(Map<String, String> redeem, String verifier) {
    var all = new java.util.LinkedHashMap<>(redeem);
    all.put("code_verifier", verifier);
    return all;
  }

  HttpRequest.Builder unfurlRequest(String token) {
    return HttpRequest.newBuilder(URI.create(root() + "/notion/unfurl"))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json");
  }

  HttpResponse<String> unfurl(String token, String uri) throws Exception {
    return NotionPlayer.unfurl(http, root(), token, uri);
  }

  HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  static JsonObject json(HttpResponse<String> response) {
    return Json.createReader(new StringReader(response.body())).readObject();
  }
}
