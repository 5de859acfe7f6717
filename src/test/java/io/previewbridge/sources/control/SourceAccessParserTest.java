package io.previewbridge.sources.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.previewbridge.credentials.entity.AuthServer;
import io.previewbridge.sources.entity.Restriction;
import io.previewbridge.sources.entity.Source;
import io.previewbridge.sources.entity.SourceAuth;
import io.previewbridge.sources.entity.Sources;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sources file's {@code auth}, {@code restricted}, {@code public} and {@code providers}: what a
 * valid file becomes, and every problem reported with its JSON path at start-up.
 */
class SourceAccessParserTest {

  static final Map<String, String> OIDC =
      Map.of(
          "previewbridge.identity.mode",
          "oidc",
          "previewbridge.identity.oidc.issuer",
          "https://sso.acme.com/realms/acme",
          "acme.product.secret",
          "pr0duct-s3cret",
          "acme.product.client",
          "previewbridge",
          SourcesConfig.LISTED,
          "acme.product.secret,acme.product.client");

  static Sources parse(String json, Map<String, String> config) {
    Function<String, Optional<String>> lookup = k -> Optional.ofNullable(config.get(k));
    return SourcesParser.parse(json, "previewbridge.sources", "test", lookup);
  }

  static List<String> problems(String json, Map<String, String> config) {
    InvalidSources e = catchThrowableOfType(InvalidSources.class, () -> parse(json, config));
    assertThat(e).as("expected the file to be refused").isNotNull();
    assertThat(e.getMessage()).doesNotContain("pr0duct-s3cret");
    return e.problems();
  }

  static final String PROVIDERS =
      """
  "providers":[{"id":"acme-product","name":"Acme Product","issuer":"https://product.acme.com/oauth",
    "clientId":"{config:acme.product.client}","clientSecret":"{config:acme.product.secret}",
    "scopes":["read:issues","offline_access"],"authParams":{"audience":"product-api"}},
   {"id":"gh","authorizationEndpoint":"https://github.com/login/oauth/authorize",
    "tokenEndpoint":"https://github.com/login/oauth/access_token","clientId":"Iv1.x","scopes":"repo read:org"}],
""";

  /** One json source with {@code fields} added, after the providers above. */
  static String source(String fields) {
    return """
{"developerName":"Acme",%s "sources":[{"id":"t",
  "pattern":"^https://x\\\\.example/(?<num>\\\\d+)$","samples":["https://x.example/1"],
  "fetch":{"url":"https://api.acme.com/items/{num}"},
  "attributes":[{"id":"title","type":"title","value":"{/title}","public":true},
                {"id":"state","name":"State","type":"plain_text","value":"{/state}","section":"primary"}]
  %s}]}
"""
        .formatted(PROVIDERS, fields);
  }

