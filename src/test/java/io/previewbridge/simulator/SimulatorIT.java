package io.previewbridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.previewbridge.demo.DemoHttp;
import io.previewbridge.testing.Deployments;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The simulated Notion API as PreviewBridge's Notion client (and a person with curl) meets it: the
 * real simulator.war, alone, at {@code /simulator}. PATCHes carry {@code Authorization: Bearer
 * ntn_...} exactly as NotionClient sends it (capital B), which is what an MP-JWT application would
 * refuse before any resource saw it, and why the simulator is its own WAR.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SimulatorIT {

  static final String VERSION = "2026-03-11";

  @Deployment(testable = false)
  static WebArchive deployment() {
    return SimulatorDeployment.simulator(
        Map.of(
            "simulator.integration.client-id", Deployments.NOTION_CLIENT_ID,
            "simulator.integration.client-secret", Deployments.NOTION_CLIENT_SECRET,
            "simulator.previewbridge.client-id", Deployments.CLIENT_ID,
            "simulator.previewbridge.client-secret", Deployments.CLIENT_SECRET,
            "simulator.previewbridge.url", "http://previewbridge.test:8080",
            "simulator.url", "http://previewbridge.test:8080/simulator"));
  }

  /** {@code http://host:port/simulator/}: the context root comes from the WAR's name. */
  @ArquillianResource URL base;

  DemoHttp http() {
    return new DemoHttp(base);
  }

  @AfterEach
  void clearFaults() {
    http().send(http().request("/api/faults").DELETE());
  }

  static JsonObject json(HttpResponse<String> response) {
    return Json.createReader(new StringReader(response.body())).readObject();
  }

  static String basic(String id, String secret) {
    return "Basic "
        + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  HttpResponse<String> exchange(String authorization, String version, String body) {
    HttpRequest.Builder request =
        http()
            .request("/v1/oauth/token")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (version != null) {
      request.header("Notion-Version", version);
    }
    return http().send(request);
  }

  static String codeBody(String code) {
    return "{\"grant_type\":\"authorization_code\",\"code\":\""
        + code
        + "\",\"external_account\":{\"key\":\"acct-1\",\"name\":\"Acme – ana@acme.test\"}}";
  }

  String token() {
    HttpResponse<String> response =
        exchange(
            basic(Deployments.NOTION_CLIENT_ID, Deployments.NOTION_CLIENT_SECRET),
            VERSION,
            codeBody(UUID.randomUUID().toString()));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response).getString("access_token");
  }

  HttpResponse<String> patch(String token, String body) {
    return http()
        .send(
            http()
                .request("/v1/external/object")
                .header("Authorization", "Bearer " + token)
                .header("Notion-Version", "2021-08-16")
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
  }

  static String preview(String uri, boolean withDev) {
    return "{\"uri\":\""
        + uri
        + "\",\"operations\":[{\"path\":[\"attributes\"],\"set\":["
        + "{\"id\":\"title\",\"name\":\"Title\",\"type\":\"inline\",\"inline\":{\"title\":{\"value\":\"Hello\",\"section\":\"title\"}}}"
        + (withDev
            ? ",{\"id\":\"dev\",\"name\":\"Developer Name\",\"type\":\"inline\",\"inline\":{\"plain_text\":{\"value\":\"Acme\",\"section\":\"secondary\"}}}"
            : "")
        + "]}]}";
  }

  static void assertNotionError(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonObject error = json(response);
    assertThat(error.getString("object")).isEqualTo("error");
    assertThat(error.getInt("status")).isEqualTo(status);
    assertThat(error.getString("code")).isEqualTo(code);
    assertThat(error.getString("message")).isNotBlank();
  }

  @Test
  void exchangesACodeForATokenInOneStableWorkspace() {
    HttpResponse<String> first =
        exchange(
            basic(Deployments.NOTION_CLIENT_ID, Deployments.NOTION_CLIENT_SECRET),
            VERSION,
            codeBody("code-a"));
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    JsonObject token = json(first);
    assertThat(token.getString("access_token")).startsWith("ntn_");
    assertThat(token.getString("token_type")).isEqualTo("bearer");
    assertThat(token.getString("workspace_name")).isEqualTo("Simulated Workspace");
    assertThat(token.getJsonObject("owner").getString("type")).isEqualTo("workspace");
    assertThat(token.isNull("duplicated_template_id")).isTrue();

    JsonObject second =
        json(
            exchange(
                basic(Deployments.NOTION_CLIENT_ID, Deployments.NOTION_CLIENT_SECRET),
                VERSION,
                codeBody("code-b")));
    assertThat(second.getString("workspace_id")).isEqualTo(token.getString("workspace_id"));
    assertThat(second.getString("bot_id")).isEqualTo(token.getString("bot_id"));
    assertThat(second.getString("access_token")).isNotEqualTo(token.getString("access_token"));

    assertNotionError(
        exchange(
            basic(Deployments.NOTION_CLIENT_ID, Deployments.NOTION_CLIENT_SECRET),
            VERSION,
            codeBody("code-a")),
        400,
        "invalid_grant");
  }

  @Test
  void refusesTheWrongClientAMissingVersionAndAMalformedBody() {
    assertNotionError(
        exchange(basic(Deployments.NOTION_CLIENT_ID, "wrong"), VERSION, codeBody("c1")),
        401,
        "unauthorized");
    assertNotionError(exchange(null, VERSION, codeBody("c2")), 401, "unauthorized");
    assertNotionError(
        exchange(
            basic(Deployments.NOTION_CLIENT_ID, Deployments.NOTION_CLIENT_SECRET),
            null,
            codeBody("c3")),
        400,
        "missing_version");
    assertNotionError(
        exchange(
            basic(Deployments.NOTION_CLIENT_ID, Deployments.NOTION_CLIENT_SECRET),
            VERSION,
            "{\"grant_type\":"),
        400,
        "invalid_json");
    assertNotionError(
        exchange(
            basic(Deployments.NOTION_CLIENT_ID, Deployments.NOTION_CLIENT_SECRET),
            VERSION,
            "{\"grant_type\":\"authorization_code\",\"code\":\"c4\"}"),
        400,
        "validation_error");
  }

  @Test
  void acceptsAWellFormedPatchFromATokenItIssuedAndListsIt() {
    String uri = "http://localhost:8080/demo/items/task-12?" + UUID.randomUUID();
    HttpResponse<String> accepted = patch(token(), preview(uri, true));
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    assertThat(json(accepted)).isEmpty();

    JsonObject newest = json(http().get("/api/patches")).getJsonArray("patches").getJsonObject(0);
    assertThat(newest.getString("uri")).isEqualTo(uri);
    assertThat(newest.getBoolean("accepted")).isTrue();
    assertThat(newest.getString("notionVersion")).isEqualTo("2021-08-16");
    assertThat(newest.getJsonObject("body").getJsonArray("operations")).hasSize(1);
    assertThat(newest.toString()).doesNotContain("ntn_");
  }

  @Test
  void refusesUnknownTokensAndBodiesWithoutDev() {
    String uri = "http://localhost:8080/demo/items/run-128?" + UUID.randomUUID();
    assertNotionError(patch("ntn_" + "0".repeat(64), preview(uri, true)), 401, "unauthorized");
    HttpResponse<String> noDev = patch(token(), preview(uri, false));
    assertNotionError(noDev, 400, "validation_error");
    assertThat(json(noDev).getString("message")).contains("`dev`");

    var received =
        json(http()
                .get("/api/patches?uri=" + java.net.URLEncoder.encode(uri, StandardCharsets.UTF_8)))
            .getJsonArray("patches")
            .getValuesAs(JsonObject.class);
    assertThat(received).extracting(p -> p.getInt("status")).containsExactly(400, 401);
  }

  @Test
  void plannedFaultsAnswerTheNextRequestsThenStop() {
    String token = token();
    String uri = "http://localhost:8080/demo/items/chart-1?" + UUID.randomUUID();
    HttpResponse<String> planned =
        http()
            .json(
                "POST",
                "/api/faults",
                "{\"status\":429,\"count\":2,\"retryAfter\":7,\"endpoint\":\"patch\"}");
    assertThat(planned.statusCode()).as(planned.body()).isEqualTo(200);
    assertThat(json(planned).getInt("remaining")).isEqualTo(2);

    for (int i = 0; i < 2; i++) {
      HttpResponse<String> limited = patch(token, preview(uri, true));
      assertNotionError(limited, 429, "rate_limited");
      assertThat(limited.headers().firstValue("Retry-After")).hasValue("7");
    }
    assertThat(patch(token, preview(uri, true)).statusCode()).isEqualTo(200);

    http().json("POST", "/api/faults", "{\"status\":503,\"count\":1}");
    assertNotionError(
        exchange(
            basic(Deployments.NOTION_CLIENT_ID, Deployments.NOTION_CLIENT_SECRET),
            VERSION,
            codeBody(UUID.randomUUID().toString())),
        503,
        "service_unavailable");
    assertThat(json(http().get("/api/faults")).getInt("remaining")).isZero();
  }

  @Test
  void refusesFaultsItCannotPlay() {
    HttpResponse<String> response =
        http().json("POST", "/api/faults", "{\"status\":418,\"count\":0}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(json(response).getJsonArray("errors").getValuesAs(JsonObject.class))
        .extracting(e -> e.getString("field"))
        .containsExactlyInAnyOrder("status", "count");
  }

  @Test
  void thePageStartsNotionsAuthorizeRedirectAndRefusesAForgedCallback() {
    assertThat(base.getPath()).isEqualTo("/simulator/");
    HttpResponse<String> page = http().get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("Simulated Workspace")
        .contains("Connect PreviewBridge")
        .contains("http://previewbridge.test:8080/simulator/callback")
        .contains("href=\"http://previewbridge.test:8080/simulator/assets/simulator.css\"");
    assertThat(http().get("/assets/simulator.css").body()).contains("body.nt");
    assertThat(http().get("/assets/card.css").body()).contains(".pb-card");
    assertThat(http().get("/assets/card.js").body()).contains("PreviewCard");
    assertThat(http().get("/assets/nope.js").statusCode()).isEqualTo(404);

    HttpResponse<String> connect =
        http().send(http().request("/connect").POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(connect.statusCode()).isEqualTo(303);
    String location = connect.headers().firstValue("Location").orElseThrow();
    assertThat(location)
        .startsWith("http://previewbridge.test:8080/notion/authorize?")
        .contains("client_id=" + Deployments.CLIENT_ID)
        .contains("redirect_uri=http%3A%2F%2Fpreviewbridge.test%3A8080%2Fsimulator%2Fcallback")
        .contains("response_type=code")
        .containsPattern("[?&]state=[A-Za-z0-9_-]{20,}")
        .containsPattern("[?&]code=[0-9a-f-]{36}");

    HttpResponse<String> forged = http().get("/callback?code=abc&state=forged");
    assertThat(forged.statusCode()).isEqualTo(303);
    assertThat(forged.headers().firstValue("Location").orElseThrow())
        .contains("message=")
        .contains("state");
    assertThat(http().get("/").body()).doesNotContain("Connected: Notion holds");
  }

  HttpResponse<String> post(String path, String body) {
    return http()
        .send(
            http()
                .request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  @Test
  void theLabListsEveryProblemAndRefusesMalformedInputWithA400() {
    HttpResponse<String> valid =
        post(
            "/api/lab/validate",
            "[{\"id\":\"title\",\"name\":\"Title\",\"type\":\"inline\",\"inline\":{\"title\":{\"value\":\"T\",\"section\":\"title\"}}},"
                + "{\"id\":\"dev\",\"name\":\"Developer Name\",\"type\":\"inline\",\"inline\":{\"plain_text\":{\"value\":\"A\",\"section\":\"secondary\"}}}]");
    assertThat(valid.statusCode()).as(valid.body()).isEqualTo(200);
    assertThat(json(valid).getBoolean("valid")).isTrue();
    assertThat(json(valid).getString("kind")).isEqualTo("attributes");

    HttpResponse<String> invalid =
        post("/api/lab/validate", "{\"uri\":\"u\",\"operations\":[{},{}]}");
    assertThat(invalid.statusCode()).isEqualTo(200);
    assertThat(json(invalid).getBoolean("valid")).isFalse();
    assertThat(json(invalid).getJsonArray("problems").getValuesAs(JsonString.class))
        .extracting(JsonString::getString)
        .containsExactly(
            "body failed validation: body.operations[0].path should be [\"attributes\"] or"
                + " [\"error\"].",
            "body failed validation: body.operations[1].path should be [\"attributes\"] or"
                + " [\"error\"].");

    for (String malformed : new String[] {"{\"uri\":", "", "42"}) {
      HttpResponse<String> refused = post("/api/lab/validate", malformed);
      assertThat(refused.statusCode()).as(malformed).isEqualTo(400);
      assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(json(refused).getString("detail")).containsAnyOf("not valid JSON", "Paste");
    }
    HttpResponse<String> badPaste = post("/api/page/paste", "{\"url\":\"javascript:alert(1)\"}");
    assertThat(badPaste.statusCode()).isEqualTo(400);
    assertThat(json(badPaste).getString("detail")).contains("http(s) link");
    HttpResponse<String> badSettings =
        http()
            .send(
                http()
                    .request("/api/settings")
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"rules\": 1}")));
    assertThat(badSettings.statusCode()).isEqualTo(400);
    assertThat(json(badSettings).getString("detail")).contains("\"rules\" array");
  }
}
