package io.previewbridge.admin;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.previewbridge.testing.AcmeTracker;
import io.previewbridge.testing.Deployments;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Who may use the admin console, over HTTP against the built WAR: for every admin API endpoint,
 * anonymous 401, a signed-in non-admin 403, an admin without the CSRF header 403 on a changing
 * call, an admin what the table says; for every page, anonymous 303 to sign-in, non-admin 403,
 * admin 200. The endpoints and pages are data ({@link #API}, {@link #PAGES}): add a row for every
 * new one. Also checks that the endpoints are documented in {@code /openapi}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AdminAccessIT {

  /** One admin API endpoint; {@code {id}} stands for a well-formed id nothing has. */
  record Endpoint(String method, String path, int asAdmin) {
    boolean changing() {
      return !"GET".equals(method);
    }

    String concrete() {
      return path.replace("{id}", UNKNOWN_ID);
    }

    @Override
    public String toString() {
      return method + " /" + path;
    }
  }

  static final String UNKNOWN_ID = UUID.randomUUID().toString();

  /**
   * Every admin API endpoint of the WAR. {@code asAdmin} is what an admin gets with these
   * arguments: 200, or 404 where the path names an id nothing has (proof that the call got past the
   * gate to the resource).
   */
  static final List<Endpoint> API =
      List.of(
          new Endpoint("GET", "api/admin/session", 200),
          new Endpoint("GET", "api/admin/audit-log", 200),
          new Endpoint("GET", "api/admin/notion-settings", 200),
          new Endpoint("GET", "api/admin/overview", 200),
          new Endpoint("GET", "api/admin/connections", 200),
          new Endpoint("GET", "api/admin/connections?status=revoked", 200),
          new Endpoint("GET", "api/admin/connections/{id}", 404),
          new Endpoint("POST", "api/admin/connections/{id}/revoke", 404),
          new Endpoint("GET", "api/admin/deliveries", 200),
          new Endpoint("GET", "api/admin/deliveries?status=failed", 200),
          new Endpoint("GET", "api/admin/deliveries?status=pending", 200),
          new Endpoint("GET", "api/admin/deliveries/{id}", 404),
          new Endpoint("POST", "api/admin/deliveries/{id}/retry", 404),
          new Endpoint("POST", "api/admin/deliveries/{id}/discard", 404),
          new Endpoint("GET", "api/admin/previews", 200),
          new Endpoint("GET", "api/admin/previews?q=ticket&status=active", 200),
          new Endpoint("GET", "api/admin/previews/{id}", 404),
          new Endpoint("POST", "api/admin/previews/{id}/refresh", 404),
          new Endpoint("POST", "api/admin/previews/{id}/stop", 404),
          new Endpoint("GET", "api/admin/sources", 200),
          // no body: the admin gets a 400 naming what is missing
          new Endpoint("POST", "api/admin/sources/try", 400),
          new Endpoint("POST", "api/admin/sources/check", 400),
          new Endpoint("GET", "api/admin/accounts", 200),
          new Endpoint("POST", "api/admin/accounts", 400),
          new Endpoint("GET", "api/admin/accounts/{id}", 404),
          new Endpoint("POST", "api/admin/accounts/{id}/disable", 404),
          new Endpoint("POST", "api/admin/accounts/{id}/enable", 404),
          new Endpoint("POST", "api/admin/accounts/{id}/revoke", 404),
          new Endpoint("POST", "api/admin/accounts/{id}/reset-password", 404));

  /** Every console page. */
  static final List<String> PAGES =
      List.of(
          "admin",
          "admin/connections",
          "admin/deliveries",
          "admin/deliveries?status=pending",
          "admin/audit-log",
          "admin/notion-settings",
          "admin/previews",
          "admin/sources",
          "admin/accounts");

  /** Paths that must appear in /openapi (as OpenAPI writes them). */
  static final List<String> DOCUMENTED =
      List.of(
          "/api/admin/overview",
          "/api/admin/connections",
          "/api/admin/connections/{id}",
          "/api/admin/connections/{id}/revoke",
          "/api/admin/deliveries",
          "/api/admin/deliveries/{id}",
          "/api/admin/deliveries/{id}/retry",
          "/api/admin/deliveries/{id}/discard",
          "/api/admin/audit-log",
          "/api/admin/session",
          "/api/admin/notion-settings",
          "/api/admin/previews",
          "/api/admin/previews/{id}",
          "/api/admin/previews/{id}/refresh",
          "/api/admin/previews/{id}/stop",
          "/api/admin/sources",
          "/api/admin/sources/try",
          "/api/admin/sources/check",
          "/api/admin/accounts",
          "/api/admin/accounts/{id}",
          "/api/admin/accounts/{id}/disable",
          "/api/admin/accounts/{id}/enable",
          "/api/admin/accounts/{id}/revoke",
          "/api/admin/accounts/{id}/reset-password");

  /** Only the sources file points here; nothing is fetched. */
  static final WireMockServer TRACKER = new WireMockServer(options().dynamicPort());

  static {
    TRACKER.start();
  }

  @AfterAll
  static void stop() {
    TRACKER.stop();
  }

  @Deployment(testable = false)
  static WebArchive deployment() {
    Map<String, String> config = Deployments.baseConfig();
    config.put("previewbridge.demo", "true");
    config.put(
        "previewbridge.sources", new AcmeTracker(TRACKER).sourcesFile("Acme Test").toString());
    return Deployments.previewBridge(config);
  }

  @ArquillianResource URL base;

  String base() {
    return base.toString();
  }

  @Test
  void anonymousPeopleGet401FromEveryEndpoint() throws Exception {
    AdminHttp anonymous = AdminHttp.anonymous(base());
    SoftAssertions soft = new SoftAssertions();
    for (Endpoint endpoint : API) {
      HttpResponse<String> response = anonymous.call(endpoint.method(), endpoint.concrete());
      soft.assertThat(response.statusCode()).as(endpoint + " anonymous").isEqualTo(401);
      soft.assertThat(response.headers().firstValue("Content-Type").orElse(""))
          .as(endpoint + " anonymous")
          .startsWith("application/problem+json");
    }
    soft.assertAll();
  }

  @Test
  void signedInPeopleWithoutTheAdminRoleGet403FromEveryEndpoint() throws Exception {
    AdminHttp user = AdminHttp.signedIn(base(), "demo", "demo");
    SoftAssertions soft = new SoftAssertions();
    for (Endpoint endpoint : API) {
      HttpResponse<String> response = user.call(endpoint.method(), endpoint.concrete());
      soft.assertThat(response.statusCode()).as(endpoint + " as non-admin").isEqualTo(403);
      soft.assertThat(response.body()).as(endpoint + " as non-admin").contains("admin");
    }
    soft.assertAll();
  }

  @Test
  void adminsGetThroughAndChangingCallsNeedTheCsrfHeader() throws Exception {
    AdminHttp admin = AdminHttp.signedIn(base(), "admin", "admin");
    SoftAssertions soft = new SoftAssertions();
    for (Endpoint endpoint : API) {
      if (endpoint.changing()) {
        HttpResponse<String> forged = admin.callWithoutCsrf(endpoint.method(), endpoint.concrete());
        soft.assertThat(forged.statusCode()).as(endpoint + " without CSRF header").isEqualTo(403);
        soft.assertThat(forged.body()).as(endpoint + " without CSRF header").contains("CSRF");
        HttpResponse<String> wrong =
            admin.callWithCsrf(endpoint.method(), endpoint.concrete(), "not-the-token");
        soft.assertThat(wrong.statusCode()).as(endpoint + " with a wrong token").isEqualTo(403);
      }
      HttpResponse<String> response = admin.call(endpoint.method(), endpoint.concrete());
      soft.assertThat(response.statusCode())
          .as(endpoint + " as admin: " + response.body())
          .isEqualTo(endpoint.asAdmin());
    }
    soft.assertAll();
  }

  @Test
  void pagesSendAnonymousPeopleToSignInAndRefuseNonAdmins() throws Exception {
    AdminHttp anonymous = AdminHttp.anonymous(base());
    AdminHttp user = AdminHttp.signedIn(base(), "demo", "demo");
    AdminHttp admin = AdminHttp.signedIn(base(), "admin", "admin");
    SoftAssertions soft = new SoftAssertions();
    for (String page : PAGES) {
      HttpResponse<String> away = anonymous.call("GET", page);
      soft.assertThat(away.statusCode()).as(page + " anonymous").isEqualTo(303);
      soft.assertThat(away.headers().firstValue("Location").orElse(""))
          .as(page + " anonymous")
          .contains("/signin?next=admin");
      soft.assertThat(user.call("GET", page).statusCode()).as(page + " non-admin").isEqualTo(403);
      HttpResponse<String> shown = admin.call("GET", page);
      soft.assertThat(shown.statusCode()).as(page + " admin").isEqualTo(200);
      soft.assertThat(shown.headers().firstValue("Content-Type").orElse(""))
          .as(page + " admin")
          .startsWith("text/html");
    }
    soft.assertAll();
  }

  @Test
  void theEndpointsAreDocumentedInOpenApi() throws Exception {
    HttpResponse<String> openapi = AdminHttp.anonymous(base()).send("GET", "/openapi", null, false);

    assertThat(openapi.statusCode()).isEqualTo(200);
    assertThat(openapi.body()).contains(DOCUMENTED).contains("admin");
  }
}
