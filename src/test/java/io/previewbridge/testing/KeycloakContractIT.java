package io.previewbridge.testing;

import static io.previewbridge.testing.Keycloak.COMPANY_REALM;
import static io.previewbridge.testing.Keycloak.PRODUCT_REALM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.oauth2.sdk.token.TokenTypeURI;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What PreviewBridge relies on in its identity provider and in a product's OAuth server, pinned
 * down against a real Keycloak over plain HTTP: a relying party's side of the code flow with PKCE,
 * refresh, token exchange, revocation and key rotation, written with the Nimbus SDK PreviewBridge
 * itself uses. No deployment: when one of these fails after a Keycloak upgrade or a realm change,
 * the cause is there, not in PreviewBridge. Each test signs its people in afresh; a test that
 * changes a user's state owns that user.
 */
class KeycloakContractIT {

  private static final ClientID COMPANY_CLIENT = new ClientID("previewbridge");
  private static final Secret COMPANY_SECRET = new Secret("previewbridge-secret");
  private static final ClientID LINK_CLIENT = new ClientID("previewbridge-link");
  private static final Secret LINK_SECRET = new Secret("previewbridge-link-secret");

  /** The shapes of PreviewBridge's callbacks; nothing listens there, the driver stops before. */
  private static final URI SIGN_IN_CALLBACK =
      URI.create("http://127.0.0.1:8791/signin/oidc/callback");

  private static final URI LINK_CALLBACK =
      URI.create("http://127.0.0.1:8791/link/acme-product/callback");

  private static final Scope OFFLINE_SIGN_IN =
      new Scope("openid", "profile", "email", "offline_access");
  private static final Scope ONLINE_SIGN_IN = new Scope("openid", "profile", "email");

  private static Keycloak keycloak;
  private static OIDCProviderMetadata company;
  private static OIDCProviderMetadata product;

  @BeforeAll
  static void keycloak() throws Exception {
    keycloak = Keycloak.shared();
    company = OIDCProviderMetadata.resolve(new Issuer(keycloak.issuer(COMPANY_REALM)));
    product = OIDCProviderMetadata.resolve(new Issuer(keycloak.issuer(PRODUCT_REALM)));
  }

  @Test
  void bothRealmsPublishDiscoveryUnderTheirIssuer() {
    assertThat(company.getIssuer().getValue()).isEqualTo(keycloak.issuer(COMPANY_REALM));
    assertThat(product.getIssuer().getValue()).isEqualTo(keycloak.issuer(PRODUCT_REALM));
    assertThat(company.getCodeChallengeMethods()).contains(CodeChallengeMethod.S256);
    assertThat(company.getGrantTypes()).contains(TokenExchangeGrant.GRANT_TYPE);
    assertThat(company.getJWKSetURI().toString()).startsWith(keycloak.issuer(COMPANY_REALM) + "/");
  }

  @Test
  void aliceSignsInWithTheCodeFlowAndPkce() throws Exception {
    Nonce nonce = new Nonce();
    OIDCTokens tokens = signInToCompany(keycloak.newLogin(), "alice", "alice-password", nonce);

    IDTokenClaimsSet id =
        new IDTokenValidator(
                company.getIssuer(),
                COMPANY_CLIENT,
                JWSAlgorithm.RS256,
                company.getJWKSetURI().toURL())
            .validate(tokens.getIDToken(), nonce);
    String aliceId = keycloak.userId(COMPANY_REALM, "alice");
    assertThat(id.getSubject().getValue()).isEqualTo(aliceId);
    assertThat(id.getStringClaim("preferred_username")).isEqualTo("alice");
    assertThat(id.getStringClaim("email")).isEqualTo("alice@acme.test");
    assertThat(id.getStringClaim("name")).isEqualTo("Alice Anderson");
    assertThat(id.getStringListClaim("groups")).containsExactly("staff");

    JWTClaimsSet access = claims(tokens.getAccessToken());
    assertThat(access.getIssuer()).isEqualTo(keycloak.issuer(COMPANY_REALM));
    assertThat(access.getSubject()).isEqualTo(aliceId);
    assertThat(access.getAudience()).contains("acme-api");
    assertThat(access.getStringClaim("azp")).isEqualTo("previewbridge");
    assertThat(access.getStringListClaim("groups")).containsExactly("staff");
    assertThat(access.getExpirationTime().getTime() - access.getIssueTime().getTime())
        .isEqualTo(30_000);

    assertThat(claims(tokens.getRefreshToken()).getStringClaim("typ")).isEqualTo("Offline");

    UserInfoResponse userInfo =
        UserInfoResponse.parse(
            new UserInfoRequest(company.getUserInfoEndpointURI(), tokens.getBearerAccessToken())
                .toHTTPRequest()
                .send());
    assertThat(userInfo.indicatesSuccess()).isTrue();
    assertThat(userInfo.toSuccessResponse().getUserInfo().getStringListClaim("groups"))
        .containsExactly("staff");
  }

