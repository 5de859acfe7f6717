package io.previewbridge.credentials.control;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import io.previewbridge.credentials.entity.AuthServer;
import io.previewbridge.credentials.entity.UpstreamCredential;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The authorization servers people hold tokens at: the company's OpenID Connect provider (from
 * {@code previewbridge.identity.oidc.*}) and the products' own servers (the sources file's {@code
 * providers}, handed over at start-up by the sources feature). Their endpoints come from discovery
 * (OpenID Connect's {@code /.well-known/openid-configuration}, or RFC 8414 for a plain OAuth
 * server), looked up when first needed and kept for {@code
 * previewbridge.identity.oidc.metadata-ttl}: a provider that is down at start-up does not stop
 * PreviewBridge, and a sign-in then says the provider cannot be reached.
 *
 * <p>Every call to such a server is bounded by {@code previewbridge.identity.oidc.connect-timeout}
 * and {@code read-timeout} ({@link #limit}).
 */
@ApplicationScoped
public class AuthServers {

  static final String OIDC = "previewbridge.identity.oidc.";

  /** The scope that asks for a refresh token that outlives the provider's browser session. */
  static final String OFFLINE_ACCESS = "offline_access";

  /** What PreviewBridge found out about a server: its endpoints and what it supports. */
  public record Metadata(
      Optional<Issuer> issuer,
      URI authorizationEndpoint,
      URI tokenEndpoint,
      Optional<URI> jwksUri,
      Optional<URI> userInfoEndpoint,
      Optional<URI> endSessionEndpoint,
      List<JWSAlgorithm> idTokenAlgorithms,
      Optional<Scope> scopesSupported,
      List<ClientAuthenticationMethod> tokenEndpointAuthMethods,
      boolean authorizationResponseIssuer) {}

  @Inject
  @ConfigProperty(name = "previewbridge.identity.mode", defaultValue = "built-in")
  String mode;

  @Inject
  @ConfigProperty(name = OIDC + "issuer")
  Optional<String> issuer;

  /**
   * Where the provider's discovery document is, when not at {@code issuer +
   * /.well-known/openid-configuration} (Azure AD B2C names a policy in it; a provider reached
   * through a gateway). The document must still name {@code issuer} as its issuer.
   */
  @Inject
  @ConfigProperty(name = OIDC + "discovery-url")
  Optional<String> discoveryUrl = Optional.empty();

  @Inject
  @ConfigProperty(name = OIDC + "client-id")
  Optional<String> clientId;

  @Inject
  @ConfigProperty(name = OIDC + "client-secret")
  Optional<String> clientSecret;

  @Inject
  @ConfigProperty(name = OIDC + "scopes", defaultValue = "openid profile email offline_access")
  String scopes;

  /** Extra parameters of the authorization request, {@code name=value,name=value}. */
  @Inject
  @ConfigProperty(name = OIDC + "auth-params")
  Optional<String> authParams;

  @Inject
  @ConfigProperty(name = OIDC + "display-name", defaultValue = "your company account")
  String displayName = "your company account";

  @Inject
  @ConfigProperty(name = OIDC + "connect-timeout", defaultValue = "PT5S")
  Duration connectTimeout;

  @Inject
  @ConfigProperty(name = OIDC + "read-timeout", defaultValue = "PT10S")
  Duration readTimeout;

  @Inject
  @ConfigProperty(name = OIDC + "metadata-ttl", defaultValue = "PT1H")
  Duration metadataTtl;

  @Inject Clock clock;

  private Optional<AuthServer> identityProvider = Optional.empty();
  private volatile Map<String, AuthServer> providers = Map.of();
  private final Map<String, Cached> metadata = new ConcurrentHashMap<>();

  private record Cached(Metadata metadata, Instant fetchedAt) {}

  @PostConstruct
  void init() {
    identityProvider = identityProviderOf(mode, issuer, clientId, clientSecret, scopes, authParams);
  }

  /**
   * The company's provider as configured; empty when {@code previewbridge.identity.mode} is {@code
   * built-in} or no issuer is set (start-up checks report a mode that needs one).
   */
  static Optional<AuthServer> identityProviderOf(
      String mode,
      Optional<String> issuer,
      Optional<String> clientId,
      Optional<String> clientSecret,
      String scopes,
      Optional<String> authParams) {
    String m = mode == null ? "" : mode.trim().toLowerCase(Locale.ROOT);
    if (m.equals("built-in") || issuer.filter(i -> !i.isBlank()).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new AuthServer(
            UpstreamCredential.IDP,
            "the identity provider",
            issuer.map(String::trim),
            Optional.empty(),
            Optional.empty(),
            clientId.map(String::trim).orElse(""),
            clientSecret.filter(s -> !s.isBlank()),
            splitScopes(scopes),
            params(authParams.orElse(""))));
  }

  static List<String> splitScopes(String text) {
    return Arrays.stream(text.split("[\\s,]+")).filter(s -> !s.isBlank()).distinct().toList();
  }

  /** {@code name=value,name=value} (values may be empty). */
  static Map<String, String> params(String text) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : text.split(",")) {
      String p = pair.trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      params.put(eq < 0 ? p : p.substring(0, eq).trim(), eq < 0 ? "" : p.substring(eq + 1).trim());
    }
    return params;
  }

  /** The company's OpenID Connect provider, when people sign in there. */
  public Optional<AuthServer> identityProvider() {
    return identityProvider;
  }

  /** What the sign-in chooser calls the provider ("Sign in with ..."). */
  public String identityProviderName() {
    return displayName;
  }

  /** The products' own servers, in the order the sources file declares them. */
  public List<AuthServer> providers() {
    return List.copyOf(providers.values());
  }

  /** Installs the sources file's {@code providers} (at start-up). */
  public void useProviders(List<AuthServer> declared) {
    Map<String, AuthServer> byId = new LinkedHashMap<>();
    declared.forEach(server -> byId.put(server.id(), server));
    providers = Map.copyOf(byId);
    metadata.keySet().retainAll(byId.keySet());
  }

  /** The identity provider ({@value UpstreamCredential#IDP}) or a declared provider. */
  public Optional<AuthServer> byId(String id) {
    if (UpstreamCredential.IDP.equals(id)) {
      return identityProvider;
    }
    return Optional.ofNullable(providers.get(id));
  }

  /**
   * The server's endpoints, from discovery (cached) with its explicitly declared endpoints on top.
   *
   * @throws ServerUnreachable when discovery fails and the server declares no endpoints itself
   */
  public Metadata metadata(AuthServer server) {
    Cached cached = metadata.get(server.id());
    Instant now = clock.instant();
    if (cached != null && cached.fetchedAt().plus(metadataTtl).isAfter(now)) {
      return cached.metadata();
    }
    Metadata fresh = discover(server);
    metadata.put(server.id(), new Cached(fresh, now));
    return fresh;
  }

  /** Forgets what discovery said about {@code server} (its keys may have been replaced). */
  public void forgetMetadata(AuthServer server) {
    metadata.remove(server.id());
  }

  private Metadata discover(AuthServer server) {
    if (server.issuer().isEmpty()) {
      return explicit(server);
    }
    Issuer expected = new Issuer(server.issuer().get());
    try {
      Optional<String> document =
          server.isIdentityProvider()
              ? discoveryUrl.map(String::trim).filter(u -> !u.isEmpty())
              : Optional.empty();
      return fromOidc(
          server,
          document.isPresent()
              ? discoveredAt(expected, URI.create(document.get()))
              : OIDCProviderMetadata.resolve(expected, this::limit));
    } catch (GeneralException | IOException | RuntimeException notOidc) {
      if (server.isIdentityProvider()) {
        throw new ServerUnreachable(
            "the identity provider's discovery document at "
                + discoveryUrl.orElse(expected + "/.well-known/openid-configuration")
                + " could not be read ("
                + brief(notOidc)
                + ")");
      }
      try {
        return fromOAuth(server, AuthorizationServerMetadata.resolve(expected, this::limit));
      } catch (GeneralException | IOException | RuntimeException notOAuth) {
        if (server.authorizationEndpoint().isPresent() && server.tokenEndpoint().isPresent()) {
          return explicit(server);
        }
        throw new ServerUnreachable(
            "the discovery document of "
                + server.displayName()
                + " ("
                + expected
                + ") could not be read ("
                + brief(notOAuth)
                + ")");
      }
    }
  }

  /**
   * The discovery document at exactly {@code document} (Nimbus' resolve appends the well-known path
   * to what it is given), which must name {@code expected} as its issuer.
   */
  private OIDCProviderMetadata discoveredAt(Issuer expected, URI document)
      throws IOException, GeneralException {
    HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, document);
    limit(request);
    HTTPResponse response = request.send();
    if (response.getStatusCode() != 200) {
      throw new IOException("HTTP " + response.getStatusCode());
    }
    OIDCProviderMetadata metadata;
    try {
      metadata = OIDCProviderMetadata.parse(response.getContentAsJSONObject());
    } catch (com.nimbusds.oauth2.sdk.ParseException e) {
      throw new GeneralException("not an OpenID Connect discovery document: " + e.getMessage(), e);
    }
    if (!expected.equals(metadata.getIssuer())) {
      throw new GeneralException(
          "the document names the issuer " + metadata.getIssuer() + ", not " + expected);
    }
    return metadata;
  }

  private static String brief(Exception e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (message.length() > 200) {
      message = message.substring(0, 200) + "\u2026";
    }
    return e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
  }

  private static Metadata explicit(AuthServer server) {
    return new Metadata(
        Optional.empty(),
        server.authorizationEndpoint().orElseThrow(),
        server.tokenEndpoint().orElseThrow(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Optional.empty(),
        List.of(),
        false);
  }

  private static Metadata fromOidc(AuthServer server, OIDCProviderMetadata m) {
    return new Metadata(
        Optional.of(m.getIssuer()),
        server.authorizationEndpoint().orElse(m.getAuthorizationEndpointURI()),
        server.tokenEndpoint().orElse(m.getTokenEndpointURI()),
        Optional.ofNullable(m.getJWKSetURI()),
        Optional.ofNullable(m.getUserInfoEndpointURI()),
        Optional.ofNullable(m.getEndSessionEndpointURI()),
        m.getIDTokenJWSAlgs() == null ? List.of() : List.copyOf(m.getIDTokenJWSAlgs()),
        Optional.ofNullable(m.getScopes()),
        m.getTokenEndpointAuthMethods() == null
            ? List.of()
            : List.copyOf(m.getTokenEndpointAuthMethods()),
        m.supportsAuthorizationResponseIssuerParam());
  }

  private static Metadata fromOAuth(AuthServer server, AuthorizationServerMetadata m) {
    return new Metadata(
        Optional.of(m.getIssuer()),
        server.authorizationEndpoint().orElse(m.getAuthorizationEndpointURI()),
        server.tokenEndpoint().orElse(m.getTokenEndpointURI()),
        Optional.ofNullable(m.getJWKSetURI()),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Optional.ofNullable(m.getScopes()),
        m.getTokenEndpointAuthMethods() == null
            ? List.of()
            : List.copyOf(m.getTokenEndpointAuthMethods()),
        m.supportsAuthorizationResponseIssuerParam());
  }

  /**
   * The scopes to ask {@code server} for: the configured ones, without {@code offline_access} when
   * the server publishes its scopes and that is not among them (Google, for one, refuses it and
   * wants {@code access_type=offline} in {@code auth-params} instead).
   */
  public Scope scopes(AuthServer server, Metadata metadata) {
    Scope scope = new Scope();
    for (String s : server.scopes()) {
      if (s.equals(OFFLINE_ACCESS)
          && metadata.scopesSupported().isPresent()
          && !metadata.scopesSupported().get().contains(OFFLINE_ACCESS)) {
        continue;
      }
      scope.add(s);
    }
    return scope;
  }

  /**
   * How PreviewBridge proves itself at {@code server}'s token endpoint: HTTP Basic with the client
   * secret unless the server says it takes the secret only in the body; none for a public client
   * (PKCE alone), which the request then names by client id.
   */
  public Optional<ClientAuthentication> clientAuthentication(AuthServer server, Metadata metadata) {
    if (server.clientSecret().isEmpty()) {
      return Optional.empty();
    }
    ClientID id = new ClientID(server.clientId());
    Secret secret = new Secret(server.clientSecret().get());
    List<ClientAuthenticationMethod> methods = metadata.tokenEndpointAuthMethods();
    if (!methods.isEmpty()
        && !methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
        && methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST)) {
      return Optional.of(new ClientSecretPost(id, secret));
    }
    return Optional.of(new ClientSecretBasic(id, secret));
  }

  /** Bounds one call to an authorization server in time, and asks for JSON. */
  public void limit(HTTPRequest request) {
    request.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
    request.setReadTimeout((int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
    if (request.getAccept() == null) {
      request.setAccept("application/json");
    }
  }

  /** The configured time limits, for clients that are not Nimbus requests (the JWKS fetch). */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration readTimeout() {
    return readTimeout;
  }

  /** The scopes of an issued token as text, for the console. */
  static String scopeText(Scope scope) {
    return scope == null
        ? null
        : scope.stream().map(Object::toString).collect(Collectors.joining(" "));
  }
}
