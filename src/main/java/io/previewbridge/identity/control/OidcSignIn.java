package io.previewbridge.identity.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.previewbridge.credentials.control.AuthServers;
import io.previewbridge.credentials.control.AuthorizationCodeFlow;
import io.previewbridge.credentials.control.IssuedTokens;
import io.previewbridge.credentials.control.ServerUnreachable;
import io.previewbridge.credentials.control.TokenRefused;
import io.previewbridge.credentials.control.UpstreamCredentials;
import io.previewbridge.credentials.entity.AuthServer;
import io.previewbridge.identity.entity.Account;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Signing a person in at the company's OpenID Connect provider, as a relying party built on the
 * Nimbus OAuth 2.0 SDK: the authorization code flow with PKCE, {@code state} and {@code nonce}
 * ({@link #begin}); then ({@link #complete}) the {@code iss} of the answer (RFC 9207), the code
 * traded for tokens, and the ID token verified: signature against the provider's JWKS (fetched
 * again when a token names a key it does not know, so key rotation needs nothing), issuer,
 * audience, expiry and nonce. Only then is the account created or updated, keyed by issuer and
 * subject, its name, email and roles refreshed from the claims, and the person's tokens kept for
 * fetching as them.
 *
 * <p>Every failure is a {@link SignInRefused} with a page's words, and none of them touches an
 * account. Tokens never reach a log.
 */
@ApplicationScoped
public class OidcSignIn {

  private static final Logger LOG = Logger.getLogger(OidcSignIn.class.getName());

  /** Where the provider sends the browser back to (registered there as a redirect URI). */
  public static final String CALLBACK = "signin/oidc/callback";

  /** The least time between two fetches of the JWKS, however many unknown keys tokens name. */
  static final long JWKS_RATE_LIMIT_MS = 5_000;

  static final int MAX_CLOCK_SKEW_SECONDS = 60;

  @Inject AuthServers servers;
  @Inject AuthorizationCodeFlow flow;
  @Inject IdentitySettings settings;
  @Inject Accounts accounts;
  @Inject UpstreamCredentials credentials;

  private final Map<String, IDTokenValidator> validators = new ConcurrentHashMap<>();

  /** What a completed sign-in gives the session. */
  public record Completed(Account account, String idToken) {
    @Override
    public String toString() {
      return "Completed[account=" + account.id() + ", idToken=***]";
    }
  }

  /** The provider, or a refusal that says sign-in there is not set up. */
  public AuthServer provider() {
    if (!settings.providerAllowed()) {
      throw new SignInRefused(
          404,
          "Single sign-on is off",
          "This PreviewBridge signs people in with its own accounts only.");
    }
    return servers
        .identityProvider()
        .orElseThrow(
            () ->
                new SignInRefused(
                    503,
                    "Single sign-on is not set up",
                    "The identity provider is not configured (previewbridge.identity.oidc.issuer)."));
  }

  /**
   * Starts a sign-in: the provider's authorization request, with the secrets to check on return.
   */
  public AuthorizationCodeFlow.Started begin() {
    AuthServer provider = provider();
    try {
      return flow.start(provider, settings.publicUri(CALLBACK), true);
    } catch (ServerUnreachable e) {
      LOG.warning(() -> "Sign-in could not start: " + e.getMessage());
      throw unreachable();
    }
  }

  /**
   * Completes a sign-in the provider sent back with {@code code}, for the flow {@code started}
   * (found in the session by {@code state}).
   */
  public Completed complete(
      AuthorizationCodeFlow.Started started, String code, Optional<String> iss) {
    AuthServer provider = provider();
    AuthServers.Metadata metadata;
    try {
      metadata = servers.metadata(provider);
    } catch (ServerUnreachable e) {
      throw unreachable();
    }
    Issuer issuer = metadata.issuer().orElseThrow(OidcSignIn::unreachable);
    if (iss.isPresent() && !iss.get().equals(issuer.getValue())) {
      throw refused(
          "The answer names another identity provider ("
              + cut(iss.get())
              + ") than the one this sign-in went to.");
    }
    if (iss.isEmpty() && metadata.authorizationResponseIssuer()) {
      throw refused("The answer does not say which identity provider sent it (iss).");
    }
    IssuedTokens tokens;
    try {
      tokens = flow.redeem(provider, started, code);
    } catch (TokenRefused e) {
      LOG.info(() -> "The identity provider refused a sign-in code: " + e.getMessage());
      throw refused(
          "The identity provider did not accept this sign-in ("
              + e.error()
              + "). It may have been used already or have expired.");
    } catch (ServerUnreachable e) {
      LOG.warning(() -> "Sign-in could not complete: " + e.getMessage());
      throw unreachable();
    }
    if (tokens.idToken().isEmpty()) {
      throw refused("The identity provider answered without an ID token.");
    }
    IDTokenClaimsSet claims = verify(provider, metadata, issuer, tokens.idToken().get(), started);
    Map<String, Object> all = new HashMap<>(claims.toJSONObject());
    completeFromUserInfo(all, metadata, tokens, claims.getSubject().getValue());
    ClaimMapping.Person person =
        ClaimMapping.read(all, settings.claimNames(), claims.getSubject().getValue());
    Optional<String> required = settings.requiredGroup();
    if (required.isPresent() && !ClaimMapping.inGroup(person.groups(), required.get())) {
      LOG.info(
          () -> "Sign-in of " + person.username() + " refused: not in group " + required.get());
      throw new SignInRefused(
          403,
          "No access to PreviewBridge",
          "Your account "
              + person.username()
              + " is not in the group that may use PreviewBridge ("
              + required.get()
              + "). Ask your administrator.");
    }
    Set<String> roles = ClaimMapping.roles(person, settings.adminGroup(), settings.adminUsers());
    Account account = accounts.signedInAtProvider(issuer.getValue(), person, roles);
    if (!account.enabled()) {
      throw new SignInRefused(
          403,
          "Account disabled",
          "Your account " + account.username() + " is disabled in PreviewBridge.");
    }
    credentials.keep(account.id(), provider, person.subject(), tokens);
    return new Completed(account, tokens.idToken().get());
  }

  private IDTokenClaimsSet verify(
      AuthServer provider,
      AuthServers.Metadata metadata,
      Issuer issuer,
      String idToken,
      AuthorizationCodeFlow.Started started) {
    JWT jwt;
    try {
      jwt = JWTParser.parse(idToken);
    } catch (java.text.ParseException e) {
      throw refused("The identity provider's ID token is not a JWT.");
    }
    try {
      return validator(provider, metadata, issuer).validate(jwt, new Nonce(started.nonce()));
    } catch (BadJOSEException | JOSEException e) {
      LOG.warning(() -> "An ID token was refused: " + e.getMessage());
      throw new SignInRefused(
          401,
          "Sign-in could not be verified",
          "The identity provider's answer did not pass the checks ("
              + cut(e.getMessage())
              + "). Nothing was signed in. Start again; if it keeps happening, tell your"
              + " administrator.");
    }
  }

  private IDTokenValidator validator(
      AuthServer provider, AuthServers.Metadata metadata, Issuer issuer) {
    URI jwks =
        metadata
            .jwksUri()
            .orElseThrow(() -> refused("The identity provider publishes no signing keys."));
    JWSAlgorithm algorithm =
        metadata.idTokenAlgorithms().isEmpty()
                || metadata.idTokenAlgorithms().contains(JWSAlgorithm.RS256)
            ? JWSAlgorithm.RS256
            : metadata.idTokenAlgorithms().get(0);
    String key = issuer + "\n" + jwks + "\n" + algorithm + "\n" + provider.clientId();
    return validators.computeIfAbsent(
        key,
        k -> {
          try {
            JWKSource<SecurityContext> keys =
                JWKSourceBuilder.<SecurityContext>create(
                        jwks.toURL(),
                        new DefaultResourceRetriever(
                            (int) servers.connectTimeout().toMillis(),
                            (int) servers.readTimeout().toMillis(),
                            512 * 1024))
                    .refreshAheadCache(false)
                    .rateLimited(JWKS_RATE_LIMIT_MS)
                    .build();
            IDTokenValidator validator =
                new IDTokenValidator(
                    issuer,
                    new ClientID(provider.clientId()),
                    new JWSVerificationKeySelector<>(algorithm, keys),
                    null);
            validator.setMaxClockSkew(MAX_CLOCK_SKEW_SECONDS);
            return validator;
          } catch (MalformedURLException e) {
            throw refused("The identity provider's key address is not a URL.");
          }
        });
  }

  /**
   * Some providers put only the subject in the ID token and the rest behind UserInfo: the claims
   * configured for name, email and groups that the ID token lacks are taken from there, if the
   * provider has it and it describes the same subject.
   */
  private void completeFromUserInfo(
      Map<String, Object> claims,
      AuthServers.Metadata metadata,
      IssuedTokens tokens,
      String subject) {
    IdentitySettings.ClaimNames names = settings.claimNames();
    List<String> wanted = List.of(names.username(), names.email(), names.groups());
    if (metadata.userInfoEndpoint().isEmpty() || wanted.stream().allMatch(claims::containsKey)) {
      return;
    }
    try {
      HTTPRequest request =
          new UserInfoRequest(
                  metadata.userInfoEndpoint().get(), new BearerAccessToken(tokens.accessToken()))
              .toHTTPRequest();
      servers.limit(request);
      HTTPResponse response = request.send();
      UserInfoResponse parsed = UserInfoResponse.parse(response);
      if (parsed.indicatesSuccess()) {
        var info = parsed.toSuccessResponse().getUserInfo();
        if (info != null && subject.equals(info.getSubject().getValue())) {
          info.toJSONObject().forEach(claims::putIfAbsent);
        }
      }
    } catch (IOException | ParseException | RuntimeException e) {
      // the ID token's claims are enough to sign in; UserInfo only completes them
      LOG.fine(() -> "UserInfo could not be read: " + e.getClass().getSimpleName());
    }
  }

  private static SignInRefused refused(String message) {
    return new SignInRefused(400, "Sign-in failed", message);
  }

  private static SignInRefused unreachable() {
    return new SignInRefused(
        502,
        "The identity provider cannot be reached",
        "PreviewBridge could not reach your company's sign-in service. Try again in a moment.");
  }

  private static String cut(String text) {
    if (text == null) {
      return "";
    }
    return text.length() > 200 ? text.substring(0, 200) + "\u2026" : text;
  }
}