  @Test
  void carolsGroupsArePlainNames() throws Exception {
    OIDCTokens tokens =
        signInToCompany(keycloak.newLogin(), "carol", "carol-password", new Nonce());

    assertThat(tokens.getIDToken().getJWTClaimsSet().getStringListClaim("groups"))
        .containsExactlyInAnyOrder("staff", "admins");
  }

  @Test
  void theOfflineRefreshTokenRefreshesWithoutAlice() throws Exception {
    OIDCTokens tokens =
        signInToCompany(keycloak.newLogin(), "alice", "alice-password", new Nonce());

    TokenResponse refreshed = refresh(tokens.getRefreshToken());

    assertThat(refreshed.indicatesSuccess()).as(describe(refreshed)).isTrue();
    JWTClaimsSet before = claims(tokens.getAccessToken());
    JWTClaimsSet after = claims(refreshed.toSuccessResponse().getTokens().getAccessToken());
    assertThat(after.getJWTID()).isNotEqualTo(before.getJWTID());
    assertThat(after.getSubject()).isEqualTo(before.getSubject());
    assertThat(after.getAudience()).contains("acme-api");
  }

  @Test
  void aliceAccessTokenIsExchangedForOneAddressedToTheReportsApi() throws Exception {
    OIDCTokens tokens =
        signInToCompany(keycloak.newLogin(), "alice", "alice-password", new Nonce());

    TokenResponse exchanged = exchange(tokens.getAccessToken(), "acme-reports");

    assertThat(exchanged.indicatesSuccess()).as(describe(exchanged)).isTrue();
    JWTClaimsSet reports = claims(exchanged.toSuccessResponse().getTokens().getAccessToken());
    assertThat(reports.getAudience()).containsExactly("acme-reports");
    assertThat(reports.getSubject()).isEqualTo(keycloak.userId(COMPANY_REALM, "alice"));
    assertThat(reports.getStringClaim("azp")).isEqualTo("previewbridge");
  }

  @Test
  void daveOutsideStaffGetsNoReportsToken() throws Exception {
    OIDCTokens tokens = signInToCompany(keycloak.newLogin(), "dave", "dave-password", new Nonce());

    TokenResponse exchanged = exchange(tokens.getAccessToken(), "acme-reports");

    assertThat(exchanged.indicatesSuccess()).isFalse();
    ErrorObject error = exchanged.toErrorResponse().getErrorObject();
    assertThat(error.getCode()).isEqualTo("invalid_request");
    assertThat(error.getDescription()).contains("Requested audience not available");
  }

