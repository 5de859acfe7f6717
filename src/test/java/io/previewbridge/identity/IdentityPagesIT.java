package io.previewbridge.identity;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.previewbridge.testing.AcmeTracker;
import io.previewbridge.testing.Deployments;
import io.previewbridge.testing.NotionPlayer;
import java.net.CookieManager;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The identity pages of a server that signs people in with built-in accounts only (the demo's):
 * single sign-on, linking and sign-out answer bad and out-of-place requests with a page that says
 * what is wrong (never a 5xx), and a built-in person's own page and sign-out work.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class IdentityPagesIT {

  static final WireMockServer PEERS = new WireMockServer(options().dynamicPort());
  static final AcmeTracker TRACKER = new AcmeTracker(PEERS);

  static {
    PEERS.start();
  }

  @Deployment(testable = false)
  static WebArchive deployment() {
    Map<String, String> config = Deployments.baseConfig();
    config.put("previewbridge.demo", "true");
    config.put("previewbridge.sources", TRACKER.sourcesFile("Acme Test").toString());
    config.put("previewbridge.notion.api-url", PEERS.baseUrl());
    return Deployments.previewBridge(config);
  }

  @AfterAll
  static void stopPeers() {
    PEERS.stop();
  }

  @ArquillianResource URL base;

  final HttpClient browser =
      HttpClient.newBuilder()
          .cookieHandler(new CookieManager())
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
GET  | signin/oidc                                   | 404 | Single sign-on is off
GET  | signin/oidc?next=https://evil.example/        | 404 | Single sign-on is off
GET  | signin/oidc/callback                          | 400 | This sign-in has expired
GET  | signin/oidc/callback?state=forged&code=x      | 400 | This sign-in has expired
GET  | signin/oidc/callback?state=a&state=b&code=x   | 400 | Sign-in failed
GET  | signin/oidc/callback?error=access_denied      | 400 | This sign-in has expired
GET  | link/acme-product                             | 404 | Unknown product
GET  | link/acme-product/callback?state=x&code=y     | 404 | Unknown product
GET  | link/%2e%2e/callback                          | 404 |
""")
  void outOfPlaceRequestsGetAPageThatSaysWhy(String method, String path, int status, String title)
      throws Exception {
    HttpResponse<String> response = send(method, path, null, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    if (title != null) {
      Document page = Jsoup.parse(response.body());
      assertThat(page.title()).startsWith(title);
      assertThat(response.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
    }
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("at io.");
  }

  @Test
  void withoutASessionThePersonsPagesSendToSignIn() throws Exception {
    assertRedirect(send("GET", "account", null, null), "/signin?next=account");
    assertRedirect(send("GET", "signout", null, null), "/signin?signed-out");
    assertRedirect(
        send("POST", "signout", "application/x-www-form-urlencoded", "csrf=x"),
        "/signin?signed-out");
    HttpResponse<String> unlink =
        send("POST", "link/acme-product/unlink", "application/x-www-form-urlencoded", "csrf=x");
    assertThat(unlink.statusCode()).isEqualTo(404);
  }

  @Test
  void malformedFormsAreRefusedWithoutA5xx() throws Exception {
    for (String type :
        new String[] {
          "text/plain", "application/json", "application/x-www-form-urlencoded; charset=nope"
        }) {
      HttpResponse<String> response = send("POST", "signout", type, "%%%");
      assertThat(response.statusCode()).as(type + ": " + response.body()).isLessThan(500);
    }
  }

  @Test
  void aBuiltInPersonSeesTheirOwnPageAndSignsOutWithTheFormOnly() throws Exception {
    signIn("demo", "demo");
    HttpResponse<String> own = send("GET", "account", null, null);
    assertThat(own.statusCode()).isEqualTo(200);
    Document page = Jsoup.parse(own.body());
    assertThat(page.getElementById("username").text()).isEqualTo("demo");
    assertThat(page.getElementById("signs-in-with").text()).isEqualTo("a password");
    assertThat(page.getElementById("links")).as("no products to link").isNull();

    HttpResponse<String> forged =
        send("POST", "signout", "application/x-www-form-urlencoded", "csrf=not-the-token");
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(send("GET", "account", null, null).statusCode())
        .as("still signed in")
        .isEqualTo(200);

    String csrf = page.selectFirst("form[action$=signout] input[name=csrf]").attr("value");
    HttpResponse<String> out =
        send("POST", "signout", "application/x-www-form-urlencoded", "csrf=" + csrf);
    assertRedirect(out, "/signin?signed-out");
    Document signedOut = Jsoup.parse(send("GET", "signin?signed-out", null, null).body());
    assertThat(signedOut.getElementById("note").text()).isEqualTo("You are signed out.");
    assertRedirect(send("GET", "account", null, null), "/signin?next=account");
  }

  void signIn(String username, String password) throws Exception {
    HttpResponse<String> form = send("GET", "signin?next=account", null, null);
    HttpResponse<String> after = NotionPlayer.password(username, password).on(browser, form);
    assertThat(after.uri().getPath()).isEqualTo("/account");
  }

  HttpResponse<String> send(String method, String path, String type, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root() + path));
    if (type != null) {
      request.header("Content-Type", type);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  void assertRedirect(HttpResponse<String> response, String pathAndQuery) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
    URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
    assertThat(
            location.getRawPath()
                + (location.getRawQuery() == null ? "" : "?" + location.getRawQuery()))
        .isEqualTo(pathAndQuery);
  }

  String root() {
    String text = base.toString();
    return text.endsWith("/") ? text : text + "/";
  }
}
