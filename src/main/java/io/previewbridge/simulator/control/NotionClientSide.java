package io.previewbridge.simulator.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Notion calling PreviewBridge, as Notion's servers do for the person on the simulator's page:
 * trade PreviewBridge's code at its token URL (a form POST carrying the client secret), refresh the
 * access token with the {@code refresh_token} grant before {@code expires_in} runs out or after a
 * 401, POST and DELETE the unfurl URL with the bearer token and {@code {"uri": ...}}, and DELETE
 * the deleted-token URL on "Disconnect". Each call is written to a short activity log the page
 * shows.
 */
@ApplicationScoped
public class NotionClientSide {

  static final int KEPT_ACTIVITY = 50;

  @Inject Addresses addresses;
  @Inject SimulatedUser user;
  @Inject SimulatedNotion notion;
  @Inject Clock clock;

  /** The OAuth client id and secret PreviewBridge issued to "Notion". */
  @Inject
  @ConfigProperty(name = "simulator.previewbridge.client-id", defaultValue = "")
  String clientId;

  @Inject
  @ConfigProperty(name = "simulator.previewbridge.client-secret", defaultValue = "")
  String clientSecret;

  private final PreviewBridgeHttp http = PreviewBridgeHttp.stateless();
  private final Deque<Activity> activity = new ArrayDeque<>();

  /** One thing the simulator did towards PreviewBridge, and what came back. */
  public record Activity(Instant at, String what, int status, boolean ok) {}

  /** The outcome of one unfurl: the HTTP status and PreviewBridge's body. */
  public record Unfurl(String uri, int status, JsonValue body) {}

  public String clientId() {
    return clientId;
  }

  /** Trades PreviewBridge's code; on success the user holds the tokens. Null when it worked. */
  public String exchange(String code) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("client_id", clientId);
    form.put("client_secret", clientSecret);
    form.put("redirect_uri", addresses.callback());
    PreviewBridgeHttp.Answer answer =
        http.postForm(addresses.previewBridge() + "/notion/token", form);
    log("POST /notion/token (authorization_code)", answer);
    TokenSet tokens = tokens(answer, clock.instant());
    if (tokens == null) {
      return "The token URL answered " + answer.status() + ": " + answer.body();
    }
    user.connected(tokens);
    return null;
  }

  /** The refresh_token grant; true when the user now holds a fresh access token. */
  public boolean refresh() {
    TokenSet current = user.tokens().orElse(null);
    if (current == null || !current.canRefresh()) {
      return false;
    }
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "refresh_token");
    form.put("refresh_token", current.refreshToken());
    form.put("client_id", clientId);
    form.put("client_secret", clientSecret);
    form.put("redirect_uri", addresses.callback());
    PreviewBridgeHttp.Answer answer =
        http.postForm(addresses.previewBridge() + "/notion/token", form);
    log("POST /notion/token (refresh_token)", answer);
    Instant now = clock.instant();
    TokenSet fresh = tokens(answer, now);
    if (fresh == null) {
      return false;
    }
    user.connected(
        current.refreshed(
            fresh.accessToken(), fresh.refreshToken(), fresh.expiresInSeconds(), now));
    return true;
  }

  /** POST /notion/unfurl, refreshing first when due and once more after a 401. */
  public Unfurl unfurl(String uri) {
    if (user.tokens().map(t -> t.needsRefresh(clock.instant())).orElse(false)) {
      refresh();
    }
    String body = Json.createObjectBuilder().add("uri", uri).build().toString();
    PreviewBridgeHttp.Answer answer = unfurlCall("POST", body);
    if (answer.status() == 401 && refresh()) {
      answer = unfurlCall("POST", body);
    }
    log("POST /notion/unfurl " + uri, answer);
    JsonValue json = answer.json();
    if (answer.ok() && json instanceof JsonObject object) {
      notion.unfurled(uri, object);
    }
    return new Unfurl(uri, answer.status(), json);
  }

  /** DELETE /notion/unfurl with {@code {"uri": ...}}, as Notion does when a preview is removed. */
  public PreviewBridgeHttp.Answer remove(String uri) {
    user.removed(uri);
    notion.forget(uri);
    if (user.accessToken().isEmpty()) {
      return new PreviewBridgeHttp.Answer(0, "Not connected: nothing to tell PreviewBridge.");
    }
    if (user.tokens().map(t -> t.needsRefresh(clock.instant())).orElse(false)) {
      refresh();
    }
    String body = Json.createObjectBuilder().add("uri", uri).build().toString();
    PreviewBridgeHttp.Answer answer = unfurlCall("DELETE", body);
    if (answer.status() == 401 && refresh()) {
      answer = unfurlCall("DELETE", body);
    }
    log("DELETE /notion/unfurl " + uri, answer);
    return answer;
  }

  /** The deleted-token callback, then Notion forgets the tokens. */
  public PreviewBridgeHttp.Answer disconnect() {
    if (user.accessToken().isEmpty()) {
      return new PreviewBridgeHttp.Answer(0, "Not connected.");
    }
    if (user.tokens().map(t -> t.needsRefresh(clock.instant())).orElse(false)) {
      refresh();
    }
    PreviewBridgeHttp.Answer answer =
        http.bearer(
            "DELETE",
            addresses.previewBridge() + "/notion/deleted",
            user.accessToken().get(),
            null);
    log("DELETE /notion/deleted (deleted-token callback)", answer);
    user.disconnect();
    return answer;
  }

  private PreviewBridgeHttp.Answer unfurlCall(String method, String body) {
    return http.bearer(
        method, addresses.previewBridge() + "/notion/unfurl", user.accessToken().orElse(""), body);
  }

  /** The tokens of a token URL answer, or null when it is not a success. */
  static TokenSet tokens(PreviewBridgeHttp.Answer answer, Instant now) {
    if (answer.status() != 200 || !(answer.json() instanceof JsonObject body)) {
      return null;
    }
    if (!(body.get("access_token") instanceof JsonString access)) {
      return null;
    }
    String refresh = body.get("refresh_token") instanceof JsonString r ? r.getString() : null;
    Long expiresIn = body.get("expires_in") instanceof JsonNumber n ? n.longValue() : null;
    return new TokenSet(access.getString(), refresh, expiresIn, now);
  }

  public void log(String what, PreviewBridgeHttp.Answer answer) {
    synchronized (activity) {
      activity.addFirst(new Activity(clock.instant(), what, answer.status(), answer.ok()));
      while (activity.size() > KEPT_ACTIVITY) {
        activity.removeLast();
      }
    }
  }

  /** Newest first. */
  public List<Activity> activity() {
    synchronized (activity) {
      return new ArrayList<>(activity);
    }
  }
}
