package io.previewbridge.identity;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.previewbridge.testing.AcmeTracker.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jwt.JWTClaimsSet;
import io.previewbridge.testing.AcmeTracker;
import io.previewbridge.testing.Browser;
import io.previewbridge.testing.Deployments;
import io.previewbridge.testing.Keycloak;
import io.previewbridge.testing.NotionPlayer;
import io.previewbridge.testing.PayaraMicroProcess;
import io.previewbridge.testing.ProtectedUpstream;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Single sign-on and fetching as the person, end to end over HTTP, against a real identity provider
 * (Keycloak, {@link Keycloak}) and company systems that check its tokens ({@link
 * ProtectedUpstream}): the built WAR on Payara Micro as an admin starts it, in mode {@code both},
 * with Notion's API a WireMock server.
 *
 * <p>Notion connects through Keycloak's login page; cards are built from what the signed-in person
 * may see, with their own token (refreshed without them, exchanged for another audience, or their
 * linked product account); private objects are denied or limited; a workspace outside the allowed
 * list is refused; a sign-in revoked at Keycloak stops that person's previews until they sign in
 * again. The tests run in order and share the server, and the people's connections.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SingleSignOnIT {

  static final String COMPANY = Keycloak.COMPANY_REALM;
  static final String PRODUCT = Keycloak.PRODUCT_REALM;
  static final Duration WAIT = Duration.ofSeconds(90);

  final WireMockServer peers =
      new WireMockServer(options().dynamicPort().extensions(new ProtectedUpstream()));
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  Keycloak keycloak;
  PayaraMicroProcess micro;
  String base;
  String aliceId;
  String bobId;
  String aliceAtProduct;
  String aliceNotionToken;
  String bobNotionToken;
  SsoSession console;

  @RegisterExtension final TestWatcher logOnFailure = PayaraMicroProcess.logOnFailure(() -> micro);

  @BeforeAll
  void start() throws Exception {
    keycloak = Keycloak.shared();
    aliceId = keycloak.userId(COMPANY, "alice");
    bobId = keycloak.userId(COMPANY, "bob");
    aliceAtProduct = keycloak.userId(PRODUCT, "alice");
    peers.start();
    notionAnswers("ws-acme");
    peers.stubFor(post(urlPathEqualTo("/v1/oauth/revoke")).willReturn(json("{}")));
    peers.stubFor(patch(urlPathEqualTo("/v1/external/object")).willReturn(json("{}")));
    issue(1, Map.of(aliceId, issueJson("Alice's issue 1", "alice", false)));
    issue(
        2,
        Map.of(
            aliceId, issueJson("Shared issue 2", "alice", false),
            bobId, issueJson("Shared issue 2", "bob", false)));
    // confidential: both may see it in the tracker, but not everyone on a Notion page
    issue(
        3,
        Map.of(
            aliceId, issueJson("Salary review", "alice", true),
            bobId, issueJson("Salary review", "bob", true)));
    ProtectedUpstream.item(
        peers,
        "/api/reports/5",
        keycloak.issuer(COMPANY),
        "acme-reports",
        true,
        Map.of(ProtectedUpstream.ANYONE, "{\"title\":\"Quarterly report\"}"));
    ProtectedUpstream.item(
        peers,
        "/api/product/7",
        keycloak.issuer(PRODUCT),
        "acme-product-api",
        false,
        Map.of(aliceAtProduct, "{\"title\":\"Product item 7\"}"));

    PayaraMicroProcess.Builder server = PayaraMicroProcess.builder("single-sign-on");
    base = "http://127.0.0.1:" + server.port();
    Path sources = server.workDirectory().resolve("sources.json");
    Files.createDirectories(sources.getParent());
    Files.writeString(sources, sourcesJson());
    Map<String, String> config = Deployments.baseConfig();
    config.put("previewbridge.public-url", base);
    config.put("previewbridge.data-dir", server.workDirectory().resolve("data").toString());
    config.put("previewbridge.sources", sources.toString());
    config.put("previewbridge.notion.api-url", peers.baseUrl());
    config.put("previewbridge.notion.allowed-workspaces", "ws-acme");
    config.put("previewbridge.tracking.interval", "PT1S");
    config.put("previewbridge.delivery.interval", "PT1S");
    config.put("previewbridge.identity.mode", "both");
    config.put("previewbridge.identity.oidc.issuer", keycloak.issuer(COMPANY));
    config.put("previewbridge.identity.oidc.client-id", "previewbridge");
    config.put("previewbridge.identity.oidc.client-secret", "previewbridge-secret");
    config.put("previewbridge.identity.oidc.display-name", "Acme SSO");
    config.put("previewbridge.identity.oidc.admin-group", "admins");
    config.put("previewbridge.identity.oidc.required-group", "staff");
    config.forEach(server::systemProperty);
    server.deployAtContextRoot(PayaraMicroProcess.previewBridgeWar(), "/");
    micro = server.start();
    micro.awaitReady(PayaraMicroProcess.STARTUP_TIMEOUT, "/health/ready");
    console = new SsoSession(base, keycloak);
    assertThat(console.signIn("admin", "carol", "carol-password").statusCode()).isEqualTo(303);
  }

  @AfterAll
  void stop() throws Exception {
    if (micro != null) {
      micro.close();
    }
    peers.stop();
  }

  @Test
  @Order(1)
  void aliceConnectsNotionThroughHerCompanySignInAndGetsTheCardSheMaySee() throws Exception {
    NotionPlayer notion = notion();
    NotionPlayer.Started started = notion.start(provider("alice", "alice-password"));
    assertThat(started.afterSignIn().statusCode()).isEqualTo(200);
    assertThat(Jsoup.parse(started.afterSignIn().body()).getElementById("joining").text())
        .contains("Alice Anderson")
        .contains("(alice)");
    HttpResponse<String> consent = notion.proceed(started);
    assertThat(Jsoup.parse(consent.body()).getElementById("joining").text())
        .contains("Acme Space")
        .contains("ws-acme")
        .contains("Alice Anderson")
        .contains("(alice)");

    aliceNotionToken = notion.connect(provider("alice", "alice-password")).accessToken();

    peers.verify(
        postRequestedFor(urlPathEqualTo("/v1/oauth/token"))
            .withRequestBody(
                matchingJsonPath("$.external_account.key", matching("oidc-[0-9a-f]{32}")))
            .withRequestBody(
                matchingJsonPath("$.external_account.name", containing("alice@acme.test"))));
    JsonObject card = unfurl(aliceNotionToken, "https://tracker.acme.test/issues/1");
    assertThat(title(card)).isEqualTo("Alice's issue 1");
    assertThat(attribute(card, "viewer")).isEqualTo("alice");
    JWTClaimsSet sent = last("/api/issues/1");
    assertThat(sent.getSubject()).isEqualTo(aliceId);
    assertThat(sent.getIssuer()).isEqualTo(keycloak.issuer(COMPANY));
    assertThat(sent.getAudience()).contains("acme-api");

    JsonObject alice = account("alice");
    assertThat(alice.getString("signsInWith")).isEqualTo("identity-provider");
    assertThat(alice.getString("issuer")).isEqualTo(keycloak.issuer(COMPANY));
    assertThat(alice.getString("subject")).isEqualTo(aliceId);
    assertThat(alice.getString("displayName")).isEqualTo("Alice Anderson");
    assertThat(alice.getString("email")).isEqualTo("alice@acme.test");
    assertThat(alice.getJsonArray("roles").getValuesAs(JsonValue::toString))
        .containsExactly("\"user\"");
    assertThat(account("carol").getJsonArray("roles").toString()).contains("\"admin\"");
  }

  @Test
  @Order(2)
  void consoleAccessFollowsTheAdminGroup() throws Exception {
    SsoSession alice = new SsoSession(base, keycloak);
    assertThat(alice.signIn("admin", "alice", "alice-password").statusCode()).isEqualTo(303);
    assertThat(alice.get("/api/admin/session").statusCode()).isEqualTo(403);
    assertThat(alice.get("/admin").statusCode()).isEqualTo(403);
    HttpResponse<String> own = alice.get("/account");
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(Jsoup.parse(own.body()).getElementById("signs-in-with").text())
        .isEqualTo("Acme SSO");
    assertThat(console.get("/api/admin/session").statusCode()).isEqualTo(200);

    // signing out ends the session here and sends the browser to end it at Keycloak too
    String csrf =
        Jsoup.parse(own.body()).selectFirst("form[action$=signout] input[name=csrf]").attr("value");
    HttpResponse<String> out = alice.postForm("/signout", "csrf=" + csrf);
    assertThat(out.statusCode()).isEqualTo(303);
    String logout = out.headers().firstValue("Location").orElseThrow();
    assertThat(logout)
        .startsWith(keycloak.issuer(COMPANY) + "/protocol/openid-connect/logout?")
        .contains("id_token_hint=");
    assertThat(query(logout).get("post_logout_redirect_uri"))
        .isEqualTo(base + "/signin?signed-out");
    assertThat(alice.get("/account").statusCode()).as("signed out here").isEqualTo(303);
  }

  @Test
  @Order(3)
  void twoPeopleTrackingOneLinkGetTheirOwnFetchesAndCards() throws Exception {
    bobNotionToken = notion().connect(provider("bob", "bob-password")).accessToken();

    JsonObject alices = unfurl(aliceNotionToken, "https://tracker.acme.test/issues/2");
    JsonObject bobs = unfurl(bobNotionToken, "https://tracker.acme.test/issues/2");

    assertThat(attribute(alices, "viewer")).isEqualTo("alice");
    assertThat(attribute(bobs, "viewer")).isEqualTo("bob");
    assertThat(ProtectedUpstream.tokensSeen(peers, "/api/issues/2"))
        .extracting(JWTClaimsSet::getSubject)
        .containsExactly(aliceId, bobId);

    JsonObject refused = unfurl(bobNotionToken, "https://tracker.acme.test/issues/1");
    assertThat(error(refused)).isEqualTo("403 You can't see this issue");
    assertThat(last("/api/issues/1").getSubject()).as("bob's own token").isEqualTo(bobId);
  }

  @Test
  @Order(4)
  void aPrivateObjectIsDeniedOrLimited() throws Exception {
    for (String token : List.of(aliceNotionToken, bobNotionToken)) {
      JsonObject denied = unfurl(token, "https://tracker.acme.test/issues/3");
      assertThat(error(denied)).isEqualTo("403 This issue is confidential");

      JsonObject limited = unfurl(token, "https://tracker.acme.test/limited/issues/3");
      assertThat(title(limited)).isEqualTo("\uD83D\uDD12 Private issue #3");
      assertThat(attribute(limited, "number")).isEqualTo("#3");
      assertThat(attribute(limited, "viewer")).as("not public").isNull();
      assertThat(limited.toString()).doesNotContain("Salary review");
    }
    assertThat(ProtectedUpstream.tokensSeen(peers, "/api/issues/3"))
        .extracting(JWTClaimsSet::getSubject)
        .contains(aliceId, bobId);

    JsonObject sources = console.json("/api/admin/sources");
    assertThat(sources.getJsonArray("items").getValuesAs(JsonObject.class))
        .extracting(
            s -> s.getString("id") + " " + s.getString("restricted") + " " + s.getString("auth"))
        .contains(
            "issue deny user-token",
            "issue-limited limited user-token",
            "report none token-exchange",
            "product none oauth");
  }

  @Test
  @Order(5)
  void tokenExchangeGivesTheUpstreamATokenMeantOnlyForIt() throws Exception {
    JsonObject card = unfurl(aliceNotionToken, "https://reports.acme.test/r/5");
    assertThat(title(card)).isEqualTo("Quarterly report");
    JWTClaimsSet sent = last("/api/reports/5");
    assertThat(sent.getAudience()).containsExactly("acme-reports");
    assertThat(sent.getSubject()).isEqualTo(aliceId);
    assertThat(sent.getStringClaim("azp")).isEqualTo("previewbridge");
  }

  @Test
  @Order(6)
  void aProductAccountIsLinkedOnceAndThenItsCardArrives() throws Exception {
    JsonObject unlinked = unfurl(aliceNotionToken, "https://product.acme.test/p/7");
    assertThat(error(unlinked))
        .isEqualTo(
            "403 Connect your Acme Product account to Acme Test to see this preview: "
                + base
                + "/link/acme-product");
    assertThat(ProtectedUpstream.tokensSeen(peers, "/api/product/7")).isEmpty();
    assertThat(account("alice").getJsonArray("unlinkedProviders").getString(0))
        .as("the console shows who has not linked the product")
        .isEqualTo("acme-product");

    SsoSession alice = new SsoSession(base, keycloak);
    alice.signIn("account", "alice", "alice-password");
    HttpResponse<String> toProduct = alice.get("/link/acme-product");
    assertThat(toProduct.statusCode()).isEqualTo(303);
    String authorization = toProduct.headers().firstValue("Location").orElseThrow();
    assertThat(authorization).startsWith(keycloak.issuer(PRODUCT)).contains("code_challenge=");
    String callback = keycloak.newLogin().signIn(authorization, "alice", "alice-product-password");
    HttpResponse<String> linked = alice.getAbsolute(callback);
    assertThat(linked.statusCode()).as(linked.body()).isEqualTo(200);
    assertThat(Jsoup.parse(linked.body()).getElementById("message").text())
        .contains("Your Acme Product account is connected");

    awaitPatch("Product item 7");
    JWTClaimsSet sent = last("/api/product/7");
    assertThat(sent.getIssuer()).isEqualTo(keycloak.issuer(PRODUCT));
    assertThat(sent.getSubject()).isEqualTo(aliceAtProduct);
    assertThat(title(unfurl(aliceNotionToken, "https://product.acme.test/p/7")))
        .isEqualTo("Product item 7");
    assertThat(Jsoup.parse(alice.get("/account").body()).select("#links li").text())
        .contains("Acme Product")
        .contains("connected");
    assertThat(credential("alice", "acme-product").getString("status")).isEqualTo("active");
    assertThat(account("alice").getJsonArray("unlinkedProviders")).isEmpty();
  }

  @Test
  @Order(7)
  void aliceAccessTokenIsRefreshedWithoutHerAndAChangeStillReachesNotion() throws Exception {
    JWTClaimsSet first = ProtectedUpstream.tokensSeen(peers, "/api/issues/1").get(0);
    await()
        .atMost(WAIT)
        .until(() -> Instant.now().isAfter(first.getExpirationTime().toInstant().plusSeconds(1)));

    issue(1, Map.of(aliceId, issueJson("Alice's issue 1, edited", "alice", false)));

    awaitPatch("Alice's issue 1, edited");
    List<JWTClaimsSet> alices =
        ProtectedUpstream.tokensSeen(peers, "/api/issues/1").stream()
            .filter(t -> aliceId.equals(t.getSubject()))
            .toList();
    JWTClaimsSet latest = alices.get(alices.size() - 1);
    assertThat(latest.getJWTID()).isNotEqualTo(first.getJWTID());
    assertThat(latest.getIssueTime()).isAfter(first.getIssueTime());
    assertThat(latest.getExpirationTime())
        .as("a token alive after the first one died: refreshed without alice")
        .isAfter(first.getExpirationTime());
  }

  @Test
  @Order(8)
  void aSignInRevokedAtTheProviderStopsThatPersonsPreviewsUntilTheySignInAgain() throws Exception {
    keycloak.revokeOfflineTokens(COMPANY, "alice", "previewbridge");

    // alice's last access token stays valid for up to 30 s; the refresh after it is refused
    await().atMost(WAIT).until(() -> credential("alice", "idp").getString("status").equals("gone"));
    assertThat(credential("alice", "idp").getString("problem")).contains("invalid_grant");

    issue(1, Map.of(aliceId, issueJson("Changed while alice is signed out", "alice", false)));
    issue(
        2,
        Map.of(
            aliceId, issueJson("Shared issue 2", "alice", false),
            bobId, issueJson("Shared issue 2, bob's view changed", "bob", false)));
    awaitPatch("Shared issue 2, bob's view changed");
    await()
        .atMost(WAIT)
        .until(
            () ->
                preview("https://tracker.acme.test/issues/1", "alice")
                    .getString("lastError", "")
                    .contains("sign-in has ended"));
    assertThat(patchesWith("Changed while alice is signed out")).isZero();

    SsoSession alice = new SsoSession(base, keycloak);
    assertThat(alice.signIn("account", "alice", "alice-password").statusCode()).isEqualTo(303);
    assertThat(credential("alice", "idp").getString("status")).isEqualTo("active");
    awaitPatch("Changed while alice is signed out");
  }

  @Test
  @Order(9)
  void aWorkspaceOutsideTheAllowedListIsRefusedAtConsent() throws Exception {
    notionAnswers("ws-elsewhere");
    try {
      NotionPlayer notion = notion();
      HttpResponse<String> refused = notion.proceed(notion.start(provider("bob", "bob-password")));
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(Jsoup.parse(refused.body()).getElementById("message").text())
          .contains("ws-elsewhere")
          .contains("nothing was connected");
      peers.verify(
          postRequestedFor(urlPathEqualTo("/v1/oauth/revoke"))
              .withRequestBody(containing("ntn_token_of_ws-elsewhere")));
    } finally {
      notionAnswers("ws-acme");
    }
  }

  @Test
  @Order(10)
  void forgedReplayedRefusedAndUnauthorisedSignInsGetAClearPageAndCreateNoAccount()
      throws Exception {
    int accounts = console.json("/api/admin/accounts").getJsonArray("items").size();

    SsoSession stranger = new SsoSession(base, keycloak);
    HttpResponse<String> forged =
        stranger.get("/signin/oidc/callback?state=forged-state&code=forged-code");
    assertThat(forged.statusCode()).isEqualTo(400);
    assertThat(Jsoup.parse(forged.body()).title()).contains("This sign-in has expired");

    // a real answer, used twice: the second finds its state taken
    SsoSession bob = new SsoSession(base, keycloak);
    String authorization =
        bob.get("/signin/oidc?next=account").headers().firstValue("Location").orElseThrow();
    String callback = keycloak.newLogin().signIn(authorization, "bob", "bob-password");
    assertThat(bob.getAbsolute(callback).statusCode()).isEqualTo(303);
    assertThat(bob.getAbsolute(callback).statusCode()).isEqualTo(400);
    assertThat(stranger.getAbsolute(callback).statusCode())
        .as("another browser's answer")
        .isEqualTo(400);

    SsoSession declined = new SsoSession(base, keycloak);
    String state =
        query(
                declined
                    .get("/signin/oidc?next=account")
                    .headers()
                    .firstValue("Location")
                    .orElseThrow())
            .get("state");
    HttpResponse<String> denied =
        declined.get(
            "/signin/oidc/callback?state="
                + state
                + "&error=access_denied&error_description=User%20said%20no");
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(Jsoup.parse(denied.body()).getElementById("message").text())
        .contains("access_denied: User said no");

    SsoSession dave = new SsoSession(base, keycloak);
    HttpResponse<String> notStaff = dave.signIn("account", "dave", "dave-password");
    assertThat(notStaff.statusCode()).isEqualTo(403);
    assertThat(Jsoup.parse(notStaff.body()).getElementById("message").text())
        .contains("not in the group that may use PreviewBridge (staff)");
    assertThat(dave.get("/account").statusCode()).as("not signed in").isEqualTo(303);

    assertThat(console.json("/api/admin/accounts").getJsonArray("items")).hasSize(accounts);
    assertThat(micro.logText())
        .doesNotContain("forged-code")
        .as("no stack trace from the sign-in")
        .doesNotContain("at io.previewbridge.identity");
  }

  @Test
  @Order(11)
  void keysTheProviderRotatedAreFetchedAtTheNextSignIn() throws Exception {
    String kid = keycloak.rotateSigningKey(COMPANY);
    SsoSession bob = new SsoSession(base, keycloak);
    assertThat(bob.signIn("account", "bob", "bob-password").statusCode()).isEqualTo(303);
    assertThat(bob.get("/account").statusCode()).isEqualTo(200);
    assertThat(kid).isNotBlank();
  }

  @Test
  @Order(12)
  void anAdminSignsInToTheConsoleOnTheProvidersRealLoginPageAndSignsOutEverywhere() {
    try (Browser browser = Browser.start()) {
      WebDriver page = browser.open(base + "/admin").driver();
      browser
          .waitUpTo(WAIT)
          .until(ExpectedConditions.presenceOfElementLocated(By.id("sign-in-provider")));
      browser.screenshot("sso-chooser");
      page.findElement(By.id("sign-in-provider")).click();
      browser.waitUpTo(WAIT).until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
      assertThat(page.getCurrentUrl()).startsWith(keycloak.issuer(COMPANY));
      browser.screenshot("sso-keycloak-login");
      page.findElement(By.id("username")).sendKeys("carol");
      page.findElement(By.id("password")).sendKeys("carol-password");
      page.findElement(By.id("kc-login")).click();
      browser.waitUpTo(WAIT).until(ExpectedConditions.presenceOfElementLocated(By.id("counts")));
      assertThat(page.getCurrentUrl()).isEqualTo(base + "/admin");
      assertThat(page.findElement(By.className("who")).getText()).contains("carol");
      browser.screenshot("sso-console");

      page.findElement(By.id("sign-out")).click();
      try {
        browser
            .waitUpTo(Duration.ofSeconds(30))
            .until(ExpectedConditions.presenceOfElementLocated(By.id("note")));
      } catch (org.openqa.selenium.TimeoutException e) {
        browser.screenshot("sso-sign-out-failed");
        throw new AssertionError(
            "after sign-out: "
                + page.getCurrentUrl()
                + " "
                + page.findElement(By.tagName("body")).getText(),
            e);
      }
      assertThat(page.getCurrentUrl()).startsWith(base + "/signin");
      assertThat(page.findElement(By.id("note")).getText()).isEqualTo("You are signed out.");

      // signed out at the provider too: its login page asks again
      page.findElement(By.id("sign-in-provider")).click();
      browser.waitUpTo(WAIT).until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
      browser.screenshot("sso-signed-out");
    }
  }

  // --- helpers

  NotionPlayer notion() {
    return new NotionPlayer(base, Deployments.CLIENT_ID, Deployments.CLIENT_SECRET);
  }

  NotionPlayer.SignIn provider(String username, String password) {
    return NotionPlayer.atProvider(url -> keycloak.newLogin().signIn(url, username, password));
  }

  void notionAnswers(String workspaceId) {
    new AcmeTracker(peers).notionIssues("ntn_token_of_" + workspaceId, workspaceId);
  }

  void issue(int number, Map<String, String> bodies) {
    ProtectedUpstream.item(
        peers, "/api/issues/" + number, keycloak.issuer(COMPANY), "acme-api", false, bodies);
  }

  static String issueJson(String title, String viewer, boolean confidential) {
    return Json.createObjectBuilder()
        .add("title", title)
        .add("viewer", viewer)
        .add("state", "open")
        .add("confidential", confidential)
        .build()
        .toString();
  }

  String sourcesJson() {
    String upstream = peers.baseUrl();
    return """
{"developerName":"Acme SSO Test",
 "providers":[{"id":"acme-product","name":"Acme Product","issuer":"%2$s",
   "clientId":"previewbridge-link","clientSecret":"previewbridge-link-secret","scopes":["openid","offline_access"]}],
 "sources":[
  {"id":"issue","pattern":"^https://tracker\\\\.acme\\\\.test/issues/(?<n>\\\\d+)$",
   "samples":["https://tracker.acme.test/issues/1"],"refresh":"PT1S",
   "fetch":{"url":"%1$s/api/issues/{n}"},"auth":{"kind":"user-token"},
   "restricted":{"when":"{/confidential}","policy":"deny","message":"This issue is confidential"},
   "attributes":[{"id":"title","type":"title","value":"{/title}"},
     {"id":"viewer","name":"Seen by","type":"plain_text","value":"{/viewer}","section":"primary"},
     {"id":"number","name":"Issue","type":"plain_text","value":"#{n}","section":"identifier"}],
   "errors":{"403":"You can't see this issue"}},
  {"id":"issue-limited","pattern":"^https://tracker\\\\.acme\\\\.test/limited/issues/(?<n>\\\\d+)$",
   "samples":["https://tracker.acme.test/limited/issues/1"],"refresh":"PT1S",
   "fetch":{"url":"%1$s/api/issues/{n}"},"auth":{"kind":"user-token"},
   "restricted":{"when":"{/confidential}","policy":"limited","title":"Private issue #{n}"},
   "attributes":[{"id":"title","type":"title","value":"{/title}"},
     {"id":"viewer","name":"Seen by","type":"plain_text","value":"{/viewer}","section":"primary"},
     {"id":"number","name":"Issue","type":"plain_text","value":"#{n}","section":"identifier","public":true}]},
  {"id":"report","pattern":"^https://reports\\\\.acme\\\\.test/r/(?<n>\\\\d+)$",
   "samples":["https://reports.acme.test/r/1"],"refresh":"PT1S",
   "fetch":{"url":"%1$s/api/reports/{n}"},"auth":{"kind":"token-exchange","audience":"acme-reports"},
   "attributes":[{"id":"title","type":"title","value":"{/title}"}]},
  {"id":"product","pattern":"^https://product\\\\.acme\\\\.test/p/(?<n>\\\\d+)$",
   "samples":["https://product.acme.test/p/1"],"refresh":"PT1S",
   "fetch":{"url":"%1$s/api/product/{n}"},"auth":{"kind":"oauth","provider":"acme-product"},
   "attributes":[{"id":"title","type":"title","value":"{/title}"}]}]}
"""
        .formatted(upstream, keycloak.issuer(PRODUCT));
  }

  JsonObject unfurl(String notionToken, String uri) throws Exception {
    HttpResponse<String> response = NotionPlayer.unfurl(http, base, notionToken, uri);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.createReader(new StringReader(response.body())).readObject();
  }

  static JsonArray operations(JsonObject card) {
    return card.getJsonArray("operations");
  }

  static String title(JsonObject card) {
    return attribute(card, "title");
  }

  /** The text of attribute {@code id}, or null when the card has none. */
  static String attribute(JsonObject card, String id) {
    JsonObject first = operations(card).getJsonObject(0);
    if (!first.getJsonArray("path").getString(0).equals("attributes")) {
      return null;
    }
    for (JsonObject a : first.getJsonArray("set").getValuesAs(JsonObject.class)) {
      if (a.getString("id").equals(id)) {
        JsonObject inline = a.getJsonObject("inline");
        return inline.getJsonObject(inline.keySet().iterator().next()).getString("value");
      }
    }
    return null;
  }

  /** "status message" of an error operation, or null for a card. */
  static String error(JsonObject card) {
    JsonObject first = operations(card).getJsonObject(0);
    if (!first.getJsonArray("path").getString(0).equals("error")) {
      return null;
    }
    JsonObject set = first.getJsonObject("set");
    return set.getInt("status") + " " + set.getString("message");
  }

  JWTClaimsSet last(String path) {
    List<JWTClaimsSet> seen = ProtectedUpstream.tokensSeen(peers, path);
    assertThat(seen).as("tokens sent to " + path).isNotEmpty();
    return seen.get(seen.size() - 1);
  }

  long patchesWith(String text) {
    return peers
        .findAll(
            patchRequestedFor(urlPathEqualTo("/v1/external/object"))
                .withRequestBody(containing(text)))
        .size();
  }

  void awaitPatch(String text) {
    await().atMost(WAIT).until(() -> patchesWith(text) > 0);
  }

  JsonObject account(String username) throws Exception {
    return console
        .json("/api/admin/accounts")
        .getJsonArray("items")
        .getValuesAs(JsonObject.class)
        .stream()
        .filter(a -> a.getString("username").equals(username))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no account " + username));
  }

  JsonObject credential(String username, String server) throws Exception {
    return account(username).getJsonArray("credentials").getValuesAs(JsonObject.class).stream()
        .filter(c -> c.getString("server").equals(server))
        .findFirst()
        .orElseThrow(() -> new AssertionError(username + " has no " + server + " credential"));
  }

  JsonObject preview(String uri, String account) throws Exception {
    Optional<JsonObject> found =
        console
            .json("/api/admin/previews?q=" + java.net.URLEncoder.encode(uri, "UTF-8"))
            .getJsonArray("items")
            .getValuesAs(JsonObject.class)
            .stream()
            .filter(
                p -> p.getString("uri").equals(uri) && account.equals(p.getString("account", "")))
            .findFirst();
    return found.orElseThrow(() -> new AssertionError("no preview of " + uri + " for " + account));
  }

  static Map<String, String> query(String url) {
    Map<String, String> values = new java.util.LinkedHashMap<>();
    for (String pair : URI.create(url).getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      values.put(
          pair.substring(0, eq),
          java.net.URLDecoder.decode(
              pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
    }
    return values;
  }
}