  @Test
  void aFileWithEveryAccessFeatureParses() {
    String json =
        """
{"developerName":"Acme",%s "sources":[
 {"id":"mine","pattern":"^https://x\\\\.example/a/(?<n>\\\\d+)$","samples":["https://x.example/a/1"],
  "fetch":{"url":"https://api.acme.com/a/{n}"},"auth":{"kind":"user-token"},
  "restricted":{"when":"{/visibility}","values":["private","internal"],"policy":"limited","title":"Private #{n}"},
  "attributes":[{"id":"title","type":"title","value":"{/title}"},
                {"id":"num","name":"Number","type":"plain_text","value":"#{n}","section":"identifier","public":true}]},
 {"id":"reports","pattern":"^https://x\\\\.example/r/(?<n>\\\\d+)$","samples":["https://x.example/r/1"],
  "fetch":{"url":"https://reports.acme.com/{n}"},"auth":{"kind":"token-exchange","audience":"acme-reports","scope":"reports:read"},
  "restricted":"{/confidential}",
  "attributes":[{"id":"title","type":"title","value":"{/title}"}]},
 {"id":"product","pattern":"^https://x\\\\.example/p/(?<n>\\\\d+)$","samples":["https://x.example/p/1"],
  "fetch":{"url":"https://product.acme.com/api/{n}"},"auth":{"kind":"oauth","provider":"acme-product"},
  "restricted":{"status":[403,451],"policy":"deny","message":"Private in Acme Product"},
  "attributes":[{"id":"title","type":"title","value":"{/title}"}]},
 {"id":"shared","pattern":"^https://x\\\\.example/s/(?<n>\\\\d+)$","samples":["https://x.example/s/1"],
  "fetch":{"url":"https://api.acme.com/s/{n}","headers":{"Authorization":"Bearer k"}},"auth":{"kind":"service"},
  "attributes":[{"id":"title","type":"title","value":"{/title}"}]}]}
"""
            .formatted(PROVIDERS);
    Sources sources = parse(json, OIDC);

    assertThat(sources.providers())
        .extracting(AuthServer::id)
        .containsExactly("acme-product", "gh");
    AuthServer product = sources.providers().get(0);
    assertThat(product.displayName()).isEqualTo("Acme Product");
    assertThat(product.issuer()).contains("https://product.acme.com/oauth");
    assertThat(product.clientId()).isEqualTo("previewbridge");
    assertThat(product.clientSecret()).contains("pr0duct-s3cret");
    assertThat(product.scopes()).containsExactly("read:issues", "offline_access");
    assertThat(product.authParams()).containsEntry("audience", "product-api");
    AuthServer github = sources.providers().get(1);
    assertThat(github.displayName()).isEqualTo("gh");
    assertThat(github.tokenEndpoint())
        .contains(URI.create("https://github.com/login/oauth/access_token"));
    assertThat(github.clientSecret()).isEmpty();
    assertThat(github.scopes()).containsExactly("repo", "read:org");

    Source mine = sources.byId("mine").orElseThrow();
    assertThat(mine.auth().kind()).isEqualTo(SourceAuth.Kind.USER_TOKEN);
    Restriction rule = mine.restricted();
    assertThat(rule.policy()).isEqualTo(Restriction.Policy.LIMITED);
    assertThat(rule.values()).containsExactlyInAnyOrder("private", "internal");
    assertThat(rule.title().source()).isEqualTo("Private #{n}");
    assertThat(mine.attributes())
        .filteredOn(a -> a.isPublic())
        .extracting(a -> a.id())
        .containsExactly("num");

    Source reports = sources.byId("reports").orElseThrow();
    assertThat(reports.auth().describe())
        .isEqualTo("token-exchange (audience acme-reports) scope reports:read");
    assertThat(reports.restricted().policy()).isEqualTo(Restriction.Policy.DENY);
    assertThat(reports.restricted().describe()).isEqualTo("deny when {/confidential}");

    Source product1 = sources.byId("product").orElseThrow();
    assertThat(product1.auth().provider()).contains("acme-product");
    assertThat(product1.restricted().statuses()).containsExactlyInAnyOrder(403, 451);
    assertThat(product1.restricted().message()).isEqualTo("Private in Acme Product");

    assertThat(sources.byId("shared").orElseThrow().auth()).isEqualTo(SourceAuth.SERVICE);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
auth not an object           | ,"auth":"user-token"                                   | $.sources[0].auth: must be an object with "kind"
unknown kind                 | ,"auth":{"kind":"saml"}                                | $.sources[0].auth.kind: "saml" is not an auth kind; use one of service, user-token, token-exchange, oauth
unknown auth key             | ,"auth":{"kind":"user-token","aud":"x"}                | $.sources[0].auth.aud: is not a known field
exchange without audience    | ,"auth":{"kind":"token-exchange"}                      | $.sources[0].auth.audience: is required for token-exchange
audience on user-token       | ,"auth":{"kind":"user-token","audience":"x"}           | $.sources[0].auth.audience: applies only to token-exchange
oauth without provider       | ,"auth":{"kind":"oauth"}                               | $.sources[0].auth.provider: is required for oauth
oauth with unknown provider  | ,"auth":{"kind":"oauth","provider":"jira"}             | $.sources[0].auth.provider: "jira" is not declared under "providers" (declared: acme-product, gh)
provider on user-token       | ,"auth":{"kind":"user-token","provider":"gh"}          | $.sources[0].auth.provider: applies only to oauth
restricted not a rule        | ,"restricted":true                                     | $.sources[0].restricted: must be a template such as "{/confidential}" or an object with "when"
restricted without when      | ,"restricted":{"policy":"limited"}                     | $.sources[0].restricted: needs "when" (a template over the fetched data) or "status" (upstream statuses)
values without when          | ,"restricted":{"status":403,"values":["x"]}            | $.sources[0].restricted.values: compares the value of "when", which is missing
unknown policy               | ,"restricted":{"when":"{/p}","policy":"hide"}          | $.sources[0].restricted.policy: "hide" is not a policy; use one of deny, limited, allow
status not an error          | ,"restricted":{"status":[200],"policy":"limited"}      | $.sources[0].restricted.status: must be an HTTP error status 400-599, or an array of them
when with a config value     | ,"restricted":{"when":"{config:acme.product.client}","policy":"limited"} | $.sources[0].restricted.when: cannot use {config:...}
when with an unknown group   | ,"restricted":{"when":"{nope}","policy":"limited"}     | $.sources[0].restricted.when: uses {nope} but the pattern defines no such named group
public without restricted    |                                                        | $.sources[0].attributes: marks attributes "public", but the source has no "restricted" rule that uses them
public with policy deny      | ,"restricted":"{/private}"                             | $.sources[0].attributes: marks attributes "public", which only the policy "limited" uses (this source's is deny)
unknown restricted key       | ,"restricted":{"when":"{/p}","policy":"limited","because":"x"} | $.sources[0].restricted.because: is not a known field
""")
  void sourceProblems(String what, String fields, String expected) {
    assertThat(problems(source(fields == null ? "" : fields), OIDC))
        .anyMatch(p -> p.startsWith(expected));
  }

  @Test
  void aPersonsTokenNeedsTheProviderAHostOfTheAdminsAndNoAuthorizationHeader() {
    String json =
        """
{"developerName":"Acme","sources":[
 {"id":"a","pattern":"^https://(?<host>[a-z.]+)/(?<n>\\\\d+)$","samples":["https://x.example/1"],
  "fetch":{"url":"https://{host}/api/{n}","headers":{"authorization":"Bearer {config:k}"}},
  "auth":{"kind":"user-token"},"attributes":[{"id":"title","type":"title","value":"{/t}"}]},
 {"id":"b","kind":"html-meta","pattern":"^https://wiki\\\\.acme\\\\.com/","samples":["https://wiki.acme.com/x"],
  "auth":{"kind":"token-exchange","audience":"wiki"},"restricted":"{/x}"},
 {"id":"c","kind":"java","bean":"x","pattern":"^https://c\\\\.example/","samples":["https://c.example/1"],
  "restricted":{"when":"{/x}"}}]}
""";
    assertThat(problems(json, Map.of("k", "v")))
        .contains(
            "$.sources[0].fetch.url: must name its host literally (or through {config:...}) when"
                + " the fetch carries a person's token: a host from the pasted link could take it"
                + " elsewhere",
            "$.sources[0].fetch.headers.authorization: the person's token is sent in"
                + " Authorization; remove this header or use \"auth\": {\"kind\": \"service\"}",
            "$.sources[0].auth.kind: user-token needs the company's OpenID Connect provider: set"
                + " previewbridge.identity.mode to oidc or both, and"
                + " previewbridge.identity.oidc.issuer",
            "$.sources[1].auth.kind: an html-meta source fetches the pasted link, and a person's"
                + " token is only sent to a host written in fetch.url; use a json source",
            "$.sources[1].restricted: applies to json sources, which read how the upstream marks"
                + " an object",
            "$.sources[2].restricted: a java source decides itself what a private object's card"
                + " shows");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
not an array          | "providers":{},                                                   | $.providers: must be an array
entry not an object   | "providers":["gh"],                                               | $.providers[0]: must be an object
no id                 | "providers":[{"issuer":"https://a.example","clientId":"c"}],       | $.providers[0].id: is required
reserved id           | "providers":[{"id":"idp","issuer":"https://a.example","clientId":"c"}], | $.providers[0].id: "idp" is the company's identity provider; use another id
bad id                | "providers":[{"id":"a b","issuer":"https://a.example","clientId":"c"}], | $.providers[0].id: must be 1-100 letters
duplicate id          | "providers":[{"id":"a","issuer":"https://a.example","clientId":"c"},{"id":"a","issuer":"https://b.example","clientId":"c"}], | $.providers[1].id: "a" is used by an earlier provider
no endpoints          | "providers":[{"id":"a","clientId":"c","tokenEndpoint":"https://a.example/t"}], | $.providers[0]: needs "issuer" (its endpoints are discovered there) or both "authorizationEndpoint" and "tokenEndpoint"
issuer not a URL      | "providers":[{"id":"a","issuer":"a.example","clientId":"c"}],     | $.providers[0].issuer: must be an http(s) URL
no client id          | "providers":[{"id":"a","issuer":"https://a.example"}],            | $.providers[0].clientId: is required
secret not configured | "providers":[{"id":"a","issuer":"https://a.example","clientId":"c","clientSecret":"{config:previewbridge.sources.values.nope}"}], | $.providers[0].clientSecret: uses {config:previewbridge.sources.values.nope} but that configuration key is not set
secret not for sources | "providers":[{"id":"a","issuer":"https://a.example","clientId":"c","clientSecret":"{config:previewbridge.identity.oidc.client-secret}"}], | $.providers[0].clientSecret: {config:previewbridge.identity.oidc.client-secret} is one of PreviewBridge's own settings
bad scope             | "providers":[{"id":"a","issuer":"https://a.example","clientId":"c","scopes":["a b"]}], | $.providers[0].scopes[0]: must be a scope name (no spaces or quotes)
bad auth params       | "providers":[{"id":"a","issuer":"https://a.example","clientId":"c","authParams":{"x":1}}], | $.providers[0].authParams.x: must be a string
unknown key           | "providers":[{"id":"a","issuer":"https://a.example","clientId":"c","secret":"x"}], | $.providers[0].secret: is not a known field
""")
  void providerProblems(String what, String providers, String expected) {
    String json =
        """
{"developerName":"Acme",%s "sources":[{"id":"t","pattern":"^https://x\\\\.example/","samples":["https://x.example/1"],
  "attributes":[{"id":"title","type":"title","value":"T"}]}]}
"""
            .formatted(providers);
    assertThat(problems(json, OIDC)).anyMatch(p -> p.startsWith(expected));
  }

  @Test
  void publicMustBeABoolean() {
    String json =
        source(",\"restricted\":{\"when\":\"{/p}\",\"policy\":\"limited\"}")
            .replace("\"public\":true", "\"public\":\"yes\"");
    assertThat(problems(json, OIDC))
        .contains("$.sources[0].attributes[0].public: must be true or false");
  }
}
