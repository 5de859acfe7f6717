package io.previewbridge.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.previewbridge.testing.AcmeTracker.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.previewbridge.testing.AcmeTracker;
import io.previewbridge.testing.Deployments;
import io.previewbridge.testing.NotionPlayer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The accounts part of the admin API on the real WAR: who may call it, what bad input gets, and
 * what an admin's create, disable, enable and reset do to signing in and to Notion connections,
 * each with its audit entry.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AdminAccountsIT {

  static final WireMockServer PEERS = new WireMockServer(options().dynamicPort());
  static final AcmeTracker TRACKER = new AcmeTracker(PEERS);

  static {
    PEERS.start();
    TRACKER.notionIssues("ntn_accounts_test", "ws-accounts");
    PEERS.stubFor(patch(urlPathEqualTo("/v1/external/object")).willReturn(json("{}")));
  }

  @Deployment(testable = false)
  static WebArchive deployment() throws Exception {
    Path accountsFile = Files.createTempFile("previewbridge-accounts", ".json");
    Files.writeString(
        accountsFile,
        """
        [{"username": "filed", "displayName": "From the file", "password": "filed-pass",
          "roles": ["user"]}]
        """);
    accountsFile.toFile().deleteOnExit();
    Map<String, String> config = Deployments.baseConfig();
    config.put("previewbridge.demo", "true");
    config.put("previewbridge.sources", TRACKER.sourcesFile("Acme Test").toString());
    config.put("previewbridge.notion.api-url", PEERS.baseUrl());
    config.put("previewbridge.accounts-file", accountsFile.toString());
    return Deployments.previewBridge(config);
  }

  @AfterAll
  static void stopPeers() {
    PEERS.stop();
  }

  @ArquillianResource URL base;

  @Test
  void onlySignedInAdminsWithTheCsrfTokenGetIn() throws Exception {
    AdminDataSession anonymous = AdminDataSession.anonymous(base.toString());
    assertProblem(anonymous.get("/api/admin/accounts"), 401);
    assertProblem(anonymous.post("/api/admin/accounts", newAccount("nobody1")), 401);
    assertProblem(anonymous.post("/api/admin/accounts/x/disable", (JsonValue) null), 401);

    AdminDataSession user = AdminDataSession.signedIn(base.toString(), "demo", "demo");
    assertProblem(user.get("/api/admin/accounts"), 403);
    assertProblem(user.post("/api/admin/accounts", newAccount("nobody2")), 403);
    assertProblem(user.post("/api/admin/accounts/x/enable", (JsonValue) null), 403);
    assertProblem(user.post("/api/admin/accounts/x/reset-password", (JsonValue) null), 403);

    AdminDataSession admin = admin();
    assertProblem(admin.post("/api/admin/accounts", newAccount("nobody3").toString(), false), 403);
    String demoId = idOf(admin, "demo");
    assertProblem(admin.post("/api/admin/accounts/" + demoId + "/disable", "", false), 403);
    assertProblem(
        admin.post("/api/admin/accounts/" + demoId + "/reset-password", "{}", false), 403);
    assertThat(admin.get("/api/admin/accounts").json().getJsonArray("items").toString())
        .doesNotContain("nobody");
    assertThat(AdminDataSession.signedIn(base.toString(), "demo", "demo")).isNotNull();
  }

  @Test
  void anAdminCreatesAnAccountThatCanSignIn() throws Exception {
    AdminDataSession admin = admin();
    AdminDataSession.Answer created =
        admin.post(
            "/api/admin/accounts",
            Json.createObjectBuilder()
                .add("username", "jane")
                .add("displayName", "Jane Doe")
                .add("email", "jane@example.com")
                .add("password", "jane-secret-1")
                .add("roles", Json.createArrayBuilder().add("user"))
                .build());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonObject jane = created.json();
    assertThat(jane.getString("username")).isEqualTo("jane");
    assertThat(jane.getBoolean("enabled")).isTrue();
    assertThat(jane.getBoolean("fromFile")).isFalse();
    assertThat(jane.containsKey("generatedPassword")).isFalse();
    assertThat(created.body()).doesNotContain("jane-secret-1").doesNotContain("PBKDF2");
    assertThat(AdminDataSession.anonymous(base.toString()).signIn("jane", "jane-secret-1"))
        .isTrue();
    assertAudited(admin, "account.create", "jane");

    AdminDataSession.Answer generated =
        admin.post(
            "/api/admin/accounts", Json.createObjectBuilder().add("username", "gen").build());
    assertThat(generated.status()).isEqualTo(201);
    String password = generated.json().getString("generatedPassword");
    assertThat(password).hasSizeGreaterThanOrEqualTo(12);
    assertThat(generated.json().getJsonArray("roles").toString()).isEqualTo("[\"user\"]");
    assertThat(AdminDataSession.anonymous(base.toString()).signIn("gen", password)).isTrue();
    assertThat(admin.get("/api/admin/accounts").body()).doesNotContain(password);
    assertThat(admin.get("/api/admin/audit-log").body()).doesNotContain(password);

    AdminDataSession.Answer duplicate = admin.post("/api/admin/accounts", newAccount("jane"));
    assertProblem(duplicate, 409);
    assertThat(duplicate.json().getString("detail")).contains("\"jane\" exists already");
  }

  @Test
  void badInputIsA400NamingEveryField() throws Exception {
    AdminDataSession admin = admin();
    AdminDataSession.Answer bad =
        admin.post(
            "/api/admin/accounts",
            Json.createObjectBuilder()
                .add("username", "no spaces allowed")
                .add("password", "short")
                .add("roles", Json.createArrayBuilder().add("root"))
                .build());
    assertProblem(bad, 400);
    assertThat(bad.json().getJsonArray("errors").toString())
        .contains("\"field\":\"username\"")
        .contains("\"field\":\"password\",\"message\":\"must have at least 8 characters\"")
        .contains("\"field\":\"roles[0]\"");
    AdminDataSession.Answer notJson = admin.post("/api/admin/accounts", "{nope", true);
    assertProblem(notJson, 400);
    assertProblem(admin.post("/api/admin/accounts", "[1, 2]", true), 400);
    AdminDataSession.Answer wrongType =
        admin.post("/api/admin/accounts", "{\"username\": 42}", true);
    assertProblem(wrongType, 400);
    assertThat(wrongType.json().getJsonArray("errors").toString())
        .contains("\"field\":\"username\",\"message\":\"must be a string\"");
    String demoId = idOf(admin, "demo");
    AdminDataSession.Answer shortReset =
        admin.post(
            "/api/admin/accounts/" + demoId + "/reset-password",
            Json.createObjectBuilder().add("password", "abc").build());
    assertProblem(shortReset, 400);
    assertThat(AdminDataSession.anonymous(base.toString()).signIn("demo", "demo")).isTrue();
  }

  @Test
  void unknownAccountsAre404() throws Exception {
    AdminDataSession admin = admin();
    String unknown = UUID.randomUUID().toString();
    assertProblem(admin.get("/api/admin/accounts/" + unknown), 404);
    assertProblem(admin.post("/api/admin/accounts/" + unknown + "/disable", (JsonValue) null), 404);
    assertProblem(admin.post("/api/admin/accounts/" + unknown + "/enable", (JsonValue) null), 404);
    assertProblem(
        admin.post("/api/admin/accounts/" + unknown + "/reset-password", (JsonValue) null), 404);
  }

  @Test
  void disablingStopsSignInAndRevokesTheConnectionsEnablingAllowsSignInAgain() throws Exception {
    AdminDataSession admin = admin();
    assertThat(admin.post("/api/admin/accounts", newAccount("carol")).status()).isEqualTo(201);
    String carol = idOf(admin, "carol");
    NotionPlayer.Tokens tokens =
        new NotionPlayer(
                base.toString().replaceAll("/$", ""),
                Deployments.CLIENT_ID,
                Deployments.CLIENT_SECRET)
            .connect("carol", "carol-password");
    TRACKER.ticket(7, "Printer on fire", "open");
    assertThat(unfurl(tokens.accessToken(), AcmeTracker.uri(7)).statusCode()).isEqualTo(200);
    assertThat(admin.get("/api/admin/accounts/" + carol).json().getInt("activeConnections"))
        .isEqualTo(1);

    AdminDataSession.Answer disabled =
        admin.post("/api/admin/accounts/" + carol + "/disable", (JsonValue) null);
    assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
    assertThat(disabled.json().getBoolean("enabled")).isFalse();
    assertThat(disabled.json().getInt("activeConnections")).isZero();
    assertThat(AdminDataSession.anonymous(base.toString()).signIn("carol", "carol-password"))
        .as("a disabled account cannot sign in")
        .isFalse();
    assertThat(unfurl(tokens.accessToken(), AcmeTracker.uri(7)).statusCode())
        .as("its Notion connection is revoked")
        .isEqualTo(401);
    assertAudited(admin, "account.disable", "carol");
    assertThat(admin.get("/api/admin/previews?q=tickets/7").body())
        .as("its tracked preview is stopped")
        .contains("\"status\":\"stopped\"")
        .doesNotContain("\"status\":\"active\"");

    assertProblem(admin.post("/api/admin/accounts/" + carol + "/disable", (JsonValue) null), 409);

    AdminDataSession.Answer enabled =
        admin.post("/api/admin/accounts/" + carol + "/enable", (JsonValue) null);
    assertThat(enabled.status()).isEqualTo(200);
    assertThat(enabled.json().getBoolean("enabled")).isTrue();
    assertThat(enabled.json().getInt("activeConnections")).as("revoked stays revoked").isZero();
    assertThat(AdminDataSession.anonymous(base.toString()).signIn("carol", "carol-password"))
        .isTrue();
    assertAudited(admin, "account.enable", "carol");
    assertProblem(admin.post("/api/admin/accounts/" + carol + "/enable", (JsonValue) null), 409);
  }

  @Test
  void aDisabledAdminLosesTheConsoleAtOnceThoughStillSignedIn() throws Exception {
    AdminDataSession admin = admin();
    AdminDataSession.Answer created =
        admin.post(
            "/api/admin/accounts",
            Json.createObjectBuilder()
                .add("username", "erin")
                .add("password", "erin-password")
                .add("roles", Json.createArrayBuilder().add("user").add("admin"))
                .build());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    AdminDataSession erin = AdminDataSession.signedIn(base.toString(), "erin", "erin-password");
    assertThat(erin.get("/api/admin/accounts").status()).isEqualTo(200);

    assertThat(
            admin
                .post("/api/admin/accounts/" + idOf(admin, "erin") + "/disable", (JsonValue) null)
                .status())
        .isEqualTo(200);

    assertProblem(erin.get("/api/admin/accounts"), 401);
  }

  @Test
  void anAdminCannotDisableThemselves() throws Exception {
    AdminDataSession admin = admin();
    AdminDataSession.Answer self =
        admin.post("/api/admin/accounts/" + idOf(admin, "admin") + "/disable", (JsonValue) null);
    assertProblem(self, 409);
    assertThat(self.json().getString("detail")).isEqualTo("You cannot disable your own account");
    assertThat(admin.get("/api/admin/accounts").status()).isEqualTo(200);
  }

  @Test
  void aResetPasswordReplacesTheOldOne() throws Exception {
    AdminDataSession admin = admin();
    assertThat(admin.post("/api/admin/accounts", newAccount("dave")).status()).isEqualTo(201);
    String dave = idOf(admin, "dave");

    AdminDataSession.Answer chosen =
        admin.post(
            "/api/admin/accounts/" + dave + "/reset-password",
            Json.createObjectBuilder().add("password", "brand-new-pass").build());
    assertThat(chosen.status()).as(chosen.toString()).isEqualTo(200);
    assertThat(chosen.json().containsKey("generatedPassword")).isFalse();
    assertThat(AdminDataSession.anonymous(base.toString()).signIn("dave", "dave-password"))
        .isFalse();
    assertThat(AdminDataSession.anonymous(base.toString()).signIn("dave", "brand-new-pass"))
        .isTrue();

    AdminDataSession.Answer generated =
        admin.post("/api/admin/accounts/" + dave + "/reset-password", (JsonValue) null);
    String password = generated.json().getString("generatedPassword");
    assertThat(AdminDataSession.anonymous(base.toString()).signIn("dave", "brand-new-pass"))
        .isFalse();
    assertThat(AdminDataSession.anonymous(base.toString()).signIn("dave", password)).isTrue();
    assertAudited(admin, "account.reset-password", "dave");
  }

  @Test
  void aPasswordResetOrARevokeEndsTheAccountsSessionsAtOnceAndRevokesItsNotionGrants()
      throws Exception {
    AdminDataSession admin = admin();
    assertThat(
            admin
                .post(
                    "/api/admin/accounts",
                    Json.createObjectBuilder()
                        .add("username", "gus")
                        .add("password", "gus-password")
                        .add("roles", Json.createArrayBuilder().add("user").add("admin"))
                        .build())
                .status())
        .isEqualTo(201);
    String gus = idOf(admin, "gus");
    AdminDataSession stolen = AdminDataSession.signedIn(base.toString(), "gus", "gus-password");
    assertThat(stolen.get("/api/admin/session").status()).isEqualTo(200);
    NotionPlayer.Tokens tokens =
        new NotionPlayer(
                base.toString().replaceAll("/$", ""),
                Deployments.CLIENT_ID,
                Deployments.CLIENT_SECRET)
            .connect("gus", "gus-password");
    TRACKER.ticket(8, "Coffee machine", "open");
    assertThat(unfurl(tokens.accessToken(), AcmeTracker.uri(8)).statusCode()).isEqualTo(200);

    AdminDataSession.Answer reset =
        admin.post(
            "/api/admin/accounts/" + gus + "/reset-password",
            Json.createObjectBuilder().add("password", "gus-new-password").build());
    assertThat(reset.status()).isEqualTo(200);
    assertThat(stolen.get("/api/admin/session").status())
        .as("the session signed in with the old password is over")
        .isEqualTo(401);
    assertThat(unfurl(tokens.accessToken(), AcmeTracker.uri(8)).statusCode())
        .as("and so is the Notion connection made with it")
        .isEqualTo(401);
    assertThat(reset.json().getInt("activeConnections")).isZero();

    AdminDataSession again = AdminDataSession.signedIn(base.toString(), "gus", "gus-new-password");
    assertThat(again.get("/api/admin/session").status()).isEqualTo(200);
    AdminDataSession.Answer revoked =
        admin.post("/api/admin/accounts/" + gus + "/revoke", (JsonValue) null);
    assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
    assertThat(revoked.json().getBoolean("enabled")).as("revoked, not disabled").isTrue();
    assertThat(again.get("/api/admin/session").status()).isEqualTo(401);
    assertThat(
            AdminDataSession.signedIn(base.toString(), "gus", "gus-new-password")
                .get("/api/admin/session")
                .status())
        .as("a new sign-in works")
        .isEqualTo(200);
    assertAudited(admin, "account.revoke", "gus");
    AdminDataSession.Answer self =
        admin.post("/api/admin/accounts/" + idOf(admin, "admin") + "/revoke", (JsonValue) null);
    assertProblem(self, 409);
  }

  @Test
  void accountsOfTheAccountsFileAreMarked() throws Exception {
    AdminDataSession admin = admin();
    JsonObject filed = byUsername(admin, "filed");
    assertThat(filed.getBoolean("fromFile")).isTrue();
    assertThat(filed.getString("displayName")).isEqualTo("From the file");
    assertThat(byUsername(admin, "demo").getBoolean("fromFile")).isFalse();
    assertThat(admin.get("/admin/accounts").body()).contains("from file").contains("filed");
  }

  @Test
  void theEndpointsAreDocumentedInOpenApi() throws Exception {
    HttpResponse<String> openapi =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "openapi")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(openapi.body())
        .contains("/api/admin/accounts:")
        .contains("/api/admin/accounts/{id}/disable:")
        .contains("/api/admin/accounts/{id}/enable:")
        .contains("/api/admin/accounts/{id}/reset-password:")
        .contains("/api/admin/previews:")
        .contains("/api/admin/previews/{id}:")
        .contains("/api/admin/previews/{id}/refresh:")
        .contains("/api/admin/previews/{id}/stop:")
        .contains("/api/admin/sources:")
        .contains("/api/admin/sources/try:")
        .contains("/api/admin/sources/check:");
  }

  private AdminDataSession admin() throws Exception {
    return AdminDataSession.signedIn(base.toString(), "admin", "admin");
  }

  private static JsonObject newAccount(String username) {
    return Json.createObjectBuilder()
        .add("username", username)
        .add("password", username + "-password")
        .build();
  }

  private static JsonObject byUsername(AdminDataSession admin, String username) throws Exception {
    return admin.get("/api/admin/accounts").json().getJsonArray("items").stream()
        .map(JsonValue::asJsonObject)
        .filter(a -> a.getString("username").equals(username))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no account " + username));
  }

  private static String idOf(AdminDataSession admin, String username) throws Exception {
    return byUsername(admin, username).getString("id");
  }

  static void assertProblem(AdminDataSession.Answer answer, int status) {
    assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
    assertThat(answer.contentType()).startsWith("application/problem+json");
    assertThat(answer.json().getString("detail")).isNotBlank();
  }

  static void assertAudited(AdminDataSession admin, String action, String target) throws Exception {
    boolean found =
        admin.get("/api/admin/audit-log").json().getJsonArray("entries").stream()
            .map(JsonValue::asJsonObject)
            .anyMatch(
                e ->
                    e.getString("action").equals(action)
                        && e.getString("actor").equals("admin")
                        && target.equals(e.getString("target", null)));
    assertThat(found).as("audit entry " + action + " " + target).isTrue();
  }

  private HttpResponse<String> unfurl(String accessToken, String uri) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(base + "notion/unfurl"))
                .header("Authorization", "Bearer " + accessToken)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        Json.createObjectBuilder().add("uri", uri).build().toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
