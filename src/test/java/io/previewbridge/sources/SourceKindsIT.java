package io.previewbridge.sources;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.previewbridge.sources.spi.ExampleOrders;
import io.previewbridge.testing.Deployments;
import io.previewbridge.testing.NotionPlayer;
import io.previewbridge.testing.NotionStubs;
import io.previewbridge.testing.TlsTerminatedCookies;
import io.previewbridge.unfurl.entity.AttributeValidator;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The five seed previews of the demo product, an html-meta page and a Java SPI source, each through
 * {@code /notion/unfurl} with a token from our own authorization flow; and the Notion settings
 * endpoint for admins, users and strangers.
 *
 * <p>The demo sources follow {@code previewbridge.public-url}, which must be fixed before the
 * random port is known: it is set to an https name that only the pasted links use, and the demo API
 * is reached through a WireMock proxy to the server under test.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SourceKindsIT {

  static final String PUBLIC = "https://demo.previewbridge.test";
  static final WireMockServer PEERS = new WireMockServer(options().dynamicPort());

  static {
    PEERS.start();
    PEERS.stubFor(NotionStubs.tokenExchange("ws-kinds"));
    PEERS.stubFor(
        get(urlPathEqualTo("/pages/release"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "text/html; charset=utf-8")
                    .withBody(fixture("og-only.html"))));
    PEERS.stubFor(
        get(urlPathEqualTo("/pages/kettle"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "text/html")
                    .withBody(fixture("jsonld-only.html"))));
  }

  @Deployment(testable = false)
  static WebArchive deployment() {
    Map<String, String> config = Deployments.baseConfig();
    config.put("previewbridge.demo", "true");
    config.put("previewbridge.public-url", PUBLIC);
    config.put("previewbridge.demo.upstream-url", PEERS.baseUrl());
    config.put("previewbridge.notion.api-url", PEERS.baseUrl());
    config.put("previewbridge.sources", sourcesFile().toString());
    // the html-meta page is on localhost, which a pasted link may reach only when listed
    config.put("previewbridge.fetch.allowed-hosts", "localhost");
    WebArchive war = Deployments.previewBridge(config);
    war.addClass(ExampleOrders.class);
    return war;
  }

  @AfterAll
  static void stopPeers() {
    PEERS.stop();
  }

  @ArquillianResource URL base;

  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void proxyTheDemoApiToTheServerUnderTest() {
    PEERS.stubFor(any(urlPathMatching("/demo/.*")).willReturn(aResponse().proxiedFrom(root())));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
task-12     | title,status,due,key,assignee,description,dev         | status:primary:enum, due:secondary:date, key:identifier:plain_text, assignee:avatar:image
design-1    | title,editor,updated,editorAvatar,preview,dev          | preview:embed:image, updated:secondary:datetime, editor:primary:plain_text
chart-1     | title,description,updated,chart,dev                    | chart:embed:html, description:body:plain_text
message-1   | title,author,posted,channel,authorAvatar,text,dev      | text:body:plain_text, authorAvatar:avatar:image, channel:identifier:plain_text, posted:secondary:datetime
run-128     | title,state,branch,duration,updated,run,dev            | state:primary:enum, branch:secondary:plain_text, duration:secondary:plain_text, updated:secondary:datetime
""")
  void eachSeedPreviewRendersWithValidAttributesInTheRightSections(
      String item, String ids, String placements) throws Exception {
    JsonArray attributes = attributes(unfurl(connect(), PUBLIC + "/demo/items/" + item));

    assertThat(AttributeValidator.validate(attributes)).isEmpty();
    assertThat(attributes.getValuesAs(JsonObject.class).stream().map(a -> a.getString("id")))
        .containsExactlyInAnyOrder(ids.split(","));
    for (String placement : placements.split(",\\s*")) {
      String[] p = placement.split(":");
      JsonObject attribute = byId(attributes, p[0]);
      JsonObject payload = attribute.getJsonObject(attribute.getString("type")).getJsonObject(p[2]);
      assertThat(payload).as(placement).isNotNull();
      assertThat(payload.getString("section")).as(placement).isEqualTo(p[1]);
    }
  }

  @Test
  void theSeedPreviewsCarryWhatTheirKindShows() throws Exception {
    String token = connect();
    JsonArray task = attributes(unfurl(token, PUBLIC + "/demo/items/task-12"));
    JsonArray run = attributes(unfurl(token, PUBLIC + "/demo/items/run-128"));
    JsonArray chart = attributes(unfurl(token, PUBLIC + "/demo/items/chart-1"));

    assertThat(inline(task, "status", "enum").getJsonObject("color")).isNotNull();
    assertThat(inline(task, "key", "plain_text").getString("value")).isEqualTo("TASK-12");
    assertThat(inline(run, "state", "enum").getJsonObject("color")).isNotNull();
    assertThat(inline(run, "duration", "plain_text").getString("value"))
        .matches("(\\d+h )?\\d+m \\d+s|\\d+s");
    assertThat(byId(chart, "chart").getJsonObject("embed").getString("src_url"))
        .startsWith(PUBLIC + "/demo/");
  }

  @Test
  void anHtmlMetaSourceShowsThePagesOwnMetadata() throws Exception {
    String token = connect();
    JsonArray release = attributes(unfurl(token, PEERS.baseUrl() + "/pages/release"));
    JsonArray kettle = attributes(unfurl(token, PEERS.baseUrl() + "/pages/kettle"));

    assertThat(AttributeValidator.validate(release)).isEmpty();
    assertThat(inline(release, "title", "title").getString("value")).isEqualTo("Release notes 4.2");
    assertThat(inline(release, "site", "plain_text").getString("value")).isEqualTo("Acme Blog");
    assertThat(byId(release, "image").getJsonObject("embed").getString("src_url"))
        .isEqualTo("https://cdn.acme.example/blog/4-2.png");
    assertThat(inline(kettle, "title", "title").getString("value")).isEqualTo("Blue kettle");
    assertThat(inline(kettle, "author", "plain_text").getString("value"))
        .isEqualTo("Acme Design Team");
  }

  @Test
  void anHtmlMetaPageThatIsMissingIsAnErrorOperation() throws Exception {
    JsonObject answer = unfurl(connect(), PEERS.baseUrl() + "/pages/nothing-here");
    assertThat(answer.getJsonArray("operations").getJsonObject(0).toString())
        .isEqualTo(
            "{\"path\":[\"error\"],\"set\":{\"status\":404,\"message\":\"This item does not"
                + " exist (any more)\"}}");
  }

  @Test
  void aJavaSourceAnswersForTheSignedInAccount() throws Exception {
    String token = connect();
    JsonArray order = attributes(unfurl(token, "https://shop.acme.test/orders/42"));
    JsonObject missing = unfurl(token, "https://shop.acme.test/orders/404");

    assertThat(inline(order, "title", "title").getString("value")).isEqualTo("Order #42 for demo");
    assertThat(inline(order, "state", "enum").getString("value")).isEqualTo("Paid");
    assertThat(inline(order, "dev", "plain_text").getString("value")).isEqualTo("Acme Test");
    assertThat(missing.getJsonArray("operations").getJsonObject(0).toString())
        .isEqualTo("{\"path\":[\"error\"],\"set\":{\"status\":404,\"message\":\"No order 404\"}}");
  }

  @Test
  void notionSettingsAreForAdminsOnly() throws Exception {
    HttpResponse<String> anonymous =
        getAs(HttpClient.newHttpClient(), "/api/admin/notion-settings");
    HttpResponse<String> user = getAs(signedIn("demo"), "/api/admin/notion-settings");
    HttpClient admin = signedIn("admin");
    HttpResponse<String> json = getAs(admin, "/api/admin/notion-settings");
    HttpResponse<String> page = getAs(admin, "/admin/notion-settings");
    HttpResponse<String> userPage = getAs(signedIn("demo"), "/admin/notion-settings");
    HttpResponse<String> anonymousPage =
        getAs(HttpClient.newHttpClient(), "/admin/notion-settings");

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(user.statusCode()).isEqualTo(403);
    assertThat(userPage.statusCode()).isEqualTo(403);
    assertThat(anonymousPage.statusCode()).isEqualTo(303);
    assertThat(anonymousPage.headers().firstValue("Location").orElse(""))
        .contains("/signin?next=admin%2Fnotion-settings");
    assertThat(json.statusCode()).as(json.body()).isEqualTo(200);
    JsonObject settings = Json.createReader(new StringReader(json.body())).readObject();
    assertThat(settings.getJsonObject("externalAuthorization").getString("unfurlCallbackUrl"))
        .isEqualTo(PUBLIC + "/notion/unfurl");
    assertThat(settings.getJsonObject("externalAuthorization").getString("oauthClientId"))
        .isEqualTo(Deployments.CLIENT_ID);
    JsonObject task =
        settings.getJsonArray("rules").getValuesAs(JsonObject.class).stream()
            .filter(r -> r.getString("ruleName").equals("demo-task"))
            .findFirst()
            .orElseThrow();
    assertThat(task.getString("pattern"))
        .isEqualTo("^https:\\/\\/demo\\.previewbridge\\.test/demo/items/(?<id>task-[0-9]+)$");
    assertThat(task.getJsonArray("unfurlRegexAttributes").toString()).contains("$<id>");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains(PUBLIC + "/notion/authorize")
        .contains("demo-task")
        .contains("$&lt;id&gt;")
        .doesNotContain(Deployments.CLIENT_SECRET);
  }

  // --- helpers ---

  static String fixture(String name) {
    try (InputStream in = SourceKindsIT.class.getResourceAsStream("/html/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The demo sources file, plus an html-meta source for WireMock's pages and a java source. */
  static Path sourcesFile() {
    try (InputStream in = SourceKindsIT.class.getResourceAsStream("/demo/sources.json")) {
      JsonObject demo =
          Json.createReader(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)))
              .readObject();
      JsonArrayBuilder sources = Json.createArrayBuilder(demo.getJsonArray("sources"));
      sources.add(
          Json.createObjectBuilder()
              .add("id", "pages")
              .add("kind", "html-meta")
              .add("pattern", "^" + PEERS.baseUrl().replace(".", "\\.") + "/pages/.*$")
              .add("samples", Json.createArrayBuilder().add(PEERS.baseUrl() + "/pages/release")));
      sources.add(
          Json.createObjectBuilder()
              .add("id", "orders")
              .add("kind", "java")
              .add("bean", ExampleOrders.NAME)
              .add("pattern", "^https://shop\\.acme\\.test/orders/(?<num>\\d+)$")
              .add("samples", Json.createArrayBuilder().add("https://shop.acme.test/orders/1")));
      JsonObject file =
          Json.createObjectBuilder()
              .add("developerName", "Acme Test")
              .add("sources", sources)
              .build();
      Path path = Files.createTempFile("previewbridge-kinds-sources", ".json");
      Files.writeString(path, file.toString(), StandardCharsets.UTF_8);
      path.toFile().deleteOnExit();
      return path;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String root() {
    return base.toString().replaceAll("/$", "");
  }

  String connect() throws Exception {
    return new NotionPlayer(root(), Deployments.CLIENT_ID, Deployments.CLIENT_SECRET)
        .connect("demo", "demo")
        .accessToken();
  }

  JsonObject unfurl(String token, String uri) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(root() + "/notion/unfurl"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        Json.createObjectBuilder().add("uri", uri).build().toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.createReader(new StringReader(response.body())).readObject();
  }

  static JsonArray attributes(JsonObject answer) {
    JsonObject operation = answer.getJsonArray("operations").getJsonObject(0);
    assertThat(operation.getJsonArray("path").getString(0))
        .as(answer.toString())
        .isEqualTo("attributes");
    return operation.getJsonArray("set");
  }

  static JsonObject byId(JsonArray attributes, String id) {
    for (JsonValue value : attributes) {
      if (value.asJsonObject().getString("id").equals(id)) {
        return value.asJsonObject();
      }
    }
    throw new AssertionError("no attribute " + id + " in " + attributes);
  }

  static JsonObject inline(JsonArray attributes, String id, String subType) {
    return byId(attributes, id).getJsonObject("inline").getJsonObject(subType);
  }

  /** A browser signed in as {@code username} (demo accounts: the password is the username). */
  HttpClient signedIn(String username) throws Exception {
    HttpClient browser =
        HttpClient.newBuilder()
            .cookieHandler(new TlsTerminatedCookies())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    HttpResponse<String> form = getAs(browser, "/signin");
    Element login =
        Jsoup.parse(form.body(), root() + "/signin").selectFirst("form:has(input[type=password])");
    Map<String, String> fields = new LinkedHashMap<>();
    for (Element input : login.select("input[type=hidden]")) {
      fields.put(input.attr("name"), input.attr("value"));
    }
    fields.put("username", username);
    fields.put("password", username);
    HttpResponse<String> done =
        browser.send(
            NotionPlayer.postRequest(login.absUrl("action"), fields),
            HttpResponse.BodyHandlers.ofString());
    assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
    return browser;
  }

  HttpResponse<String> getAs(HttpClient client, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(root() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
