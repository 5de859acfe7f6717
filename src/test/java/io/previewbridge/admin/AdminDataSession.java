package io.previewbridge.admin;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * A person at the admin API, as a script drives it: signs in through the real {@code /signin} form
 * (cookie jar, the form's CSRF field), reads the session's CSRF token from {@code GET
 * /api/admin/session}, and sends it with changing calls unless told not to.
 */
final class AdminDataSession {

  /** An answer: status and body, parsed as JSON when it is. */
  record Answer(int status, String contentType, String body) {
    JsonObject json() {
      return Json.createReader(new StringReader(body)).readObject();
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  private final String base;
  private final HttpClient http;
  private String csrf = "";

  private AdminDataSession(String base) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.http =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** Nobody signed in. */
  static AdminDataSession anonymous(String base) {
    return new AdminDataSession(base);
  }

  /** Signed in as {@code username}; fails if the sign-in does not succeed. */
  static AdminDataSession signedIn(String base, String username, String password) throws Exception {
    AdminDataSession session = new AdminDataSession(base);
    if (!session.signIn(username, password)) {
      throw new IllegalStateException("sign-in as " + username + " failed");
    }
    return session;
  }

  /** Posts the real sign-in form; true if it signed in (303 onwards). */
  boolean signIn(String username, String password) throws Exception {
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/signin")).build(),
            HttpResponse.BodyHandlers.ofString());
    Element form = Jsoup.parse(page.body()).selectFirst("form:has(input[type=password])");
    Map<String, String> fields = new LinkedHashMap<>();
    for (Element input : form.select("input[type=hidden]")) {
      fields.put(input.attr("name"), input.attr("value"));
    }
    fields.put("username", username);
    fields.put("password", password);
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/signin"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 303) {
      return false;
    }
    Answer session = get("/api/admin/session");
    if (session.status() == 200) {
      csrf = session.json().getString("csrfToken");
    }
    return true;
  }

  Answer get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  /** A POST with the CSRF header. */
  Answer post(String path, JsonValue body) throws Exception {
    return post(path, body == null ? "" : body.toString(), true);
  }

  Answer post(String path, String body, boolean withCsrf) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (withCsrf) {
      request.header("X-CSRF-Token", csrf);
    }
    return send(request);
  }

  private Answer send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(""),
        response.body());
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
