package io.previewbridge.identity;

import io.previewbridge.testing.Keycloak;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One person's browser at PreviewBridge, over HTTP only: a cookie jar that signs in through the
 * company's identity provider (Keycloak's real login page, driven by {@link Keycloak.Login}) and
 * then uses the console API and the person's pages with that session.
 */
final class SsoSession {

  final String base;
  final HttpClient http =
      HttpClient.newBuilder()
          .cookieHandler(new CookieManager())
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final Keycloak.Login login;
  private String csrf;

  SsoSession(String base, Keycloak keycloak) {
    this.base = base;
    this.login = keycloak.newLogin();
  }

  /**
   * Signs in at the provider as {@code username}, going on to {@code next}: returns our answer to
   * the provider's callback (303 to {@code next}, or a page that refused).
   */
  HttpResponse<String> signIn(String next, String username, String password) throws Exception {
    HttpResponse<String> toProvider =
        get("/signin/oidc?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
    String authorization =
        toProvider
            .headers()
            .firstValue("Location")
            .orElseThrow(
                () -> new AssertionError("no redirect to the provider: " + toProvider.body()));
    String callback = login.signIn(authorization, username, password);
    HttpResponse<String> answer = getAbsolute(callback);
    HttpResponse<String> session = get("/api/admin/session");
    if (session.statusCode() == 200) {
      csrf = json(session).getString("csrfToken");
    }
    return answer;
  }

  HttpResponse<String> get(String path) throws Exception {
    return getAbsolute(base + path);
  }

  HttpResponse<String> getAbsolute(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A changing admin API call, with the session's CSRF token. */
  HttpResponse<String> post(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("X-CSRF-Token", csrf == null ? "" : csrf)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A form of one of our pages, posted as the browser would. */
  HttpResponse<String> postForm(String path, String formBody) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(formBody))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  JsonObject json(String path) throws Exception {
    HttpResponse<String> response = get(path);
    if (response.statusCode() != 200) {
      throw new AssertionError(
          path + " answered " + response.statusCode() + ": " + response.body());
    }
    return json(response);
  }

  static JsonObject json(HttpResponse<String> response) {
    return Json.createReader(new StringReader(response.body())).readObject();
  }
}
