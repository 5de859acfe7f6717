package io.previewbridge.simulator.control;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
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

/**
 * The simulator's HTTP calls to PreviewBridge (it knows PreviewBridge by nothing else). An answer
 * that never came is status 0 with the reason as its body, so callers can show it.
 */
public final class PreviewBridgeHttp {

  /** One answer: status and body as text (0 when PreviewBridge could not be reached). */
  public record Answer(int status, String body) {

    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /** The body as JSON, or the text as a JSON string when it is not JSON. */
    public JsonValue json() {
      if (body == null || body.isBlank()) {
        return JsonValue.NULL;
      }
      try {
        return Json.createReader(new StringReader(body)).readValue();
      } catch (RuntimeException notJson) {
        return Json.createValue(body);
      }
    }
  }

  private final HttpClient http;

  /**
   * Cookies by name, when this client keeps them. Kept by hand rather than by {@code
   * java.net.CookieManager}, which does not send a cookie back to a host without a dot ({@code
   * localhost}, where the demo runs).
   */
  private final Map<String, String> cookies;

  private PreviewBridgeHttp(HttpClient http, Map<String, String> cookies) {
    this.http = http;
    this.cookies = cookies;
  }

  /** A client without cookies (Notion's server-to-server calls). */
  public static PreviewBridgeHttp stateless() {
    return new PreviewBridgeHttp(
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), null);
  }

  /** A client that keeps cookies (a developer signed in to PreviewBridge's admin pages). */
  public static PreviewBridgeHttp withCookies() {
    return new PreviewBridgeHttp(
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
        new LinkedHashMap<>());
  }

  public Answer get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "*/*").GET());
  }

  public Answer postForm(String url, Map<String, String> fields) {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json, */*;q=0.5")
            .POST(HttpRequest.BodyPublishers.ofString(form(fields))));
  }

  /** A JSON request with a bearer token, as Notion calls the unfurl and deleted-token URLs. */
  public Answer bearer(String method, String url, String token, String json) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json");
    if (json == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    return send(request);
  }

  private Answer send(HttpRequest.Builder request) {
    try {
      if (cookies != null && !cookies.isEmpty()) {
        request.header(
            "Cookie",
            cookies.entrySet().stream()
                .map(c -> c.getKey() + "=" + c.getValue())
                .collect(Collectors.joining("; ")));
      }
      HttpResponse<String> response =
          http.send(
              request.timeout(Duration.ofSeconds(15)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (cookies != null) {
        for (String cookie : response.headers().allValues("Set-Cookie")) {
          String pair = cookie.split(";", 2)[0];
          int equals = pair.indexOf('=');
          if (equals > 0) {
            cookies.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
          }
        }
      }
      return new Answer(response.statusCode(), response.body());
    } catch (IOException | IllegalArgumentException e) {
      return new Answer(0, "PreviewBridge could not be reached: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(0, "Interrupted");
    }
  }

  static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
  }
}
