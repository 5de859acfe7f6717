package io.previewbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * A person at the admin API over HTTP, as a script would be: a cookie jar, signed in through the
 * real {@code /signin} form (or not at all), with the CSRF token read from {@code GET
 * /api/admin/session} and sent on changing calls unless told otherwise.
 */
final class AdminHttp {

  private final String base;
  private final HttpClient http;
  private String csrf;

  private AdminHttp(String base) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.http =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  /** Nobody signed in. */
  static AdminHttp anonymous(String base) {
    return new AdminHttp(base);
  }

  /** Signed in through the sign-in form; the CSRF token is read if the account is an admin. */
  static AdminHttp signedIn(String base, String username, String password) throws Exception {
    AdminHttp person = new AdminHttp(base);
    HttpResponse<String> form = person.send("GET", "/signin", null, false);
    assertThat(form.statusCode()).isEqualTo(200);
    Element signIn = Jsoup.parse(form.body()).selectFirst("form:has(input[type=password])");
    Map<String, String> fields = new LinkedHashMap<>();
    for (Element input : signIn.select("input[type=hidden]")) {
      fields.put(input.attr("name"), input.attr("value"));
    }
    fields.put("username", username);
    fields.put("password", password);
    HttpResponse<String> signedIn =
        person.http.send(
            HttpRequest.newBuilder(URI.create(person.base + "/signin"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(signedIn.statusCode()).as("sign-in of " + username).isEqualTo(303);
    HttpResponse<String> session = person.send("GET", "/api/admin/session", null, false);
    if (session.statusCode() == 200) {
      person.csrf = parse(session.body()).getString("csrfToken");
    }
    return person;
  }

  /** A call with the CSRF header on changing methods (if this person has a token). */
  HttpResponse<String> call(String method, String path) throws Exception {
    return send(method, path, null, true);
  }

  /** A call without the CSRF header. */
  HttpResponse<String> callWithoutCsrf(String method, String path) throws Exception {
    return send(method, path, null, false);
  }

  /** A GET that must answer 200 with JSON. */
  JsonObject json(String path) throws Exception {
    HttpResponse<String> response = call("GET", path);
    assertThat(response.statusCode()).as("GET " + path + ": " + response.body()).isEqualTo(200);
    return parse(response.body());
  }

  /** A POST that must answer 200 with JSON. */
  JsonObject post(String path) throws Exception {
    HttpResponse<String> response = call("POST", path);
    assertThat(response.statusCode()).as("POST " + path + ": " + response.body()).isEqualTo(200);
    return parse(response.body());
  }

  /** A call with this (wrong, say) token in the CSRF header. */
  HttpResponse<String> callWithCsrf(String method, String path, String token) throws Exception {
    String own = csrf;
    csrf = token;
    try {
      return send(method, path, null, true);
    } finally {
      csrf = own;
    }
  }

  HttpResponse<String> send(String method, String path, String body, boolean withCsrf)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + (path.startsWith("/") ? path : "/" + path)))
            .timeout(Duration.ofSeconds(60))
            .header("Accept", "application/json, text/html;q=0.9");
    if (withCsrf && csrf != null && !"GET".equals(method)) {
      request.header("X-CSRF-Token", csrf);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonObject parse(String body) {
    return Json.createReader(new StringReader(body)).readObject();
  }

  static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
