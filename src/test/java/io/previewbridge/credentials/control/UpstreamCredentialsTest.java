package io.previewbridge.credentials.control;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.previewbridge.credentials.entity.AuthServer;
import io.previewbridge.credentials.entity.UpstreamCredential;
import io.previewbridge.platform.control.TokenCipher;
import io.previewbridge.testing.MutableClock;
import io.previewbridge.testing.RecordingEvent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A person's tokens: kept encrypted, handed out while fresh, refreshed at a real token endpoint (a
 * WireMock server) shortly before they expire, once however many checks ask at the same time, and
 * marked gone when the server refuses the refresh for good. The rows live in an in-memory store
 * that plays the database's row lock with a monitor.
 */
class UpstreamCredentialsTest {

  /** The database's part: rows by (account, server), the lock as one monitor. */
  static class MemoryStore extends CredentialStore {
    final Map<String, UpstreamCredential> rows = new HashMap<>();
    final Instant now;

    MemoryStore(Instant now) {
      this.now = now;
    }

    @Override
    public synchronized Optional<UpstreamCredential> find(String accountId, String serverId) {
      return Optional.ofNullable(rows.get(accountId + "/" + serverId));
    }

    @Override
    public synchronized List<UpstreamCredential> ofAccount(String accountId) {
      return rows.values().stream().filter(c -> c.accountId().equals(accountId)).toList();
    }

    @Override
    public synchronized <R> R locked(
        String accountId, String serverId, Function<UpstreamCredential, R> work) {
      return work.apply(rows.get(accountId + "/" + serverId));
    }

    @Override
    public synchronized <R> R upsert(
        String accountId, String serverId, Function<UpstreamCredential, R> change) {
      UpstreamCredential row =
          rows.computeIfAbsent(
              accountId + "/" + serverId, k -> new UpstreamCredential(accountId, serverId, now));
      return change.apply(row);
    }

    @Override
    public synchronized boolean delete(String accountId, String serverId) {
      return rows.remove(accountId + "/" + serverId) != null;
    }
  }

  final WireMockServer idp = new WireMockServer(options().dynamicPort());
  final MutableClock clock = new MutableClock();
  final RecordingEvent<CredentialRenewed> renewed = new RecordingEvent<>();
  final UpstreamCredentials credentials = new UpstreamCredentials();
  MemoryStore store;
  AuthServer server;

  @BeforeEach
  void setUp() {
    idp.start();
    server =
        new AuthServer(
            "idp",
            "the identity provider",
            Optional.empty(),
            Optional.of(URI.create(idp.baseUrl() + "/auth")),
            Optional.of(URI.create(idp.baseUrl() + "/token")),
            "previewbridge",
            Optional.of("client-secret"),
            List.of("openid", "offline_access"),
            Map.of());
    AuthServers servers =
        new AuthServers() {
          @Override
          public Optional<AuthServer> byId(String id) {
            return id.equals("idp") ? Optional.of(server) : Optional.empty();
          }
        };
    servers.clock = clock;
    servers.metadataTtl = Duration.ofHours(1);
    servers.connectTimeout = Duration.ofSeconds(2);
    servers.readTimeout = Duration.ofSeconds(2);
    TokenRequests requests = new TokenRequests();
    requests.servers = servers;
    requests.clock = clock;
    store = new MemoryStore(clock.instant());
    credentials.store = store;
    credentials.servers = servers;
    credentials.tokens = requests;
    credentials.cipher =
        new TokenCipher("previewbridge-test-key-32-bytes!".getBytes(StandardCharsets.US_ASCII));
    credentials.clock = clock;
    credentials.renewed = renewed;
    credentials.refreshAhead = Duration.ofSeconds(30);
  }

  @AfterEach
  void tearDown() {
    idp.stop();
  }

  void signIn(String access, String refresh, Duration lifetime) {
    credentials.keep(
        "alice",
        server,
        "sub-alice",
        new IssuedTokens(
            access,
            Optional.ofNullable(refresh),
            Optional.of(clock.instant().plus(lifetime)),
            Optional.empty(),
            Optional.of("openid offline_access")));
  }

