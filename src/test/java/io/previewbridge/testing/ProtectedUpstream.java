package io.previewbridge.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test double of a company system protected by the identity provider, as a real resource server is:
 * it answers only a bearer token that the provider signed (checked against the provider's JWKS over
 * HTTP), from the expected issuer, for its audience, not expired; and it answers each person what
 * that person may see, by the token's subject. Anything else gets 401 ({@code invalid_token}) or
 * 403. A WireMock response transformer, so the journal keeps every request and its token.
 *
 * <p>Register with {@code options().extensions(new ProtectedUpstream())}, then declare items with
 * {@link #item}.
 */
public final class ProtectedUpstream implements ResponseDefinitionTransformerV2 {

  static final String NAME = "protected-upstream";

  /** Subject key of the answer any valid token gets. */
  public static final String ANYONE = "*";

  private final Map<String, DefaultJWTProcessor<SecurityContext>> processors =
      new ConcurrentHashMap<>();

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public boolean applyGlobally() {
    return false;
  }

  /**
   * {@code path} answers tokens of {@code issuer} whose {@code aud} contains {@code audience} (or
   * is exactly that one audience, with {@code onlyAudience}) with the JSON of the token's subject
   * in {@code bodies} (or of {@link #ANYONE}); a valid token of another subject gets 403.
   */
  public static void item(
      WireMockServer server,
      String path,
      String issuer,
      String audience,
      boolean onlyAudience,
      Map<String, String> bodies) {
    server.stubFor(
        get(urlPathEqualTo(path))
            .willReturn(
                aResponse()
                    .withTransformers(NAME)
                    .withTransformerParameters(
                        Map.of(
                            "issuer", issuer,
                            "audience", audience,
                            "onlyAudience", onlyAudience,
                            "bodies", Map.copyOf(bodies)))));
  }

  /** The claims of every bearer token {@code path} was sent, oldest first (not verified here). */
  public static List<JWTClaimsSet> tokensSeen(WireMockServer server, String path) {
    return server.findAll(getRequestedFor(urlPathEqualTo(path))).stream()
        .map(r -> r.getHeader("Authorization"))
        .filter(h -> h != null && h.startsWith("Bearer "))
        .map(
            h -> {
              try {
                return SignedJWT.parse(h.substring(7)).getJWTClaimsSet();
              } catch (ParseException e) {
                return new JWTClaimsSet.Builder().claim("unparsable", h).build();
              }
            })
        .toList();
  }

  @Override
  public ResponseDefinition transform(ServeEvent event) {
    Parameters parameters = event.getTransformerParameters();
    String issuer = parameters.getString("issuer");
    String audience = parameters.getString("audience");
    boolean onlyAudience = parameters.getBoolean("onlyAudience");
    @SuppressWarnings("unchecked")
    Map<String, String> bodies = (Map<String, String>) parameters.get("bodies");
    String header = event.getRequest().getHeader("Authorization");
    if (header == null || !header.startsWith("Bearer ")) {
      return refused("no bearer token");
    }
    JWTClaimsSet claims;
    try {
      claims = processor(issuer, audience).process(header.substring(7), null);
    } catch (Exception invalid) {
      return refused(invalid.getMessage());
    }
    if (onlyAudience && !claims.getAudience().equals(List.of(audience))) {
      return refused("the token is for more than " + audience + ": " + claims.getAudience());
    }
    String body = bodies.getOrDefault(claims.getSubject(), bodies.get(ANYONE));
    if (body == null) {
      return json(403, "{\"error\":\"forbidden\",\"error_description\":\"not yours to see\"}");
    }
    return json(200, body);
  }

  private DefaultJWTProcessor<SecurityContext> processor(String issuer, String audience) {
    return processors.computeIfAbsent(
        issuer + "\n" + audience,
        k -> {
          try {
            JWKSource<SecurityContext> keys =
                JWKSourceBuilder.<SecurityContext>create(
                        URI.create(issuer + "/protocol/openid-connect/certs").toURL())
                    // a key the provider rotated in is fetched at once, as a test needs
                    .rateLimited(false)
                    .build();
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
            processor.setJWTClaimsSetVerifier(
                new DefaultJWTClaimsVerifier<>(
                    audience,
                    new JWTClaimsSet.Builder().issuer(issuer).build(),
                    Set.of("sub", "exp", "iat")));
            return processor;
          } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
          }
        });
  }

  private static ResponseDefinition refused(String why) {
    return aResponse()
        .withStatus(401)
        .withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"")
        .withHeader("Content-Type", "application/json")
        .withBody(
            "{\"error\":\"invalid_token\",\"error_description\":\""
                + why.replace("\"", "'").replace("\\", "/")
                + "\"}")
        .build();
  }

  private static ResponseDefinition json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body)
        .build();
  }
}
