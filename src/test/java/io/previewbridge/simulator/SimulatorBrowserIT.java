package io.previewbridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.previewbridge.testing.Browser;
import io.previewbridge.testing.PayaraMicroProcess;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The simulator in a real headless Chromium, against the demo as {@code mvn -Pdemo package} runs it
 * (both WARs in one Payara Micro, nothing configured but demo mode and the public URL): paste a
 * demo task's link, see the placeholder, connect through PreviewBridge's sign-in and consent, see
 * the real card, edit the task and see the card change without a reload, switch to the mention, see
 * an error card, remove the card (no more PATCHes for it), disconnect; then the Lab with a valid
 * and an invalid attribute array. Screenshots of each card form land in {@code
 * target/screenshots/simulator-*.png}.
 *
 * <p>PreviewBridge issues 20-second access tokens here, so the simulator has to refresh one (with
 * the {@code refresh_token} grant) during the test, as Notion does when {@code expires_in} says so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SimulatorBrowserIT {

  static final Duration SLOW = Duration.ofSeconds(90);

  PayaraMicroProcess micro;
  Browser browser;
  String base;
  String task;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @RegisterExtension
  final TestWatcher evidenceOnFailure =
      new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
          if (browser != null) {
            browser.screenshot("simulator-failed-" + context.getDisplayName().replace("()", ""));
          }
          if (micro != null) {
            System.err.println(micro.logTail(150));
          }
        }
      };

  @BeforeAll
  void startTheDemoAndABrowser() throws Exception {
    PayaraMicroProcess.Builder server = PayaraMicroProcess.builder("simulator-browser");
    base = server.baseUrl();
    server
        .systemProperty("previewbridge.demo", "true")
        .systemProperty(
            "previewbridge.data-dir",
            server.workDirectory().resolve("data").toAbsolutePath().toString())
        .systemProperty("previewbridge.public-url", base)
        .systemProperty("previewbridge.oauth.access-token-ttl", "PT20S")
        .preBootCommands(Path.of("server-config/payara-micro/demo-frames.asadmin"))
        .postBootCommands(Path.of("server-config/payara-micro/demo-h2.asadmin"))
        .deployAtContextRoot(PayaraMicroProcess.previewBridgeWar(), "/")
        .deploy(PayaraMicroProcess.simulatorWar(), "/simulator");
    micro = server.start();
    micro.awaitReady(PayaraMicroProcess.STARTUP_TIMEOUT, "/health/ready", "/simulator/api/faults");
    browser = Browser.start();
    task = base + "/demo/items/task-12";
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (micro != null) {
      micro.close();
    }
  }

  @Test
  @Order(1)
  void aPastedDemoLinkShowsItsPlaceholderThenTheRealCardAfterConnecting() throws Exception {
    JsonObject item = item("task-12");
    browser.open(base + "/simulator/");
    awaitPageReady();
    paste(task);

    WebElement placeholder = waitFor(card(task) + "[data-state='connect']");
    assertThat(
            placeholder.findElement(By.cssSelector(".pb-card.pb-placeholder .pb-title")).getText())
        .as("the demo-task rule's placeholder: its title falls back to the matched group")
        .isEqualTo("task-12");
    assertThat(placeholder.findElement(By.cssSelector("[data-attr='dev']")).getText())
        .isEqualTo("PreviewBridge Demo");
    browser.screenshot("simulator-placeholder", placeholder);

    placeholder.findElement(By.cssSelector(".nt-connect-card")).click();
    signInAndAllow("demo", "demo");

    WebElement ready = waitFor(card(task) + "[data-state='ready']");
    assertThat(driver().getCurrentUrl()).startsWith(base + "/simulator/");
    assertThat(text(ready, ".pb-card .pb-title")).isEqualTo(item.getString("title"));
    assertThat(text(ready, "[data-attr='status']")).isEqualTo(item.getString("status"));
    assertThat(text(ready, "[data-attr='key']")).isEqualTo(item.getString("identifier"));
    assertThat(text(ready, ".pb-body")).isEqualTo(item.getString("description"));
    assertThat(ready.findElements(By.cssSelector(".pb-foot [data-attr='assignee']"))).hasSize(1);
    assertThat(text(driver().findElement(By.id("connection")), null))
        .isEqualTo("● Connected to PreviewBridge");
    browser.screenshot("simulator-card", ready);
    browser.screenshot("simulator-page");
  }

  @Test
  @Order(2)
  void editingTheTaskOnTheDemoProductsPageChangesItsCardWithoutAReload() throws Exception {
    ((JavascriptExecutor) driver()).executeScript("window.notReloaded = true;");
    String simulator = driver().getWindowHandle();
    String title = "Renamed in the demo " + UUID.randomUUID().toString().substring(0, 6);
    driver().switchTo().newWindow(WindowType.TAB);
    browser.open(task);
    WebElement field = driver().findElement(By.id("f-title"));
    field.clear();
    field.sendKeys(title);
    driver().findElement(By.cssSelector(".demo-form button[type='submit']")).click();
    browser.waitUpTo(SLOW).until(ExpectedConditions.urlContains("saved"));
    driver().close();
    driver().switchTo().window(simulator);

    browser
        .waitUpTo(SLOW)
        .until(
            ExpectedConditions.textToBe(By.cssSelector(card(task) + " .pb-card .pb-title"), title));
    assertThat(((JavascriptExecutor) driver()).executeScript("return window.notReloaded"))
        .as("the card changed in the open page, not by a reload")
        .isEqualTo(true);
    WebElement card = driver().findElement(By.cssSelector(card(task)));
    assertThat(card.getAttribute("data-updates")).isNotNull();
    assertThat(text(card, ".nt-block-status")).startsWith("Updated live by PATCH");
    browser.screenshot("simulator-card-updated", card);
  }

  @Test
  @Order(3)
  void theCardCanBeShownAsAMention() {
    WebElement block = driver().findElement(By.cssSelector(card(task)));
    block.findElement(By.cssSelector(".nt-toggle-mention")).click();
    WebElement mention = waitFor(card(task) + " .pb-mention");
    assertThat(text(mention, ".pb-title")).startsWith("Renamed in the demo");
    assertThat(text(mention, ".pb-mention-id")).isEqualTo("TASK-12");
    assertThat(driver().findElements(By.cssSelector(card(task) + " .pb-card"))).isEmpty();
    browser.screenshot("simulator-mention", driver().findElement(By.cssSelector(card(task))));
    driver().findElement(By.cssSelector(card(task) + " .nt-toggle-mention")).click();
    waitFor(card(task) + " .pb-card");
  }

  @Test
  @Order(4)
  void aMissingItemRendersAsNotionsErrorStateAfterATokenRefresh() throws Exception {
    Instant refreshAt = Instant.parse(state().getString("refreshAt"));
    await()
        .atMost(Duration.ofSeconds(40))
        .until(() -> Instant.now().isAfter(refreshAt.plusSeconds(1)));
    String missing = base + "/demo/items/task-404";
    paste(missing);
    WebElement error = waitFor(card(missing) + "[data-state='error']");
    assertThat(text(error, ".pb-error")).contains("Could not load preview").contains("404");
    browser.screenshot("simulator-error", error);

    String design = base + "/demo/items/design-1";
    paste(design);
    WebElement withImage = waitFor(card(design) + "[data-state='ready']");
    assertThat(withImage.findElements(By.cssSelector(".pb-embed-image img"))).hasSize(1);
    assertThat(text(withImage, ".pb-card .pb-title"))
        .isEqualTo(item("design-1").getString("title"));
    browser.screenshot("simulator-card-image-embed", withImage);
    assertThat(activity())
        .as("the 20 s token was refreshed before the unfurl")
        .anyMatch(
            line -> line.contains("POST /notion/token (refresh_token)") && line.endsWith("200"))
        .anyMatch(line -> line.contains("POST /notion/unfurl " + missing) && line.endsWith("200"));
  }

  @Test
  @Order(5)
  void removingTheCardTellsPreviewBridgeWhichStopsPushing() throws Exception {
    driver().findElement(By.cssSelector(card(task) + " .nt-remove")).click();
    browser
        .waitUpTo(SLOW)
        .until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(card(task))));
    assertThat(text(driver().findElement(By.id("message")), null))
        .contains("DELETE /notion/unfurl → 200");

    String title = "Edited after removal " + UUID.randomUUID().toString().substring(0, 6);
    edit("task-12", title);
    await()
        .during(Duration.ofSeconds(15))
        .atMost(Duration.ofSeconds(25))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> patchTitles(task).stream().noneMatch(title::equals));
  }

  @Test
  @Order(6)
  void disconnectSendsTheDeletedTokenCallback() {
    driver().findElement(By.id("disconnect")).click();
    browser
        .waitUpTo(SLOW)
        .until(ExpectedConditions.textToBe(By.id("connection"), "○ Not connected"));
    assertThat(text(driver().findElement(By.id("message")), null))
        .contains("DELETE /notion/deleted (the deleted-token callback) → 200");
    assertThat(activity())
        .anyMatch(l -> l.contains("DELETE /notion/deleted") && l.endsWith("200"))
        .anyMatch(l -> l.contains("DELETE /notion/unfurl " + task) && l.endsWith("200"));
  }

  @Test
  @Order(7)
  void theLabValidatesAndRendersAttributeArrays() {
    browser.open(base + "/simulator/#lab");
    awaitPageReady();
    labInput(
        "[{'id':'title','name':'Title','type':'inline','inline':{'title':{'value':'Quarterly plan','section':'title'}}},"
            + "{'id':'dev','name':'Developer Name','type':'inline','inline':{'plain_text':{'value':'Acme','section':'secondary'}}},"
            + "{'id':'state','name':'State','type':'inline','inline':{'enum':{'value':'Approved','color':{'r':15,'g':123,'b':108},'section':'primary'}}},"
            + "{'id':'bg','name':'Colour','type':'inline','inline':{'color':{'value':{'r':255,'g':200,'b':80},'section':'background'}}}]");
    browser
        .waitUpTo(SLOW)
        .until(
            ExpectedConditions.textToBe(
                By.id("lab-verdict"), "✓ Valid attribute array: Notion would accept it."));
    WebElement card = driver().findElement(By.cssSelector("#lab-card .pb-card"));
    assertThat(text(card, ".pb-title")).isEqualTo("Quarterly plan");
    assertThat(text(card, "[data-attr='state']")).isEqualTo("Approved");
    assertThat(card.getAttribute("data-background")).isEqualTo("rgb(255,200,80)");
    assertThat(driver().findElements(By.cssSelector("#lab-problems li"))).isEmpty();
    browser.screenshot("simulator-lab-valid");

    labInput(
        "[{'id':'title','name':'Title','type':'inline','inline':{'title':{'value':'Broken','section':'title'}}},"
            + "{'id':'state','name':'State','type':'inline','inline':{'enum':{'value':'x','section':'body'}}},"
            + "{'id':'pic','name':'Picture','type':'embed','embed':{'src_url':'ftp://x.example/a.png','image':{'section':'embed'}}}]");
    browser
        .waitUpTo(SLOW)
        .until(
            ExpectedConditions.textToBe(
                By.id("lab-verdict"), "✗ 3 problems: Notion would refuse it."));
    assertThat(driver().findElements(By.cssSelector("#lab-problems li")))
        .extracting(WebElement::getText)
        .containsExactly(
            "body failed validation: attributes[1].inline.enum.section should be one of primary"
                + " (was `body`).",
            "body failed validation: attributes[2].embed.src_url should be an http(s) URL.",
            "body failed validation: attributes should be an array containing an attribute with"
                + " id `dev`.");
    assertThat(text(driver().findElement(By.cssSelector("#lab-card .pb-card")), ".pb-title"))
        .as("rendered anyway, as far as it can be")
        .isEqualTo("Broken");
    browser.screenshot("simulator-lab-invalid");

    labInput("{'uri': 'https://x.example/1', 'operations': [");
    browser
        .waitUpTo(SLOW)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("lab-verdict"), "not valid JSON"));
  }

  @Test
  @Order(8)
  void theNotionApiTabPlansAndClearsFaults() {
    browser.open(base + "/simulator/#api");
    awaitPageReady();
    WebElement count = driver().findElement(By.id("fault-count"));
    count.clear();
    count.sendKeys("2");
    driver().findElement(By.cssSelector("#fault button[type='submit']")).click();
    browser
        .waitUpTo(SLOW)
        .until(
            ExpectedConditions.textToBe(
                By.id("fault-state"), "Planned: the next 2 request(s) to patch answer 429."));
    browser.screenshot("simulator-notion-api");
    driver().findElement(By.id("fault-clear")).click();
    browser
        .waitUpTo(SLOW)
        .until(
            ExpectedConditions.textToBe(
                By.id("fault-state"), "No fault planned: the simulated API answers normally."));
  }

  // ---------------------------------------------------------------------------------------------

  WebDriver driver() {
    return browser.driver();
  }

  static String card(String uri) {
    return ".nt-block[data-uri='" + uri + "']";
  }

  void awaitPageReady() {
    browser
        .waitUpTo(SLOW)
        .until(
            ExpectedConditions.presenceOfElementLocated(By.cssSelector("body[data-ready='true']")));
  }

  WebElement waitFor(String css) {
    return browser
        .waitUpTo(SLOW)
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  static String text(WebElement element, String css) {
    return (css == null ? element : element.findElement(By.cssSelector(css))).getText().strip();
  }

  void paste(String url) {
    WebElement input = driver().findElement(By.id("url"));
    input.clear();
    input.sendKeys(url);
    driver().findElement(By.cssSelector("#paste button")).click();
  }

  void signInAndAllow(String username, String password) {
    browser.waitUpTo(SLOW).until(ExpectedConditions.urlContains("/signin"));
    driver().findElement(By.name("username")).sendKeys(username);
    driver().findElement(By.name("password")).sendKeys(password);
    driver().findElement(By.cssSelector("form button[type='submit']")).click();
    browser.waitUpTo(SLOW).until(ExpectedConditions.urlContains("/notion/authorize/consent"));
    browser.screenshot("consent-account");
    // nothing goes to Notion before this click; the next page names the workspace
    driver().findElement(By.cssSelector("button[name='decision'][value='continue']")).click();
    browser
        .waitUpTo(SLOW)
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("button[name='decision'][value='allow']")));
    assertThat(driver().findElement(By.id("joining")).getText()).contains("demo");
    browser.screenshot("consent-workspace");
    driver().findElement(By.cssSelector("button[name='decision'][value='allow']")).click();
    browser.waitUpTo(SLOW).until(ExpectedConditions.urlContains("/simulator/"));
    awaitPageReady();
  }

  void labInput(String singleQuoted) {
    WebElement input = driver().findElement(By.id("lab-input"));
    ((JavascriptExecutor) driver())
        .executeScript(
            "arguments[0].value = arguments[1];", input, singleQuoted.replace('\'', '"'));
    driver().findElement(By.id("lab-validate")).click();
  }

  List<String> activity() {
    return driver().findElements(By.cssSelector("#activity li")).stream()
        .map(li -> li.getText().replace('\n', ' ').strip())
        .toList();
  }

  JsonObject item(String id) throws Exception {
    return json(send(HttpRequest.newBuilder(URI.create(base + "/demo/api/items/" + id)).GET()));
  }

  /** Edits a demo task through the demo product's API, as its item page does. */
  void edit(String id, String title) throws Exception {
    JsonObject before = item(id);
    HttpResponse<String> put =
        send(
            HttpRequest.newBuilder(URI.create(base + "/demo/api/items/" + id))
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        Json.createObjectBuilder()
                            .add("title", title)
                            .add("status", before.getString("status"))
                            .add("due", before.getString("due"))
                            .add("assignee", before.getJsonObject("assignee").getString("name"))
                            .add("description", before.getString("description"))
                            .build()
                            .toString())));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
  }

  JsonObject state() throws Exception {
    return json(send(HttpRequest.newBuilder(URI.create(base + "/simulator/api/page/state")).GET()));
  }

  List<String> patchTitles(String uri) throws Exception {
    JsonObject patches =
        json(
            send(
                HttpRequest.newBuilder(
                        URI.create(
                            base
                                + "/simulator/api/patches?uri="
                                + URLEncoder.encode(uri, StandardCharsets.UTF_8)))
                    .GET()));
    return patches.getJsonArray("patches").getValuesAs(JsonObject.class).stream()
        .filter(p -> p.get("body") instanceof JsonObject)
        .map(p -> DemoLoopIT.value(p.getJsonObject("body"), "title"))
        .toList();
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(
        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonObject json(HttpResponse<String> response) {
    return Json.createReader(new StringReader(response.body())).readObject();
  }
}
