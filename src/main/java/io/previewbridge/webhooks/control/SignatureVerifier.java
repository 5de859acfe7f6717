package io.previewbridge.webhooks.control;

import io.previewbridge.platform.control.ConfigurationProblem;
import io.previewbridge.platform.control.SystemReady;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Checks that a change notification comes from someone who knows the shared secret, and recently:
 * {@code X-PreviewBridge-Signature: sha256=<hex of HMAC-SHA256(secret, timestamp + "." + body)>}
 * over the exact bytes of the body, with {@code X-PreviewBridge-Timestamp} (unix seconds) no
 * further than {@code previewbridge.webhooks.tolerance} (PT5M) from our clock, either way. Signing
 * the timestamp with the body means a captured request cannot be replayed once the window has
 * passed, nor re-dated. Replays inside the window are not refused: a notification only makes
 * previews due for a check, so repeating it changes nothing Notion sees.
 *
 * <p>The comparison is constant-time over the raw MAC bytes. Without {@code
 * previewbridge.webhooks.secret} the endpoint is off ({@link #enabled()} is false).
 */
@ApplicationScoped
public class SignatureVerifier {

  private static final Logger LOG = Logger.getLogger(SignatureVerifier.class.getName());

  public static final String TIMESTAMP_HEADER = "X-PreviewBridge-Timestamp";
  public static final String SIGNATURE_HEADER = "X-PreviewBridge-Signature";
  static final String SECRET_KEY = "previewbridge.webhooks.secret";
  static final String TOLERANCE_KEY = "previewbridge.webhooks.tolerance";
  static final String SCHEME = "sha256=";

  /** Shorter secrets can be guessed offline from one captured request. */
  static final int MIN_SECRET_LENGTH = 32;

  @Inject
  @ConfigProperty(name = SECRET_KEY)
  Optional<String> secret;

  @Inject
  @ConfigProperty(name = TOLERANCE_KEY, defaultValue = "PT5M")
  Duration tolerance;

  @Inject Clock clock;

  public SignatureVerifier() {}

  /** For tests without a container. */
  SignatureVerifier(String secret, Duration tolerance, Clock clock) {
    this.secret = Optional.ofNullable(secret);
    this.tolerance = tolerance;
    this.clock = clock;
    validate();
  }

  void check(@Observes @Priority(SystemReady.CONFIGURATION) SystemReady ready) {
    validate();
    LOG.info(
        () ->
            enabled()
                ? "Change notifications accepted at POST /webhooks/changes (signed, timestamps"
                    + " within "
                    + tolerance
                    + ")"
                : "Change notifications are off: " + SECRET_KEY + " is not set");
  }

  private void validate() {
    if (secret.isPresent()
        && !secret.get().isEmpty()
        && secret.get().length() < MIN_SECRET_LENGTH) {
      throw new ConfigurationProblem(
          SECRET_KEY,
          "must be at least "
              + MIN_SECRET_LENGTH
              + " characters (e.g. `openssl rand -hex 32`); leave it unset to turn webhooks off");
    }
    if (tolerance.isNegative() || tolerance.isZero()) {
      throw new ConfigurationProblem(TOLERANCE_KEY, "must be a positive duration, e.g. PT5M");
    }
  }

  /** Whether a secret is configured, i.e. whether change notifications are accepted at all. */
  public boolean enabled() {
    return secret.filter(s -> !s.isEmpty()).isPresent();
  }

  /**
   * @throws SignatureRefused if the headers are missing or malformed, the timestamp is outside the
   *     window, or the signature does not match the body
   * @throws IllegalStateException if no secret is configured (ask {@link #enabled()} first)
   */
  public void verify(String timestampHeader, String signatureHeader, byte[] body) {
    if (!enabled()) {
      throw new IllegalStateException(SECRET_KEY + " is not set");
    }
    if (timestampHeader == null || timestampHeader.isBlank()) {
      throw new SignatureRefused("The " + TIMESTAMP_HEADER + " header is missing.");
    }
    if (signatureHeader == null || signatureHeader.isBlank()) {
      throw new SignatureRefused("The " + SIGNATURE_HEADER + " header is missing.");
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestampHeader.trim());
    } catch (NumberFormatException e) {
      throw new SignatureRefused(
          "The " + TIMESTAMP_HEADER + " header must be a unix time in seconds.");
    }
    // compared as numbers: any long is a valid header value, far outside what an Instant holds
    long now = clock.instant().getEpochSecond();
    long window = tolerance.getSeconds();
    if (seconds < now - window) {
      throw new SignatureRefused(
          "The timestamp is too old (more than " + tolerance + " ago); sign the request again.");
    }
    if (seconds > now + window) {
      throw new SignatureRefused(
          "The timestamp is in the future (more than " + tolerance + " ahead); check your clock.");
    }
    byte[] presented = presented(signatureHeader.trim());
    byte[] expected = mac(secret.get(), timestampHeader.trim(), body);
    if (!MessageDigest.isEqual(expected, presented)) {
      throw new SignatureRefused(
          "The signature does not match the body and timestamp for the shared secret.");
    }
  }

  private static byte[] presented(String header) {
    if (!header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      throw new SignatureRefused(
          "The " + SIGNATURE_HEADER + " header must be sha256=<64 hex digits>.");
    }
    String hex = header.substring(SCHEME.length());
    if (hex.length() != 64) {
      throw new SignatureRefused(
          "The " + SIGNATURE_HEADER + " header must be sha256=<64 hex digits>.");
    }
    try {
      return HexFormat.of().parseHex(hex.toLowerCase());
    } catch (IllegalArgumentException e) {
      throw new SignatureRefused(
          "The " + SIGNATURE_HEADER + " header must be sha256=<64 hex digits>.");
    }
  }

  /** The header value a sender computes: {@code sha256=} and the lower-case hex MAC. */
  public static String sign(String secret, String timestamp, byte[] body) {
    return SCHEME + HexFormat.of().formatHex(mac(secret, timestamp, body));
  }

  static byte[] mac(String secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) '.');
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java runtime", e);
    }
  }
}
