package io.previewbridge.webhooks;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The company's system in tests and benchmarks: signed {@code POST /webhooks/changes} requests, as
 * the README's curl example builds them (HMAC-SHA256 over {@code timestamp.body}).
 */
public final class SignedChanges {

  private final HttpClient http;
  private final String base;
  private final String secret;

  /**
   * @param base the server's root URL, without a trailing slash
   */
  public SignedChanges(HttpClient http, String base, String secret) {
    this.http = http;
    this.base = base.replaceAll("/$", "");
    this.secret = secret;
  }

  /** Says that these uris changed; returns the server's answer (202 and {@code scheduled}). */
  public HttpResponse<String> uris(Collection<String> uris) throws Exception {
    return send(ofUris(uris));
  }

  /** Sends {@code body} signed with the current time. */
  public HttpResponse<String> send(String body) throws Exception {
    String timestamp = Long.toString(Instant.now().getEpochSecond());
    return http.send(
        HttpRequest.newBuilder(URI.create(base + "/webhooks/changes"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("X-PreviewBridge-Timestamp", timestamp)
            .header("X-PreviewBridge-Signature", sign(secret, timestamp, body))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** {@code {"changes":[{"uri":...},...]}}. */
  public static String ofUris(Collection<String> uris) {
    JsonArrayBuilder changes = Json.createArrayBuilder();
    uris.forEach(uri -> changes.add(Json.createObjectBuilder().add("uri", uri)));
    return Json.createObjectBuilder().add("changes", changes).build().toString();
  }

  /** {@code sha256=<hex>}: what the README's openssl line computes. */
  public static String sign(String secret, String timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return "sha256=" + HexFormat.of().formatHex(digest);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
