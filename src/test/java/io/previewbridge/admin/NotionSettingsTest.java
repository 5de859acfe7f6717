package io.previewbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.previewbridge.admin.control.NotionSettings;
import io.previewbridge.sources.control.SourceRegistry;
import jakarta.json.JsonObject;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What an admin copies into Notion's settings form. */
class NotionSettingsTest {

  static final String SOURCES =
      """
{"developerName":"Acme Inc","sources":[
 {"id":"ticket","pattern":"^{config:base}/tickets/(?<num>\\\\d+)$","samples":["{config:base}/tickets/42"],
  "fetch":{"url":"https://api.acme.internal/tickets/{num}"},
  "attributes":[{"id":"title","type":"title","value":"{/title}"},
                {"id":"number","name":"Ticket","type":"plain_text","value":"#{num}","section":"identifier"},
                {"id":"state","name":"State","type":"enum","value":"{/state}","colors":{"*":"gray"}},
                {"id":"secret","name":"S","type":"plain_text","value":"{config:base}","section":"secondary"}]},
 {"id":"wiki","kind":"html-meta","pattern":"^https://wiki\\\\.acme\\\\.com/(?<space>[a-z]+)/(?<page>[^/]+)$",
  "samples":["https://wiki.acme.com/eng/start"]},
 {"id":"named","pattern":"^https://x\\\\.example/(?<num>\\\\d+)$","samples":["https://x.example/1"],
  "attributes":[{"id":"title","type":"title","value":"Item {num}"}]}
]}
""";

  final JsonObject settings;

  NotionSettingsTest() {
    Map<String, String> config =
        Map.of(
            "base",
            "https://tracker.acme.com:8443/a+b",
            "previewbridge.sources.config-keys",
            "base");
    SourceRegistry registry =
        SourceRegistry.of(SOURCES, Optional.empty(), k -> Optional.ofNullable(config.get(k)));
    settings = new NotionSettings(registry, "https://previews.acme.com/", "our-client").settings();
  }

  JsonObject rule(int i) {
    return settings.getJsonArray("rules").getJsonObject(i);
  }

  @Test
  void theFourUrlsAndTheClientIdButNeverTheSecret() {
    JsonObject oauth = settings.getJsonObject("externalAuthorization");
    assertThat(oauth.getString("oauthAuthorizeUrl"))
        .isEqualTo("https://previews.acme.com/notion/authorize");
    assertThat(oauth.getString("oauthTokenUrl"))
        .isEqualTo("https://previews.acme.com/notion/token");
    assertThat(oauth.getString("deletedTokenCallbackUrl"))
        .isEqualTo("https://previews.acme.com/notion/deleted");
    assertThat(oauth.getString("unfurlCallbackUrl"))
        .isEqualTo("https://previews.acme.com/notion/unfurl");
    assertThat(oauth.getString("oauthClientId")).isEqualTo("our-client");
    assertThat(oauth.getString("oauthClientSecret")).contains("previewbridge.oauth.client-secret");
  }

  @Test
  void aRulePerSourceWithItsSamplesAndAJavascriptPattern() {
    JsonObject ticket = rule(0);
    assertThat(ticket.getString("ruleName")).isEqualTo("ticket");
    assertThat(ticket.getJsonArray("sampleUrls").getString(0))
        .isEqualTo("https://tracker.acme.com:8443/a+b/tickets/42");
    assertThat(ticket.getString("pattern"))
        .isEqualTo("^https:\\/\\/tracker\\.acme\\.com:8443\\/a\\+b/tickets/(?<num>\\d+)$");
    // the rewritten pattern still matches what the original matches, and only that
    Pattern js = Pattern.compile(ticket.getString("pattern"));
    assertThat(js.matcher("https://tracker.acme.com:8443/a+b/tickets/42").find()).isTrue();
    assertThat(js.matcher("https://trackerXacme.com:8443/aab/tickets/42").find()).isFalse();
    assertThat(settings.getJsonArray("rules")).hasSize(3);
  }

  @Test
  void placeholdersUseOnlyGroupsInNotionsSyntaxAndAlwaysHaveTitleAndDev() {
    String ticket = rule(0).getJsonArray("unfurlRegexAttributes").toString();
    assertThat(ticket)
        .startsWith(
            "[{\"id\":\"title\",\"name\":\"Title\",\"type\":\"inline\",\"inline\":{\"title\":"
                + "{\"value\":\"$<num>\",\"section\":\"title\"}}}")
        .contains("{\"plain_text\":{\"value\":\"#$<num>\",\"section\":\"identifier\"}}")
        .contains(
            "{\"id\":\"dev\",\"name\":\"Developer Name\",\"type\":\"inline\",\"inline\":"
                + "{\"plain_text\":{\"value\":\"Acme Inc\",\"section\":\"secondary\"}}}")
        .doesNotContain("state")
        .as("configuration values never leak into the placeholder")
        .doesNotContain("tracker.acme.com");
    assertThat(rule(1).getJsonArray("unfurlRegexAttributes").toString())
        .contains("\"value\":\"$<space> $<page>\"");
    assertThat(rule(2).getJsonArray("unfurlRegexAttributes").toString())
        .contains("\"value\":\"Item $<num>\"");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
\\Qa.b\\E         | a\\.b
x\\Q/(*)\\E+      | x\\/\\(\\*\\)+
\\\\Q literal     | \\\\Q literal
\\Qopen           | open
^plain$           | ^plain$
""")
  void javaQuotingBecomesJavascriptEscapes(String java, String javascript) {
    assertThat(NotionSettings.javascriptPattern(java)).isEqualTo(javascript);
  }
}
