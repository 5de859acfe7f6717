package io.previewbridge.sources.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.previewbridge.credentials.control.CredentialUnavailable;
import io.previewbridge.credentials.control.CredentialUnavailable.Reason;
import io.previewbridge.sources.entity.PreviewResult;
import io.previewbridge.sources.entity.Requester;
import io.previewbridge.sources.entity.SourceAuth;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Previews fetched as the person: the token a fetch carries, what Notion shows when there is none,
 * a 401 answered with a fresh token, and the three policies for objects the upstream marks private.
 */
class PreviewAsPersonTest {

  /** Answers each fetch with the next outcome, and keeps the requests. */
  static class ScriptedFetcher extends PreviewBuilderTest.FakeFetcher {
    final Deque<Outcome> script = new ArrayDeque<>();

    ScriptedFetcher then(Outcome outcome) {
      script.add(outcome);
      return this;
    }

    ScriptedFetcher thenJson(String json) {
      return then(
          new Fetched((JsonStructure) Json.createReader(new StringReader(json)).readValue()));
    }

    @Override
    public Outcome fetch(Request request) {
      requests.add(request);
      return script.isEmpty() ? answer : script.poll();
    }
  }

  /** Hands out tokens from a list, or a failure, and counts distrust. */
  static class FakeTokens extends PersonalTokens {
    final Deque<String> tokens = new ArrayDeque<>();
    CredentialUnavailable unavailable;
    final List<String> distrusted = new ArrayList<>();

    FakeTokens() {
      publicUrl = "https://pb.acme.com";
      servers = new io.previewbridge.credentials.control.AuthServers();
    }

    @Override
    public Outcome tokenFor(SourceAuth auth, Requester requester) {
      if (unavailable != null) {
        return new NoToken(failureOf(auth, unavailable));
      }
      return new Token(tokens.isEmpty() ? "no-token-left" : tokens.poll());
    }

    @Override
    public void distrust(SourceAuth auth, Requester requester) {
      distrusted.add(requester.id());
    }
  }

  static final String SOURCES =
      """
{"developerName":"Acme","sources":[
 {"id":"issue","pattern":"^https://tracker\\\\.acme\\\\.com/issues/(?<n>\\\\d+)$",
  "samples":["https://tracker.acme.com/issues/1"],
  "fetch":{"url":"https://api.acme.com/issues/{n}","headers":{"Accept":"application/json"}},
  "auth":{"kind":"user-token"},
  "restricted":{"when":"{/confidential}","policy":"%s","title":"Private issue #{n}"},
  "attributes":[{"id":"title","type":"title","value":"{/title}"%s},
    {"id":"state","name":"State","type":"plain_text","value":"{/state}","section":"primary"},
    {"id":"number","name":"Issue","type":"plain_text","value":"#{n}","section":"identifier","public":%s}]},
 {"id":"doc","pattern":"^https://docs\\\\.acme\\\\.com/(?<n>\\\\d+)$","samples":["https://docs.acme.com/1"],
  "fetch":{"url":"https://docs-api.acme.com/{n}"},"auth":{"kind":"oauth","provider":"acme-docs"},
  "restricted":{"status":[451],"policy":"%s","message":"A private document"},
  "attributes":[{"id":"title","type":"title","value":"{/title}"},
    {"id":"number","name":"Doc","type":"plain_text","value":"D-{n}","section":"identifier"%s}]}],
 "providers":[{"id":"acme-docs","name":"Acme Docs","issuer":"https://docs.acme.com/oauth","clientId":"pb"}]}
""";

  static final Requester ALICE = new Requester("acc-alice", "alice", "alice@acme.test");

  ScriptedFetcher fetcher = new ScriptedFetcher();
  FakeTokens tokens = new FakeTokens();
  SourceRegistry registry = new SourceRegistry();
  PreviewBuilder builder;

