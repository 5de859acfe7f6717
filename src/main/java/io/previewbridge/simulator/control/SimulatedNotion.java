package io.previewbridge.simulator.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The state of the simulated Notion: the one workspace it plays, the tokens it issues, the codes
 * already exchanged, and the PATCHes it received.
 *
 * <p>Tokens are {@code ntn_} + a random part + an HMAC of it under a key derived from the
 * integration's client secret. The simulator can therefore recognise its own tokens without storing
 * them, and a token stays valid across restarts of the demo, just as a real Notion token does while
 * PreviewBridge's database (and the connection it keeps) survives.
 */
@ApplicationScoped
public class SimulatedNotion {

  public static final String WORKSPACE_NAME = "Simulated Workspace";
  public static final String WORKSPACE_ICON = "🧪";

  /** One workspace for ever, so reconnecting after a restart lands in the same workspace. */
  public static final String WORKSPACE_ID =
      UUID.nameUUIDFromBytes("previewbridge-simulated-workspace".getBytes(StandardCharsets.UTF_8))
          .toString();

  static final int KEPT_PATCHES = 200;
  static final int KEPT_CODES = 10_000;
  static final int KEPT_OBJECTS = 1_000;

  @Inject
  @ConfigProperty(name = "simulator.integration.client-id", defaultValue = "")
  String clientId;

  @Inject
  @ConfigProperty(name = "simulator.integration.client-secret", defaultValue = "")
  String clientSecret;

  @Inject Event<ReceivedPatch> arrived;

  private final Deque<ReceivedPatch> patches = new ArrayDeque<>();

  /** Per uri, the latest preview body Notion holds (unfurl answer or accepted PATCH). */
  private final Map<String, JsonObject> objects = new ConcurrentHashMap<>();

  private final Map<String, Boolean> usedCodes =
      Collections.synchronizedMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > KEPT_CODES;
            }
          });

  /** What a successful code exchange returns. */
  public record Grant(String accessToken, String botId, String workspaceId) {}

  /** True when Basic credentials are the integration's own (never true if none are configured). */
  public boolean isIntegration(String presentedId, String presentedSecret) {
    return !clientId.isEmpty()
        && !clientSecret.isEmpty()
        && Secrets.constantTimeEquals(clientId, presentedId)
        && Secrets.constantTimeEquals(clientSecret, presentedSecret);
  }

  /**
   * Exchanges one of Notion's codes. The simulator cannot know every code it handed out (a test may
   * start PreviewBridge's authorize URL with any code), so any fresh code is honoured once, as
   * Notion honours a code once; a second exchange of the same code is {@code invalid_grant}.
   */
  public Grant exchange(String code, String accountKey) {
    if (usedCodes.putIfAbsent(Secrets.sha256(code), Boolean.TRUE) != null) {
      throw new NotionError(400, "invalid_grant", "Invalid code: this code has already been used.");
    }
    String botId =
        UUID.nameUUIDFromBytes(("bot:" + accountKey).getBytes(StandardCharsets.UTF_8)).toString();
    return new Grant(issueToken(), botId, WORKSPACE_ID);
  }

  /** A fresh code, as Notion's authorize redirect would carry it. */
  public String newCode() {
    return UUID.randomUUID().toString();
  }

  String issueToken() {
    String random = HexFormat.of().formatHex(Secrets.randomBytes(16));
    return "ntn_" + random + mac(random);
  }

  public boolean isIssued(String token) {
    if (token == null || !token.startsWith("ntn_") || token.length() != 4 + 32 + 32) {
      return false;
    }
    String random = token.substring(4, 36);
    return Secrets.constantTimeEquals(mac(random), token.substring(36));
  }

  private String mac(String random) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      byte[] key =
          Secrets.digest(
              ("previewbridge-simulator:" + clientId + ":" + clientSecret)
                  .getBytes(StandardCharsets.UTF_8));
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] tag = mac.doFinal(random.getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(tag, 0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java runtime", e);
    }
  }

  /**
   * Records a PATCH; an accepted one replaces what Notion holds for its uri (a PATCH carries the
   * complete set). Observers ({@code LiveUpdates}) tell open pages.
   */
  public void received(ReceivedPatch patch) {
    synchronized (patches) {
      patches.addFirst(patch);
      while (patches.size() > KEPT_PATCHES) {
        patches.removeLast();
      }
    }
    if (patch.accepted()
        && patch.uri() != null
        && patch.body() instanceof JsonObject body
        && objects.size() < KEPT_OBJECTS) {
      objects.put(patch.uri(), body);
    }
    arrived.fire(patch);
  }

  /** An unfurl answer PreviewBridge gave: what Notion now shows for its uri. */
  public void unfurled(String uri, JsonObject body) {
    if (objects.size() < KEPT_OBJECTS || objects.containsKey(uri)) {
      objects.put(uri, body);
    }
  }

  public Optional<JsonObject> object(String uri) {
    return Optional.ofNullable(objects.get(uri));
  }

  public void forget(String uri) {
    objects.remove(uri);
  }

  /** Newest first. */
  public List<ReceivedPatch> patches() {
    synchronized (patches) {
      return new ArrayList<>(patches);
    }
  }

  public void forgetPatches() {
    synchronized (patches) {
      patches.clear();
    }
  }
}
