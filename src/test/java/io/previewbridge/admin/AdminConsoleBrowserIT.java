package io.previewbridge.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.previewbridge.testing.AcmeTracker.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.previewbridge.testing.AcmeTracker;
import io.previewbridge.testing.Browser;
import io.previewbridge.testing.Deployments;
import io.previewbridge.testing.NotionPlayer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The console's overview, connections and deliveries pages in a real headless Chromium: an admin
 * signs in through the sign-in form, sees the counts and the latency chart, revokes a connection
 * (and finds it in the audit log), and retries and discards failed deliveries. The data comes from
 * the real flows ({@link NotionPlayer}, a WireMock Notion that refuses "Rejected" titles).
 * Screenshots: {@code target/screenshots/admin-*.png}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AdminConsoleBrowserIT {

  static final WireMockServer PEERS = new WireMockServer(options().dynamicPort());
  static final AcmeTracker TRACKER = new AcmeTracker(PEERS);
  static final Duration WAIT = Duration.ofSeconds(45);

  static {
    PEERS.start();
    PEERS.stubFor(
        patch(urlPathEqualTo("/v1/external/object")).atPriority(10).willReturn(json("{}")));
    PEERS.stubFor(
        patch(urlPathEqualTo("/v1/external/object"))
            .withRequestBody(containing("Rejected"))
            .atPriority(5)
            .willReturn(
                json("{\"object\":\"error\",\"status\":400,\"code\":\"validation_error\","
                        + "\"message\":\"body.attributes[1].value.color is invalid\"}")
                    .withStatus(400)));
  }

  @Deployment(testable = false)
  static WebArchive deployment() {
    Map<String, String> config = Deployments.baseConfig();
    config.put("previewbridge.demo", "true");
    config.put("previewbridge.sources", TRACKER.sourcesFile("Acme Test").toString());
    config.put("previewbridge.notion.api-url", PEERS.baseUrl());
    config.put("previewbridge.tracking.interval", "PT1S");
    config.put("previewbridge.delivery.interval", "PT10M");
    config.put("previewbridge.delivery.initial-backoff", "PT1H");
    config.put("previewbridge.delivery.max-backoff", "PT1H");
    return Deployments.previewBridge(config);
  }

  @AfterAll
  static void stopPeers() {
    PEERS.stop();
  }

  @ArquillianResource URL base;

  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theOverviewShowsTheCountsAndTheLatencyChart() throws Exception {
    String token = connect("ws-browser-overview");
    TRACKER.ticket(51, "Ticket 51", "open");
    unfurl(token, AcmeTracker.uri(51));
    unfurl(token, AcmeTracker.uri(51));
    TRACKER.ticket(51, "Ticket 51 Rejected", "open");
    awaitFailed(AcmeTracker.uri(51));
    TRACKER.ticket(55, "Ticket 55", "open");
    unfurl(token, AcmeTracker.uri(55));
    TRACKER.ticket(55, "Ticket 55 changed", "closed");
    await()
        .atMost(WAIT)
        .until(
            () ->
                !PEERS
                    .findAll(
                        patchRequestedFor(urlPathEqualTo("/v1/external/object"))
                            .withRequestBody(containing("Ticket 55 changed")))
                    .isEmpty());

    try (Browser browser = Browser.start()) {
      signIn(browser, "admin");
      WebDriver page = browser.driver();
      assertThat(page.getCurrentUrl()).endsWith("/admin");
      assertThat(number(page, "tile-connections")).isPositive();
      assertThat(number(page, "tile-previews")).isPositive();
      assertThat(number(page, "tile-failed")).isPositive();
      WebElement chart =
          browser
              .waitUpTo(WAIT)
              .until(
                  ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chart-unfurl svg")));
      assertThat(chart.findElements(By.cssSelector("circle.p50"))).isNotEmpty();
      assertThat(page.findElements(By.cssSelector("#chart-push svg circle.p50")).size())
          .as("a point for the minute of the delivered change")
          .isPositive();
      assertThat(page.findElement(By.cssSelector("#chart-unfurl .legend")).getText())
          .containsPattern("[1-9]\\d* in the last hour");
      assertThat(page.findElement(By.id("recent-errors")).getText())
          .contains(AcmeTracker.uri(51))
          .contains("color is invalid");
      assertThat(page.findElement(By.id("audit-log-link")).getAttribute("href"))
          .endsWith("/admin/audit-log");
      assertThat(page.findElements(By.cssSelector("#nodes tbody tr")))
          .as("the live nodes: this one")
          .singleElement()
          .satisfies(row -> assertThat(row.getText()).contains("this node"));
      browser.screenshot("admin-overview");
      browser.screenshot("admin-overview-chart", page.findElement(By.id("chart-unfurl")));
    }
  }

  @Test
  void anAdminRevokesAConnectionAndFindsItInTheAuditLog() throws Exception {
    String token = connect("ws-browser-revoke");
    TRACKER.ticket(52, "Ticket 52", "open");
    unfurl(token, AcmeTracker.uri(52));
    String connectionId =
        AdminOpsIT.connectionOfWorkspace(admin(), "ws-browser-revoke").getString("id");

    try (Browser browser = Browser.start()) {
      signIn(browser, "admin");
      WebDriver page = browser.open(root() + "admin/connections").driver();
      By row = By.cssSelector("tr[data-id='" + connectionId + "']");
      assertThat(page.findElement(row).getText()).contains("demo").contains("Acme Space");
      assertThat(page.findElement(row).findElement(By.className("status")).getText())
          .isEqualTo("active");
      browser.screenshot("admin-connections-before");

      browser.reloadedBy(() -> browser.clickAndConfirm(row, "button.revoke"));

      assertThat(page.findElement(row).getAttribute("data-status")).isEqualTo("revoked");
      assertThat(page.findElement(By.id("flash")).getText()).contains("revoked");
      assertThat(page.findElement(row).findElement(By.className("status")).getText())
          .isEqualTo("revoked");
      assertThat(page.findElement(row).findElements(By.cssSelector("button.revoke"))).isEmpty();
      browser.screenshot("admin-connections-revoked");

      browser.open(root() + "admin/audit-log");
      WebElement log = page.findElement(By.id("audit-log"));
      assertThat(log.getText()).contains("connection.revoke").contains(connectionId);
      browser.screenshot("admin-audit-log");
    }
  }

  @Test
  void anAdminRetriesOneFailedDeliveryAndDiscardsAnother() throws Exception {
    String token = connect("ws-browser-deliveries");
    TRACKER.ticket(53, "Ticket 53", "open");
    TRACKER.ticket(54, "Ticket 54", "open");
    unfurl(token, AcmeTracker.uri(53));
    unfurl(token, AcmeTracker.uri(54));
    TRACKER.ticket(53, "Ticket 53 Rejected-53", "open");
    TRACKER.ticket(54, "Ticket 54 Rejected-54", "open");
    String toRetry = awaitFailed(AcmeTracker.uri(53)).getString("id");
    String toDiscard = awaitFailed(AcmeTracker.uri(54)).getString("id");
    // Notion accepts ticket 53 now
    PEERS.stubFor(
        patch(urlPathEqualTo("/v1/external/object"))
            .withRequestBody(containing("Rejected-53"))
            .atPriority(1)
            .willReturn(json("{}")));

    try (Browser browser = Browser.start()) {
      signIn(browser, "admin");
      WebDriver page = browser.open(root() + "admin/deliveries?status=failed").driver();
      By retryRow = By.cssSelector("tr[data-id='" + toRetry + "']");
      By discardRow = By.cssSelector("tr[data-id='" + toDiscard + "']");
      assertThat(page.findElement(retryRow).getText())
          .contains(AcmeTracker.uri(53))
          .contains("400")
          .contains("color is invalid");
      browser.screenshot("admin-deliveries-failed");

      browser.reloadedBy(
          () -> page.findElement(retryRow).findElement(By.cssSelector("button.retry")).click());
      assertThat(page.findElement(By.id("flash")).getText()).contains("retried");
      assertThat(page.findElements(retryRow)).isEmpty();
      await()
          .atMost(WAIT)
          .until(
              () -> admin().json("api/admin/deliveries/" + toRetry).getString("status"),
              "delivered"::equals);
      browser.screenshot("admin-deliveries-retried");

      browser.reloadedBy(() -> browser.clickAndConfirm(discardRow, "button.discard"));
      assertThat(page.findElement(By.id("flash")).getText()).contains("discarded");
      assertThat(page.findElements(discardRow)).isEmpty();
      assertThat(admin().json("api/admin/deliveries/" + toDiscard).getString("status"))
          .isEqualTo("superseded");
      browser.screenshot("admin-deliveries-discarded");

      browser.open(root() + "admin/audit-log");
      assertThat(page.findElement(By.id("audit-log")).getText())
          .contains("delivery.retry")
          .contains("delivery.discard")
          .contains(toRetry)
          .contains(toDiscard);
    }
  }

  // --- helpers

  String root() {
    String text = base.toString();
    return text.endsWith("/") ? text : text + "/";
  }

  /** Signs in through the real form, arriving from the console's own redirect. */
  void signIn(Browser browser, String username) {
    WebDriver page = browser.open(root() + "admin").driver();
    browser.waitUpTo(WAIT).until(ExpectedConditions.urlContains("/signin"));
    page.findElement(By.id("username")).sendKeys(username);
    page.findElement(By.id("password")).sendKeys(username);
    page.findElement(By.cssSelector("form button[type=submit]")).click();
    browser.waitUpTo(WAIT).until(ExpectedConditions.presenceOfElementLocated(By.id("counts")));
  }

  static long number(WebDriver page, String tileId) {
    return Long.parseLong(
        page.findElement(By.cssSelector("#" + tileId + " .value")).getText().trim());
  }

  AdminHttp admin() throws Exception {
    return AdminHttp.signedIn(base.toString(), "admin", "admin");
  }

  String connect(String workspaceId) throws Exception {
    TRACKER.notionIssues("ntn_token_of_" + workspaceId, workspaceId);
    return new NotionPlayer(
            base.toString().replaceAll("/$", ""), Deployments.CLIENT_ID, Deployments.CLIENT_SECRET)
        .connect("demo", "demo")
        .accessToken();
  }

  void unfurl(String accessToken, String uri) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(root() + "notion/unfurl"))
                .header("Authorization", "Bearer " + accessToken)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        Json.createObjectBuilder().add("uri", uri).build().toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  JsonObject awaitFailed(String uri) throws Exception {
    AdminHttp admin = admin();
    return await()
        .atMost(WAIT)
        .until(
            () ->
                admin.json("api/admin/deliveries?status=failed").getJsonArray("items").stream()
                    .map(v -> v.asJsonObject())
                    .filter(d -> d.getString("uri").equals(uri))
                    .findFirst(),
            Optional::isPresent)
        .orElseThrow();
  }
}