  void load(String issuePolicy, boolean titlePublic, String docPolicy) {
    boolean limitedIssue = issuePolicy.equals("limited");
    boolean limitedDoc = docPolicy.equals("limited");
    String json =
        SOURCES.formatted(
            issuePolicy,
            limitedIssue && titlePublic ? ",\"public\":true" : "",
            limitedIssue,
            docPolicy,
            limitedDoc ? ",\"public\":true" : "");
    Map<String, String> config =
        Map.of(
            "previewbridge.identity.mode", "oidc",
            "previewbridge.identity.oidc.issuer", "https://sso.acme.com/realms/acme");
    registry.load(json, "test", Optional.empty(), k -> Optional.ofNullable(config.get(k)));
    builder = new PreviewBuilder(fetcher, registry, k -> Optional.ofNullable(config.get(k)));
    builder.personalTokens = tokens;
    tokens.registry = registry; // its messages name the product: the file's developerName, "Acme"
  }

  PreviewResult build(String uri) {
    return builder.build(registry.match(uri).orElseThrow(), ALICE);
  }

  static String text(PreviewResult result, String id) {
    JsonArray attributes = ((PreviewResult.Attributes) result).attributes();
    for (JsonObject a : attributes.getValuesAs(JsonObject.class)) {
      if (a.getString("id").equals(id)) {
        JsonObject inline = a.getJsonObject("inline");
        return inline.getJsonObject(inline.keySet().iterator().next()).getString("value");
      }
    }
    return null;
  }

