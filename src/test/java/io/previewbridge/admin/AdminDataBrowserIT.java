package io.previewbridge.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.previewbridge.testing.AcmeTracker.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.previewbridge.testing.AcmeTracker;
import io.previewbridge.testing.Browser;
import io.previewbridge.testing.Deployments;
import io.previewbridge.testing.NotionPlayer;
import jakarta.json.Json;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The console's tracked previews, sources and accounts pages in a real headless Chromium, signed in
 * as the demo admin through the real sign-in form, over previews made by Notion's real flow.
 * Screenshots go to {@code target/screenshots/admin-*.png}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AdminDataBrowserIT {

  static final WireMockServer PEERS = new WireMockServer(options().dynamicPort());
  static final AcmeTracker TRACKER = new AcmeTracker(PEERS);
  static final Duration WAIT = Duration.ofSeconds(30);

  static {
    PEERS.start();
    TRACKER.notionIssues("ntn_browser_test", "ws-browser");
    PEERS.stubFor(patch(urlPathEqualTo("/v1/external/object")).willReturn(json("{}")));
  }

  @Deployment(testable = false)
  static WebArchive deployment() throws Exception {
    Path sources = Files.createTempFile("previewbridge-sources", ".json");
    Files.writeString(
        sources,
        TRACKER.sourcesJson("Acme Test").replace("\"refresh\": \"PT1S\"", "\"refresh\": \"PT1H\""));
    sources.toFile().deleteOnExit();
    Map<String, String> config = Deployments.baseConfig();
    config.put("previewbridge.demo", "true");
    config.put("previewbridge.sources", sources.toString());
    config.put("previewbridge.notion.api-url", PEERS.baseUrl());
    config.put("previewbridge.tracking.interval", "PT1S");
    config.put("previewbridge.delivery.interval", "PT1S");
    return Deployments.previewBridge(config);
  }

  @AfterAll
  static void stopPeers() {
    PEERS.stop();
  }

  @ArquillianResource URL base;

  private Browser browser;

  @BeforeEach
  void startBrowser() {
    browser = Browser.start();
  }

  @AfterEach
  void closeBrowser() {
    browser.close();
  }

  @Test
  void searchAPreviewSeeItsCardRefreshItAndStopTrackingIt() throws Exception {
    TRACKER.ticket(51, "Coffee machine leaks", "open");
    NotionPlayer.Tokens tokens =
        new NotionPlayer(root(), Deployments.CLIENT_ID, Deployments.CLIENT_SECRET)
            .connect("demo", "demo");
    unfurl(tokens.accessToken(), AcmeTracker.uri(51));

    signInAsAdmin("admin/previews");
    WebDriver driver = browser.driver();
    WebElement q = driver.findElement(By.name("q"));
    q.sendKeys("TICKETS/51");
    driver.findElement(By.cssSelector("#preview-search button[type=submit]")).click();
    browser.waitUpTo(WAIT).until(ExpectedConditions.presenceOfElementLocated(By.id("previews")));
    assertThat(driver.findElements(By.cssSelector("#previews tbody tr"))).hasSize(1);
    browser.screenshot("admin-previews-search");
    driver.findElement(By.cssSelector("#previews a.open")).click();

    WebElement card = waitForCard("#card-slot", "#attributes-json", "Coffee machine leaks");
    browser.screenshot("admin-preview-card", card);
    browser.screenshot("admin-preview-detail");

    TRACKER.ticket(51, "Coffee machine fixed", "closed");
    driver.findElement(By.id("refresh")).click();
    browser
        .waitUpTo(WAIT)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("flash"), "Checked now: it changed"));
    assertThat(driver.findElement(By.id("attributes-json")).getAttribute("textContent"))
        .as("the page shows the new state without a reload")
        .contains("Coffee machine fixed");
    assertThat(driver.findElement(By.id("last-changed")).getText())
        .isEqualTo(driver.findElement(By.id("last-checked")).getText());
    browser.screenshot("admin-preview-refreshed");

    browser.reloadedBy(() -> browser.clickAndConfirm(By.id("preview"), "#stop"));
    assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("stopped");
    assertThat(driver.findElements(By.id("refresh"))).isEmpty();
    assertThat(driver.findElement(By.id("flash")).getText()).contains("no longer tracked");
    browser.screenshot("admin-preview-stopped");
  }

  @Test
  void tryAUrlOnTheSourcesPage() throws Exception {
    TRACKER.ticket(52, "Tried in the console", "open");
    signInAsAdmin("admin/sources");
    WebDriver driver = browser.driver();
    assertThat(driver.findElement(By.id("sources")).getText()).contains("ticket");
    assertThat(driver.findElement(By.id("validation")).getText()).isEqualTo("valid");
    driver.findElement(By.name("url")).sendKeys(AcmeTracker.uri(52));
    new Select(driver.findElement(By.id("try-account"))).selectByValue("demo");
    driver.findElement(By.cssSelector("#try-url button[type=submit]")).click();
    WebElement card = waitForCard("#try-card", "#try-json", "Tried in the console");
    assertThat(driver.findElement(By.id("try-summary")).getText())
        .contains("Source ticket")
        .contains("as demo");
    assertThat(driver.findElement(By.id("try-json")).getText())
        .contains("\"attributes\"")
        .contains("Tried in the console");
    browser.screenshot("admin-sources-try-card", card);
    browser.screenshot("admin-sources-try");
  }

  @Test
  void createAnAccountResetItsPasswordAndDisableIt() throws Exception {
    signInAsAdmin("admin/accounts");
    WebDriver driver = browser.driver();
    WebElement form = driver.findElement(By.id("create-account"));
    form.findElement(By.name("username")).sendKeys("erin");
    form.findElement(By.name("displayName")).sendKeys("Erin Example");
    form.findElement(By.name("password")).sendKeys("erin-password-1");
    browser.reloadedBy(() -> form.findElement(By.cssSelector("button[type=submit]")).click());
    By erin = By.cssSelector("#accounts tr[data-username=erin]");
    assertThat(driver.findElements(erin)).hasSize(1);
    assertThat(driver.findElement(By.id("flash")).getText()).contains("Created erin");
    assertThat(AdminDataSession.anonymous(root()).signIn("erin", "erin-password-1")).isTrue();

    driver.findElement(erin).findElement(By.cssSelector("button.reset")).click();
    driver.findElement(By.cssSelector("#reset-form button[type=submit]")).click();
    browser
        .waitUpTo(WAIT)
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("password-value")));
    String generated = driver.findElement(By.id("password-value")).getText();
    assertThat(generated).hasSizeGreaterThanOrEqualTo(12);
    browser.screenshot("admin-accounts-password-shown");
    assertThat(AdminDataSession.anonymous(root()).signIn("erin", generated))
        .as("the new password signs in")
        .isTrue();
    assertThat(AdminDataSession.anonymous(root()).signIn("erin", "erin-password-1")).isFalse();

    browser.reloadedBy(() -> browser.clickAndConfirm(erin, "button.disable"));
    assertThat(driver.findElement(erin).findElement(By.cssSelector(".status")).getText())
        .isEqualTo("disabled");
    assertThat(AdminDataSession.anonymous(root()).signIn("erin", generated)).isFalse();
    assertThat(
            driver.findElements(By.cssSelector("#accounts tr[data-username=admin] button.disable")))
        .as("no disable button for oneself")
        .isEmpty();
    browser.screenshot("admin-accounts");
  }

  private void signInAsAdmin(String next) {
    browser.open(base + next);
    WebDriver driver = browser.driver();
    browser.waitUpTo(WAIT).until(ExpectedConditions.presenceOfElementLocated(By.id("password")));
    assertThat(driver.getCurrentUrl()).contains("signin");
    driver.findElement(By.id("username")).sendKeys("admin");
    WebElement password = driver.findElement(By.id("password"));
    password.sendKeys("admin");
    password.submit();
    browser.waitUpTo(WAIT).until(ExpectedConditions.urlContains(next));
    browser.waitUpTo(WAIT).until(ExpectedConditions.presenceOfElementLocated(By.tagName("h1")));
  }

  /**
   * Waits until the card in {@code slot} is drawn by the shared renderer ({@code card.js}) with
   * {@code title} as its title, from the operations shown in {@code json}.
   */
  private WebElement waitForCard(String slot, String json, String title) {
    browser
        .waitUpTo(WAIT)
        .ignoring(StaleElementReferenceException.class)
        .until(
            d ->
                d.findElements(By.cssSelector(slot + " .pb-card .pb-title")).stream()
                        .anyMatch(t -> t.getText().contains(title))
                    && d.findElement(By.cssSelector(json))
                        .getAttribute("textContent")
                        .contains(title));
    return browser.driver().findElement(By.cssSelector(slot + " .pb-card"));
  }

  private String root() {
    return base.toString().replaceAll("/$", "");
  }

  private void unfurl(String accessToken, String uri) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "notion/unfurl"))
                    .header("Authorization", "Bearer " + accessToken)
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            Json.createObjectBuilder().add("uri", uri).build().toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }
}