  void tokenEndpointAnswers(int status, String json) {
    idp.stubFor(
        post(urlPathEqualTo("/token"))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody(json)
                    .withFixedDelay(200)));
  }

  @Test
  void tokensAreKeptEncryptedAndAFreshOneIsHandedOutAsIs() {
    signIn("access-1", "refresh-1", Duration.ofMinutes(5));

    assertThat(credentials.accessToken("alice", "idp")).isEqualTo("access-1");
    UpstreamCredential row = store.find("alice", "idp").orElseThrow();
    assertThat(row.sealedAccessToken()).startsWith("v1.").doesNotContain("access-1");
    assertThat(row.sealedRefreshToken()).startsWith("v1.").doesNotContain("refresh-1");
    assertThat(renewed.fired).containsExactly(new CredentialRenewed("alice", "idp"));
    assertThat(idp.getAllServeEvents()).isEmpty();
  }

  @Test
  void aTokenAboutToExpireIsRefreshedOnceHoweverManyAskAtOnce() throws Exception {
    signIn("access-1", "refresh-1", Duration.ofMinutes(5));
    tokenEndpointAnswers(
        200,
        "{\"access_token\":\"access-2\",\"token_type\":\"Bearer\",\"expires_in\":300,"
            + "\"refresh_token\":\"refresh-2\"}");
    clock.advance(Duration.ofMinutes(4).plusSeconds(40));

    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<String>> answers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      answers.add(pool.submit((Callable<String>) () -> credentials.accessToken("alice", "idp")));
    }
    for (Future<String> answer : answers) {
      assertThat(answer.get()).isEqualTo("access-2");
    }
    pool.shutdown();

    idp.verify(
        1,
        postRequestedFor(urlPathEqualTo("/token"))
            .withRequestBody(containing("grant_type=refresh_token"))
            .withRequestBody(containing("refresh_token=refresh-1"))
            .withHeader("Authorization", containing("Basic ")));
    // the rotated refresh token is the one used next time
    clock.advance(Duration.ofMinutes(4).plusSeconds(40));
    credentials.accessToken("alice", "idp");
    idp.verify(
        1,
        postRequestedFor(urlPathEqualTo("/token"))
            .withRequestBody(containing("refresh_token=refresh-2")));
  }

  @Test
  void aRefusedRefreshMarksTheCredentialGoneUntilTheNextSignIn() {
    signIn("access-1", "refresh-1", Duration.ofSeconds(20));
    tokenEndpointAnswers(
        400, "{\"error\":\"invalid_grant\",\"error_description\":\"Token is not active\"}");
    clock.advance(Duration.ofSeconds(15));

    CredentialUnavailable gone =
        catchThrowableOfType(
            CredentialUnavailable.class, () -> credentials.accessToken("alice", "idp"));

    assertThat(gone.reason()).isEqualTo(CredentialUnavailable.Reason.GONE);
    assertThat(gone.getMessage())
        .contains("refused to refresh the sign-in (invalid_grant: Token is not active)");
    UpstreamCredential row = store.find("alice", "idp").orElseThrow();
    assertThat(row.status()).isEqualTo(UpstreamCredential.Status.GONE);
    assertThat(row.sealedAccessToken()).isNull();
    assertThat(row.sealedRefreshToken()).isNull();
    assertThat(row.problem()).contains("invalid_grant");

    // nothing more is asked of the server for a gone credential
    assertThat(
            catchThrowableOfType(
                    CredentialUnavailable.class, () -> credentials.accessToken("alice", "idp"))
                .reason())
        .isEqualTo(CredentialUnavailable.Reason.GONE);
    idp.verify(1, postRequestedFor(urlPathEqualTo("/token")));

    renewed.fired.clear();
    signIn("access-3", "refresh-3", Duration.ofMinutes(5));
    assertThat(credentials.accessToken("alice", "idp")).isEqualTo("access-3");
    assertThat(renewed.fired).as("its previews are checked again").hasSize(1);
  }

  @Test
  void aServerThatIsDownIsPassingTrouble() {
    signIn("access-1", "refresh-1", Duration.ofSeconds(20));
    tokenEndpointAnswers(503, "<html>down for maintenance</html>");
    clock.advance(Duration.ofSeconds(15));

    CredentialUnavailable down =
        catchThrowableOfType(
            CredentialUnavailable.class, () -> credentials.accessToken("alice", "idp"));

    assertThat(down.reason()).isEqualTo(CredentialUnavailable.Reason.UNREACHABLE);
    assertThat(store.find("alice", "idp").orElseThrow().active()).isTrue();
  }

  @Test
  void withoutARefreshTokenAnExpiredSignInIsGone() {
    signIn("access-1", null, Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(6));

    CredentialUnavailable gone =
        catchThrowableOfType(
            CredentialUnavailable.class, () -> credentials.accessToken("alice", "idp"));

    assertThat(gone.reason()).isEqualTo(CredentialUnavailable.Reason.GONE);
    assertThat(gone.getMessage()).contains("issued no refresh token");
  }

  @Test
  void aShortLivedTokenIsUsedForHalfItsLifeBeforeItIsRefreshed() {
    signIn("access-1", "refresh-1", Duration.ofSeconds(30));
    tokenEndpointAnswers(
        200, "{\"access_token\":\"access-2\",\"token_type\":\"Bearer\",\"expires_in\":30}");

    clock.advance(Duration.ofSeconds(14));
    assertThat(credentials.accessToken("alice", "idp")).isEqualTo("access-1");
    clock.advance(Duration.ofSeconds(2));
    assertThat(credentials.accessToken("alice", "idp")).isEqualTo("access-2");
    idp.verify(1, postRequestedFor(urlPathEqualTo("/token")));
  }

  @Test
  void aTokenTheUpstreamRefusedIsRefreshedBeforeItsNextUse() {
    signIn("access-1", "refresh-1", Duration.ofMinutes(5));
    tokenEndpointAnswers(
        200, "{\"access_token\":\"access-2\",\"token_type\":\"Bearer\",\"expires_in\":300}");

    credentials.distrust("alice", "idp");

    assertThat(credentials.accessToken("alice", "idp")).isEqualTo("access-2");
    idp.verify(1, postRequestedFor(urlPathEqualTo("/token")));
  }

  @Test
  void someoneWhoNeverSignedInThereHasNoToken() {
    assertThat(
            catchThrowableOfType(
                    CredentialUnavailable.class, () -> credentials.accessToken("bob", "idp"))
                .reason())
        .isEqualTo(CredentialUnavailable.Reason.MISSING);
  }
}
