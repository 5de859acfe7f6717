package io.previewbridge.authorization.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Mints the access tokens Notion sends to our unfurl callback: RS256 JWTs that MicroProfile JWT
 * verifies. {@code sub} is the connection id, {@code gid} the grant that issued the token (checked
 * on every request, so revoking the grant kills the token before it expires), {@code aid}/{@code
 * upn} the account whose view of the data previews show.
 */
public final class AccessTokens {

  public static final String ISSUER = "urn:previewbridge";
  public static final String AUDIENCE = "urn:previewbridge:notion";
  public static final String GRANT_CLAIM = "gid";
  public static final String ACCOUNT_CLAIM = "aid";

  private AccessTokens() {}

  /** Who a token is for. */
  public record Subject(String connectionId, String grantId, String accountId, String username) {}

  public static String mint(SigningKeyPair key, Subject subject, Instant now, Duration ttl) {
    Instant issued = Instant.ofEpochSecond(now.getEpochSecond());
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .subject(subject.connectionId())
            .claim("upn", subject.username())
            .claim(ACCOUNT_CLAIM, subject.accountId())
            .claim(GRANT_CLAIM, subject.grantId())
            .claim("groups", List.of("notion"))
            .issueTime(Date.from(issued))
            .expirationTime(Date.from(issued.plus(ttl)))
            .jwtID(UUID.randomUUID().toString())
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(JOSEObjectType.JWT)
                .keyID(key.keyId())
                .build(),
            claims);
    try {
      jwt.sign(new RSASSASigner(key.privateKey()));
    } catch (JOSEException e) {
      throw new IllegalStateException("signing an access token failed", e);
    }
    return jwt.serialize();
  }

  /**
   * The claims of a token we issued, checked for signature, issuer and audience but NOT for expiry:
   * the deleted-token callback must find the connection of an expired token too. Empty for anything
   * else (malformed, forged, another issuer).
   */
  public static Optional<JWTClaimsSet> readIgnoringExpiry(RSAPublicKey key, String token) {
    if (token == null
        || token.length() > 8192
        || token.chars().filter(c -> c == '.').count() != 2) {
      return Optional.empty();
    }
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())
          || !jwt.verify(new RSASSAVerifier(key))) {
        return Optional.empty();
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      if (!ISSUER.equals(claims.getIssuer())
          || claims.getAudience() == null
          || !claims.getAudience().contains(AUDIENCE)
          || claims.getSubject() == null) {
        return Optional.empty();
      }
      return Optional.of(claims);
    } catch (ParseException | JOSEException | RuntimeException malformed) {
      return Optional.empty();
    }
  }
}