  @Test
  void theFetchCarriesThePersonsTokenAndNoneOfTheirFetchesShareOne() {
    load("deny", false, "deny");
    tokens.tokens.add("alice-access-1");
    fetcher.thenJson("{\"title\":\"Login fails\",\"state\":\"open\",\"confidential\":false}");

    PreviewResult result = build("https://tracker.acme.com/issues/7");

    assertThat(text(result, "title")).isEqualTo("Login fails");
    assertThat(fetcher.requests)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.headers()).containsEntry("Authorization", "Bearer alice-access-1");
              assertThat(r.headers()).containsEntry("Accept", "application/json");
              assertThat(r.url().toString()).isEqualTo("https://api.acme.com/issues/7");
            });
  }

  @Test
  void a401IsAnsweredOnceWithAFreshToken() {
    load("deny", false, "deny");
    tokens.tokens.addAll(List.of("revoked-token", "fresh-token"));
    fetcher
        .then(new Fetcher.UpstreamStatus(401))
        .thenJson("{\"title\":\"After refresh\",\"confidential\":false}");

    PreviewResult result = build("https://tracker.acme.com/issues/7");

    assertThat(text(result, "title")).isEqualTo("After refresh");
    assertThat(tokens.distrusted).containsExactly("acc-alice");
    assertThat(fetcher.requests)
        .extracting(r -> r.headers().get("Authorization"))
        .containsExactly("Bearer revoked-token", "Bearer fresh-token");
  }

  @Test
  void aSecond401IsTheAnswer() {
    load("deny", false, "deny");
    tokens.tokens.addAll(List.of("t1", "t2"));
    fetcher.then(new Fetcher.UpstreamStatus(401)).then(new Fetcher.UpstreamStatus(401));

    PreviewResult result = build("https://tracker.acme.com/issues/7");

    assertThat(result).isInstanceOf(PreviewResult.Failure.class);
    assertThat(((PreviewResult.Failure) result).message())
        .isEqualTo("PreviewBridge could not sign in to the source");
    assertThat(fetcher.requests).hasSize(2);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
MISSING     | 403 | true  | Sign in to Acme with your company account to see this preview: https://pb.acme.com/account
GONE        | 401 | false | Your sign-in has ended (refresh refused). Sign in again at https://pb.acme.com/account to resume this preview
UNREACHABLE | 503 | false | The sign-in service could not be asked right now; try again shortly
REFUSED     | 502 | false | This source's token could not be obtained (refresh refused)
""")
  void withoutATokenNothingIsFetchedAndNotionIsToldWhy(
      Reason reason, int status, boolean definitive, String message) {
    load("deny", false, "deny");
    tokens.unavailable = new CredentialUnavailable(reason, "idp", "refresh refused");

    PreviewResult result = build("https://tracker.acme.com/issues/7");

    assertThat(result).isEqualTo(new PreviewResult.Failure(status, message, definitive));
    assertThat(fetcher.requests).as("never a fetch without the person's own token").isEmpty();
  }

  @Test
  void anUnlinkedProductAccountGetsTheLinkToConnectIt() {
    load("deny", false, "deny");
    tokens.unavailable = new CredentialUnavailable(Reason.MISSING, "acme-docs", "not linked");

    PreviewResult result = build("https://docs.acme.com/12");

    assertThat(result)
        .isEqualTo(
            new PreviewResult.Failure(
                403,
                "Connect your product account to Acme to see this preview:"
                    + " https://pb.acme.com/link/acme-docs",
                true));
  }

  @Test
  void denyShowsNotionsErrorForAPrivateObject() {
    load("deny", false, "deny");
    fetcher.thenJson("{\"title\":\"Salary review\",\"state\":\"open\",\"confidential\":true}");

    assertThat(build("https://tracker.acme.com/issues/9"))
        .isEqualTo(
            new PreviewResult.Failure(
                403,
                "This item is private: its preview is not shown to everyone on the page",
                true));
  }

  @Test
  void limitedShowsThePublicAttributesAndALockedTitle() {
    load("limited", true, "deny");
    fetcher.thenJson("{\"title\":\"Salary review\",\"state\":\"open\",\"confidential\":\"yes\"}");

    PreviewResult result = build("https://tracker.acme.com/issues/9");

    assertThat(text(result, "title")).isEqualTo("\uD83D\uDD12 Salary review");
    assertThat(text(result, "number")).isEqualTo("#9");
    assertThat(text(result, "state")).as("not public").isNull();
    assertThat(text(result, "dev")).isEqualTo("Acme");
  }

  @Test
  void limitedWithAPrivateTitleUsesTheRulesTitle() {
    load("limited", false, "deny");
    fetcher.thenJson("{\"title\":\"Salary review\",\"state\":\"open\",\"confidential\":true}");

    PreviewResult result = build("https://tracker.acme.com/issues/9");

    assertThat(text(result, "title")).isEqualTo("\uD83D\uDD12 Private issue #9");
    assertThat(text(result, "number")).isEqualTo("#9");
  }

  @Test
  void allowShowsEverythingAndAPublicObjectIsShownInFullUnderEveryPolicy() {
    load("allow", false, "deny");
    fetcher.thenJson("{\"title\":\"Salary review\",\"state\":\"open\",\"confidential\":true}");
    assertThat(text(build("https://tracker.acme.com/issues/9"), "state")).isEqualTo("open");

    for (String policy : List.of("deny", "limited")) {
      fetcher = new ScriptedFetcher();
      registry = new SourceRegistry();
      load(policy, true, "deny");
      fetcher.thenJson("{\"title\":\"Coffee machine\",\"state\":\"open\",\"confidential\":false}");
      PreviewResult result = build("https://tracker.acme.com/issues/3");
      assertThat(text(result, "title")).as(policy).isEqualTo("Coffee machine");
      assertThat(text(result, "state")).as(policy).isEqualTo("open");
    }
  }

  @Test
  void aRestrictedStatusIsAPrivateObjectWithoutData() {
    load("deny", false, "limited");
    fetcher.then(new Fetcher.UpstreamStatus(451));
    PreviewResult limited = build("https://docs.acme.com/12");
    assertThat(text(limited, "title")).isEqualTo("\uD83D\uDD12 Private item");
    assertThat(text(limited, "number")).isEqualTo("D-12");

    fetcher = new ScriptedFetcher();
    registry = new SourceRegistry();
    load("deny", false, "deny");
    fetcher.then(new Fetcher.UpstreamStatus(451));
    assertThat(build("https://docs.acme.com/12"))
        .isEqualTo(new PreviewResult.Failure(403, "A private document", true));
  }
}