  @Test
  void aWrongPasswordIsReportedAndNoCodeComesBack() {
    AuthenticationRequest request =
        companyRequest(OFFLINE_SIGN_IN, new State(), new Nonce(), new CodeVerifier());

    assertThatThrownBy(
            () -> keycloak.newLogin().signIn(request.toURI().toString(), "alice", "not-hers"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Invalid username or password");
  }

  @Test
  void aSecondSignInRidesOnTheSsoSession() throws Exception {
    Keycloak.Login browser = keycloak.newLogin();
    signInToCompany(browser, ONLINE_SIGN_IN, "alice", "alice-password", new Nonce());

    // the password is never asked for: Keycloak redirects straight back
    OIDCTokens again =
        signInToCompany(browser, OFFLINE_SIGN_IN, "alice", "never-asked", new Nonce());

    assertThat(claims(again.getAccessToken()).getSubject())
        .isEqualTo(keycloak.userId(COMPANY_REALM, "alice"));
  }

  @Test
  void anOfflineFirstSignInLeavesNoSsoSession() throws Exception {
    Keycloak.Login browser = keycloak.newLogin();
    signInToCompany(browser, OFFLINE_SIGN_IN, "alice", "alice-password", new Nonce());

    assertThatThrownBy(
            () -> signInToCompany(browser, ONLINE_SIGN_IN, "alice", "never-asked", new Nonce()))
        .hasMessageContaining("Invalid username or password");
  }

  @Test
  void onlyLoopbackRedirectUrisAreAccepted() {
    AuthenticationRequest elsewhere =
        new AuthenticationRequest.Builder(
                ResponseType.CODE,
                new Scope("openid"),
                COMPANY_CLIENT,
                URI.create("http://localhost:8791/signin/oidc/callback"))
            .endpointURI(company.getAuthorizationEndpointURI())
            .state(new State())
            .codeChallenge(new CodeVerifier(), CodeChallengeMethod.S256)
            .build();

    assertThatThrownBy(
            () ->
                keycloak.newLogin().signIn(elsewhere.toURI().toString(), "alice", "alice-password"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("redirect_uri");
  }

  @Test
  void pkceIsRequired() throws Exception {
    AuthenticationRequest withoutPkce =
        new AuthenticationRequest.Builder(
                ResponseType.CODE, new Scope("openid"), COMPANY_CLIENT, SIGN_IN_CALLBACK)
            .endpointURI(company.getAuthorizationEndpointURI())
            .state(new State())
            .build();

    String location =
        keycloak.newLogin().signIn(withoutPkce.toURI().toString(), "alice", "alice-password");

    AuthenticationResponse response = AuthenticationResponseParser.parse(URI.create(location));
    assertThat(response.indicatesSuccess()).isFalse();
    assertThat(response.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_request");
  }

  @Test
  void revokingBobsOfflineTokensEndsHisRefreshing() throws Exception {
    OIDCTokens tokens = signInToCompany(keycloak.newLogin(), "bob", "bob-password", new Nonce());
    assertThat(refresh(tokens.getRefreshToken()).indicatesSuccess()).isTrue();

    keycloak.revokeOfflineTokens(COMPANY_REALM, "bob", "previewbridge");

    assertInvalidGrant(refresh(tokens.getRefreshToken()));
  }

  @Test
  void loggingCarolOutEndsHerOfflineRefreshing() throws Exception {
    OIDCTokens tokens =
        signInToCompany(keycloak.newLogin(), "carol", "carol-password", new Nonce());
    assertThat(refresh(tokens.getRefreshToken()).indicatesSuccess()).isTrue();

    keycloak.logoutUser(COMPANY_REALM, "carol");

    assertInvalidGrant(refresh(tokens.getRefreshToken()));
  }

  @Test
  void disablingDaveEndsHisRefreshing() throws Exception {
    OIDCTokens tokens = signInToCompany(keycloak.newLogin(), "dave", "dave-password", new Nonce());
    try {
      keycloak.setEnabled(COMPANY_REALM, "dave", false);

      assertInvalidGrant(refresh(tokens.getRefreshToken()));
    } finally {
      keycloak.setEnabled(COMPANY_REALM, "dave", true);
    }
  }

  @Test
  void aRotatedSigningKeySignsNewTokensAndTheJwksListsBoth() throws Exception {
    OIDCTokens before =
        signInToCompany(keycloak.newLogin(), "alice", "alice-password", new Nonce());
    String oldKid = SignedJWT.parse(before.getAccessToken().getValue()).getHeader().getKeyID();

    String newKid = keycloak.rotateSigningKey(COMPANY_REALM);

    Nonce nonce = new Nonce();
    OIDCTokens after = signInToCompany(keycloak.newLogin(), "alice", "alice-password", nonce);
    assertThat(newKid).isNotEqualTo(oldKid);
    assertThat(SignedJWT.parse(after.getAccessToken().getValue()).getHeader().getKeyID())
        .isEqualTo(newKid);
    assertThat(((SignedJWT) after.getIDToken()).getHeader().getKeyID()).isEqualTo(newKid);
    List<String> published =
        JWKSet.load(company.getJWKSetURI().toURL()).getKeys().stream().map(JWK::getKeyID).toList();
    assertThat(published).contains(oldKid, newKid);
    new IDTokenValidator(
            company.getIssuer(), COMPANY_CLIENT, JWSAlgorithm.RS256, company.getJWKSetURI().toURL())
        .validate(after.getIDToken(), nonce);
  }

  @Test
  void aliceLinksHerProductAccountAsAnotherSubject() throws Exception {
    CodeVerifier verifier = new CodeVerifier();
    State state = new State();
    AuthorizationRequest request =
        new AuthorizationRequest.Builder(ResponseType.CODE, LINK_CLIENT)
            .endpointURI(product.getAuthorizationEndpointURI())
            .redirectionURI(LINK_CALLBACK)
            .scope(new Scope("offline_access"))
            .state(state)
            .codeChallenge(verifier, CodeChallengeMethod.S256)
            .build();

    String location =
        keycloak.newLogin().signIn(request.toURI().toString(), "alice", "alice-product-password");

    assertThat(location).startsWith(LINK_CALLBACK.toString());
    AuthorizationResponse response = AuthorizationResponse.parse(URI.create(location));
    assertThat(response.getState()).isEqualTo(state);
    AuthorizationCode code = response.toSuccessResponse().getAuthorizationCode();
    TokenResponse tokenResponse =
        TokenResponse.parse(
            new TokenRequest(
                    product.getTokenEndpointURI(),
                    new ClientSecretBasic(LINK_CLIENT, LINK_SECRET),
                    new AuthorizationCodeGrant(code, LINK_CALLBACK, verifier))
                .toHTTPRequest()
                .send());
    assertThat(tokenResponse.indicatesSuccess()).as(describe(tokenResponse)).isTrue();
    Tokens tokens = tokenResponse.toSuccessResponse().getTokens();
    JWTClaimsSet access = claims(tokens.getAccessToken());
    assertThat(access.getIssuer()).isEqualTo(keycloak.issuer(PRODUCT_REALM));
    assertThat(access.getAudience()).contains("acme-product-api");
    assertThat(access.getSubject())
        .isEqualTo(keycloak.userId(PRODUCT_REALM, "alice"))
        .isNotEqualTo(keycloak.userId(COMPANY_REALM, "alice"));
    assertThat(claims(tokens.getRefreshToken()).getStringClaim("typ")).isEqualTo("Offline");
  }

  private static AuthenticationRequest companyRequest(
      Scope scope, State state, Nonce nonce, CodeVerifier verifier) {
    return new AuthenticationRequest.Builder(
            ResponseType.CODE, scope, COMPANY_CLIENT, SIGN_IN_CALLBACK)
        .endpointURI(company.getAuthorizationEndpointURI())
        .state(state)
        .nonce(nonce)
        .codeChallenge(verifier, CodeChallengeMethod.S256)
        .build();
  }

  /** A company sign-in with an offline refresh token, as PreviewBridge's sign-in asks. */
  private static OIDCTokens signInToCompany(
      Keycloak.Login browser, String username, String password, Nonce nonce) throws Exception {
    return signInToCompany(browser, OFFLINE_SIGN_IN, username, password, nonce);
  }

  /** The relying party's whole round trip: authorization request, login, callback, code. */
  private static OIDCTokens signInToCompany(
      Keycloak.Login browser, Scope scope, String username, String password, Nonce nonce)
      throws Exception {
    State state = new State();
    CodeVerifier verifier = new CodeVerifier();
    String location =
        browser.signIn(
            companyRequest(scope, state, nonce, verifier).toURI().toString(), username, password);

    assertThat(location).startsWith(SIGN_IN_CALLBACK.toString());
    AuthenticationResponse response = AuthenticationResponseParser.parse(URI.create(location));
    assertThat(response.indicatesSuccess()).as(location).isTrue();
    assertThat(response.getState()).isEqualTo(state);
    TokenResponse tokens =
        OIDCTokenResponseParser.parse(
            companyToken(
                new AuthorizationCodeGrant(
                    response.toSuccessResponse().getAuthorizationCode(),
                    SIGN_IN_CALLBACK,
                    verifier)));
    assertThat(tokens.indicatesSuccess()).as(describe(tokens)).isTrue();
    return ((OIDCTokenResponse) tokens.toSuccessResponse()).getOIDCTokens();
  }

  private static TokenResponse refresh(RefreshToken refreshToken) throws Exception {
    return TokenResponse.parse(companyToken(new RefreshTokenGrant(refreshToken)));
  }

  private static TokenResponse exchange(AccessToken subject, String audience) throws Exception {
    return TokenResponse.parse(
        companyToken(
            new TokenExchangeGrant(
                subject,
                TokenTypeURI.ACCESS_TOKEN,
                null,
                null,
                TokenTypeURI.ACCESS_TOKEN,
                List.of(new Audience(audience)))));
  }

  private static HTTPResponse companyToken(AuthorizationGrant grant) throws Exception {
    return new TokenRequest(
            company.getTokenEndpointURI(),
            new ClientSecretBasic(COMPANY_CLIENT, COMPANY_SECRET),
            grant)
        .toHTTPRequest()
        .send();
  }

  private static void assertInvalidGrant(TokenResponse response) {
    assertThat(response.indicatesSuccess()).as("refresh still works").isFalse();
    assertThat(response.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_grant");
  }

  /** Keycloak's tokens are JWTs, its refresh tokens too (signed with a realm HMAC key). */
  private static JWTClaimsSet claims(Token token) throws Exception {
    return SignedJWT.parse(token.getValue()).getJWTClaimsSet();
  }

  private static String describe(TokenResponse response) {
    return response.indicatesSuccess()
        ? "success"
        : response.toErrorResponse().getErrorObject().toJSONObject().toString();
  }
}
