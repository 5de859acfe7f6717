package io.previewbridge.sources.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.previewbridge.platform.control.ConfigurationProblem;
import io.previewbridge.sources.entity.Refresh;
import io.previewbridge.sources.entity.Source;
import io.previewbridge.sources.entity.Sources;
import io.previewbridge.unfurl.entity.Rgb;
import io.previewbridge.unfurl.entity.Section;
import io.previewbridge.unfurl.entity.SubType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SourcesParserTest {

  static final Map<String, String> CONFIG =
      Map.of(
          "acme.api-token",
          "t0k3n",
          "wiki.base",
          "https://wiki.acme.com",
          SourcesConfig.LISTED,
          "acme.api-token, wiki.base, missing.key");
  static final Function<String, Optional<String>> LOOKUP = k -> Optional.ofNullable(CONFIG.get(k));

  static Sources parse(String json) {
    return SourcesParser.parse(json, "previewbridge.sources", "test", LOOKUP);
  }

  static List<String> problems(String json) {
    InvalidSources e = catchThrowableOfType(InvalidSources.class, () -> parse(json));
    assertThat(e).as("expected the file to be refused").isNotNull();
    return e.problems();
  }

  /** One source around {@code attributes}, the rest valid. */
  static String withAttributes(String attributes) {
    return """
{"sources":[{"id":"t","pattern":"^https://x\\\\.example/(?<num>\\\\d+)$","samples":["https://x.example/1"],
  "fetch":{"url":"https://api.example/{num}"},"attributes":[%s]}]}
"""
        .formatted(attributes);
  }

  static String withSource(String fields) {
    return """
{"sources":[{"id":"t","samples":["https://x.example/1"],"attributes":[{"id":"title","type":"title","value":"T"}],%s}]}
"""
        .formatted(fields);
  }

  @Test
  void productMdExampleParses() {
    Sources sources = parse(SourceRegistry.read("classpath:sources/acme.json"));

    assertThat(sources.developerName()).isEqualTo("Acme Inc");
    Source ticket = sources.byId("ticket").orElseThrow();
    assertThat(ticket.groupNames()).containsExactly("num");
    assertThat(ticket.refresh())
        .isEqualTo(
            new Refresh(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(20)));
    assertThat(ticket.fetch().orElseThrow().method()).isEqualTo("GET");
    assertThat(ticket.fetch().orElseThrow().headers()).containsKey("Authorization");
    assertThat(ticket.errors())
        .containsEntry(404, "Ticket not found")
        .containsEntry(403, "You can't see this ticket");
    assertThat(ticket.attributes())
        .extracting(a -> a.id())
        .containsExactly("title", "state", "updated", "number", "body", "owner");
    var title = ticket.attributes().get(0);
    assertThat(title.section()).isEqualTo(Section.TITLE);
    assertThat(title.name()).isEqualTo("Title");
    var state = ticket.attributes().get(1);
    assertThat(state.type()).isEqualTo(SubType.ENUM);
    assertThat(state.colors()).containsEntry("open", new Rgb(0x1f, 0x88, 0x3d));
    assertThat(ticket.attributes().get(4).maxLength()).isEqualTo(400);
    assertThat(ticket.attributes().get(5).type()).isEqualTo(SubType.IMAGE);
    assertThat(ticket.attributes().get(5).section()).isEqualTo(Section.AVATAR);
  }

  @Test
  void configValuesMayAppearInPatternsAndSamples() {
    Sources sources = parse(SourceRegistry.read("classpath:sources/acme.json"));

    assertThat(sources.match("https://wiki.acme.com/pages/getting-started")).isPresent();
    // the configured base is quoted: its dots are not wildcards
    assertThat(sources.match("https://wikixacme.com/pages/getting-started")).isEmpty();
  }

  @Test
  void everyProblemOfABrokenFileIsReportedAtOnceWithItsPath() {
    InvalidSources e =
        catchThrowableOfType(
            InvalidSources.class,
            () -> parse(SourceRegistry.read("classpath:sources/broken.json")));

    assertThat(e).isInstanceOf(ConfigurationProblem.class);
    assertThat(e.key()).isEqualTo("previewbridge.sources");
    assertThat(e.problems())
        .anyMatch(p -> p.startsWith("$.sources[0].pattern: does not compile: Unclosed group"))
        .contains(
            "$.sources[1].samples[0]: \"https://tracker.acme.com/tickets/42\" does not match the"
                + " pattern",
            "$.sources[1].fetch.url: uses {number} but the pattern defines no such named group (it"
                + " defines num)",
            "$.sources[1].fetch.headers.X-Token: uses {config:missing.key} but that configuration"
                + " key is not set",
            "$.sources[1].refresh: \"5 minutes\" is not an ISO-8601 duration such as PT5M or PT30S",
            "$.sources[1].attributes[0].type: \"headline\" is not a type; use one of title,"
                + " plain_text, enum, date, datetime, color, image, video, audio, html",
            "$.sources[1].attributes[1].section: section background does not accept enum (it"
                + " accepts color)",
            "$.sources[1].attributes[1].colors.open: must be a colour: \"#rrggbb\", \"#rgb\" or a"
                + " CSS colour name such as \"seagreen\"",
            "$.sources[1].attributes[2].id: \"dev\" is reserved: it is added from"
                + " previewbridge.developer-name or developerName",
            "$.sources[1].attributes[3].section: \"sidebar\" is not a section; use one of title,"
                + " primary, secondary, identifier, entity, avatar, body, background, embed",
            "$.sources[1].attributes[4].value: {account:phone} is unknown; use {account:username},"
                + " {account:id}, {account:email}",
            "$.sources[1].attributes: needs an attribute with \"id\": \"title\" and \"type\":"
                + " \"title\"",
            "$.sources[1].errors.4O4: must be keyed by an HTTP error status 400-599",
            "$.sources[1].errors.200: must be keyed by an HTTP error status 400-599",
            "$.sources[1].id: \"ticket\" is used by an earlier source")
        .as("a broken pattern does not also make its groups look undefined")
        .noneMatch(p -> p.startsWith("$.sources[0].attributes"));
    assertThat(e.problems()).hasSize(15);
    assertThat(e.getMessage())
        .startsWith("previewbridge.sources (test) has " + e.problems().size() + " problems:\n  - ")
        .doesNotContain("t0k3n");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
not JSON            | {"sources": [           | $: is not valid JSON
not an object       | []                      | $: must be a JSON object with "developerName" and "sources"
no sources          | {"developerName":"A"}   | $.sources: is required
sources not array   | {"sources":{}}          | $.sources: must be an array
unknown top key     | {"sources":[],"source":[]} | $.source: is not a known field (known: developerName, providers, sources)
""")
  void fileLevelProblems(String kind, String json, String expected) {
    assertThat(problems(json)).anyMatch(p -> p.startsWith(expected));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
missing pattern     | "x":1                                                 | $.sources[0].pattern: is required
no samples          | "pattern":"^a$","samples":[]                           | $.sources[0].samples: needs at least one sample uri
relative fetch url  | "pattern":"x","fetch":{"url":"/tickets/1"}             | $.sources[0].fetch.url: must start with http:// or https://
method              | "pattern":"x","fetch":{"url":"https://a","method":"DELETE"} | $.sources[0].fetch.method: must be GET or POST
pointer in fetch    | "pattern":"x","fetch":{"url":"https://a/{/id}"}        | $.sources[0].fetch.url: cannot use a JSON pointer ({/id}): nothing is fetched yet
read timeout        | "pattern":"x","fetch":{"url":"https://a","readTimeout":"fast"} | $.sources[0].fetch.readTimeout: "fast" is not an ISO-8601 duration
max redirects       | "pattern":"x","fetch":{"url":"https://a","maxRedirects":99} | $.sources[0].fetch.maxRedirects: must be a whole number from 0 to 20
max bytes           | "pattern":"x","fetch":{"url":"https://a","maxBytes":0} | $.sources[0].fetch.maxBytes: must be a whole number from 1 to
body with GET       | "pattern":"x","fetch":{"url":"https://a","body":"{}"}  | $.sources[0].fetch.body: is only sent with "method": "POST"
tiny refresh        | "pattern":"x","refresh":"PT0.5S"                       | $.sources[0].refresh: must be at least PT1S
tiny refresh min    | "pattern":"x","refreshMin":"PT0S"                      | $.sources[0].refreshMin: must be at least PT1S
min over refresh    | "pattern":"x","refresh":"PT1M","refreshMin":"PT2M"      | $.sources[0].refreshMin: must not be longer than refresh (PT1M)
max under refresh   | "pattern":"x","refresh":"PT1M","refreshMax":"PT30S"     | $.sources[0].refreshMax: must not be shorter than refresh (PT1M)
min over max        | "pattern":"x","refreshMin":"PT2M","refreshMax":"PT1M"   | $.sources[0].refreshMin: must not be longer than refreshMax (PT1M)
max not a duration  | "pattern":"x","refreshMax":"1h"                        | $.sources[0].refreshMax: "1h" is not an ISO-8601 duration
unknown kind        | "pattern":"x","kind":"rss"                             | $.sources[0].kind: "rss" is not a kind; use one of json, html-meta, java
""")
  void sourceLevelProblems(String kind, String fields, String expected) {
    assertThat(problems(withSource(fields))).anyMatch(p -> p.startsWith(expected));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
nothing said        | ''                                               | PT1M  | PT5M  | PT20M
refresh only        | "refresh":"PT10S"                                | PT2S  | PT10S | PT40S
short refresh       | "refresh":"PT3S"                                 | PT1S  | PT3S  | PT12S
all three           | "refresh":"PT1M","refreshMin":"PT5S","refreshMax":"PT1H" | PT5S | PT1M | PT1H
fixed interval      | "refresh":"PT30S","refreshMin":"PT30S","refreshMax":"PT30S" | PT30S | PT30S | PT30S
max alone, short    | "refreshMax":"PT2M"                              | PT24S | PT2M  | PT2M
min alone, long     | "refreshMin":"PT10M"                             | PT10M | PT10M | PT40M
""")
  void refreshBounds(String kind, String fields, String min, String base, String max) {
    String json =
        withSource(
            fields.isEmpty() ? "\"pattern\":\"^.*x.*$\"" : "\"pattern\":\"^.*x.*$\"," + fields);
    Refresh refresh = parse(json).byId("t").orElseThrow().refresh();
    assertThat(refresh)
        .isEqualTo(new Refresh(Duration.parse(min), Duration.parse(base), Duration.parse(max)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
no title            | {"id":"a","type":"plain_text","value":"x"}                                    | $.sources[0].attributes: needs an attribute with "id": "title"
title not titled    | {"id":"title","type":"plain_text","value":"x"}                               | $.sources[0].attributes[0].type: the attribute "title" must be of type title
title type elsewhere| {"id":"head","type":"title","value":"x"}                                      | $.sources[0].attributes[0].id: a title attribute must have the id "title"
duplicate id        | {"id":"title","type":"title","value":"x"},{"id":"title","type":"title","value":"y"} | $.sources[0].attributes[1].id: "title" is used by an earlier attribute
unknown group       | {"id":"title","type":"title","value":"{nm}"}                                  | $.sources[0].attributes[0].value: uses {nm} but the pattern defines no such named group (it defines num)
bad escape          | {"id":"title","type":"title","value":"{/a~2b}"}                               | $.sources[0].attributes[0].value: {/a~2b} has an invalid escape
colours on text     | {"id":"title","type":"title","value":"x"},{"id":"b","type":"plain_text","value":"x","colors":{}} | $.sources[0].attributes[1].colors: only an enum attribute has colours
maxLength on date   | {"id":"title","type":"title","value":"x"},{"id":"d","type":"date","value":"x","maxLength":10} | $.sources[0].attributes[1].maxLength: applies only to title, plain_text and enum
maxLength too big   | {"id":"title","type":"title","value":"x","maxLength":5000}                    | $.sources[0].attributes[0].maxLength: must be a whole number from 2 to 2000
missing value       | {"id":"title","type":"title"}                                                 | $.sources[0].attributes[0].value: is required
unknown key         | {"id":"title","type":"title","value":"x","label":"y"}                          | $.sources[0].attributes[0].label: is not a known field
""")
  void attributeLevelProblems(String kind, String attributes, String expected) {
    assertThat(problems(withAttributes(attributes))).anyMatch(p -> p.startsWith(expected));
  }

  @Test
  void pointersNeedAFetch() {
    String json =
        """
{"sources":[{"id":"t","pattern":"^x$","samples":["x"],"attributes":[{"id":"title","type":"title","value":"{/title}"}]}]}
""";
    assertThat(problems(json))
        .containsExactly(
            "$.sources[0].attributes[0].value: uses a JSON pointer but the source has no"
                + " \"fetch\"");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
no caret            | https://x\\\\.example/(?<num>\\\\d+)$
no dollar           | ^https://x\\\\.example/(?<num>\\\\d+)
escaped dollar      | ^https://x\\\\.example/(?<num>\\\\d+)\\\\$
substring           | x\\\\.example
""")
  void patternsMustMatchWholeLinks(String what, String pattern) {
    String json = withSource("\"pattern\":\"" + pattern + "\"");
    assertThat(problems(json))
        .anyMatch(p -> p.startsWith("$.sources[0].pattern: must match whole links"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "'^https://x\\.example/(?<num>\\d+)$', true",
    "'^https://x\\.example/.*$', true",
    "'^https://x\\.example/\\z', true",
    "'^a\\\\$', true",
    "'^a\\$', false",
    "'a$', false",
    "'^a', false"
  })
  void anchoredMeansCaretFirstAndAnUnescapedDollarLast(String pattern, boolean anchored) {
    assertThat(SourcesParser.anchored(pattern)).isEqualTo(anchored);
  }

  @Test
  void anEmptySourcesListIsValid() {
    assertThat(parse("{\"developerName\":\"Acme\",\"sources\":[]}").sources()).isEmpty();
  }

  @Test
  void aValidFileWithAllOptionsParses() {
    String json =
        """
{"sources":[{"id":"t","pattern":"^https://x\\\\.example/(?<num>\\\\d+)$","samples":["https://x.example/1"],
  "fetch":{"url":"https://api.example/{num}","method":"post","body":"{\\"n\\":\\"{num}\\",\\"who\\":\\"{account:username}\\"}",
           "connectTimeout":"PT1S","readTimeout":"PT3S","maxBytes":1000,"maxRedirects":0},
  "refresh":"PT10S",
  "attributes":[{"id":"title","type":"title","value":"{/t}","maxLength":80},{"id":"c","type":"color","value":"{/c}","section":"background"}]}]}
""";
    var fetch = parse(json).byId("t").orElseThrow().fetch().orElseThrow();
    assertThat(fetch.method()).isEqualTo("POST");
    assertThat(fetch.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(fetch.readTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(fetch.maxBytes()).isEqualTo(1000L);
    assertThat(fetch.maxRedirects()).isZero();
    assertThat(fetch.body().source()).isEqualTo("{\"n\":\"{num}\",\"who\":\"{account:username}\"}");
  }

  @Test
  void aSingleProblemSaysSo() {
    assertThatThrownBy(() -> parse("{\"sources\":{}}"))
        .hasMessage("previewbridge.sources (test) has 1 problem:\n  - $.sources: must be an array");
  }
}
