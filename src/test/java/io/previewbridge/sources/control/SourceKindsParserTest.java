package io.previewbridge.sources.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.previewbridge.sources.entity.AttributeSpec;
import io.previewbridge.sources.entity.Source;
import io.previewbridge.sources.entity.Sources;
import io.previewbridge.unfurl.entity.Rgb;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The start-up check of the kinds, formats and colours a sources file may use. */
class SourceKindsParserTest {

  static final Set<String> BEANS = Set.of("orders");

  static Sources parse(String json) {
    return SourcesParser.parse(
        json, "previewbridge.sources", "test", k -> Optional.empty(), true, BEANS);
  }

  static List<String> problems(String json) {
    InvalidSources e = catchThrowableOfType(InvalidSources.class, () -> parse(json));
    assertThat(e).as("expected the file to be refused").isNotNull();
    return e.problems();
  }

  static String source(String fields) {
    return """
{"sources":[{"id":"t","pattern":"^https://x\\\\.example/(?<num>\\\\d+)$","samples":["https://x.example/1"],%s}]}
"""
        .formatted(fields);
  }

  static String attributes(String attributes) {
    return source(
        "\"fetch\":{\"url\":\"https://api.example/{num}\"},\"attributes\":[{\"id\":\"title\","
            + "\"type\":\"title\",\"value\":\"{/t}\"},"
            + attributes
            + "]");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
unknown kind      | "kind":"rss","attributes":[{"id":"title","type":"title","value":"x"}] | $.sources[0].kind: "rss" is not a kind; use one of json, html-meta, java
java needs bean   | "kind":"java"                                                      | $.sources[0].bean: is required for "kind": "java"
unknown bean      | "kind":"java","bean":"invoices"                                    | $.sources[0].bean: "invoices" is not a deployed PreviewSource (deployed: orders)
bean on json      | "bean":"orders","attributes":[{"id":"title","type":"title","value":"x"}] | $.sources[0].bean: applies only to "kind": "java"
java attributes   | "kind":"java","bean":"orders","attributes":[]                      | $.sources[0].attributes: a java source's bean builds the attributes
java fetch        | "kind":"java","bean":"orders","fetch":{"url":"https://a"}          | $.sources[0].fetch: a java source fetches what it needs itself
html-meta fetch   | "kind":"html-meta","fetch":{"url":"https://a"}                     | $.sources[0].fetch: an html-meta source fetches the pasted page itself
meta in json      | "attributes":[{"id":"title","type":"title","value":"{meta:title}"}] | $.sources[0].attributes[0].value: uses {meta:title}, which only an html-meta source has
pointer in meta   | "kind":"html-meta","attributes":[{"id":"title","type":"title","value":"{/title}"}] | $.sources[0].attributes[0].value: uses a JSON pointer, but an html-meta source reads a page
""")
  void kindProblems(String name, String fields, String expected) {
    assertThat(problems(source(fields))).anyMatch(p -> p.startsWith(expected));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
unknown format    | {"id":"d","type":"plain_text","value":"{/d}","format":"money"}   | $.sources[0].attributes[1].format: "money" is not a format; use one of text, number, duration, duration-ms
format on date    | {"id":"d","type":"date","value":"{/d}","format":"number"}        | $.sources[0].attributes[1].format: applies only to title, plain_text and enum
bad colour name   | {"id":"s","type":"enum","value":"{/s}","colors":{"a":"blurple"}} | $.sources[0].attributes[1].colors.a: must be a colour: "#rrggbb", "#rgb" or a CSS colour name
bad default       | {"id":"s","type":"enum","value":"{/s}","colors":{"*":"#12"}}     | $.sources[0].attributes[1].colors.*: must be a colour
colours not map   | {"id":"s","type":"enum","value":"{/s}","colors":["red"]}         | $.sources[0].attributes[1].colors: must map enum values (and "*", the default) to colours
""")
  void attributeProblems(String name, String attribute, String expected) {
    assertThat(problems(attributes(attribute))).anyMatch(p -> p.startsWith(expected));
  }

  @Test
  void enumColoursMayNameCssColoursAndADefault() {
    AttributeSpec status =
        parse(
                attributes(
                    "{\"id\":\"s\",\"type\":\"enum\",\"value\":\"{/s}\","
                        + "\"colors\":{\"open\":\"seagreen\",\"*\":\"#888\"}},"
                        + "{\"id\":\"n\",\"type\":\"plain_text\",\"value\":\"{/n}\","
                        + "\"format\":\"number\"}"))
            .byId("t")
            .orElseThrow()
            .attributes()
            .get(1);
    assertThat(status.colors()).containsExactly(Map.entry("open", new Rgb(46, 139, 87)));
    assertThat(status.defaultColor()).contains(new Rgb(136, 136, 136));
  }

  @Test
  void anHtmlMetaSourceWithoutAttributesGetsTheDefaults() {
    Source page = parse(source("\"kind\":\"html-meta\"")).byId("t").orElseThrow();
    assertThat(page.kind()).isEqualTo(Source.Kind.HTML_META);
    assertThat(page.fetch()).isEmpty();
    assertThat(page.attributes())
        .extracting(AttributeSpec::id)
        .containsExactly(
            "title", "site", "author", "published", "updated", "description", "favicon", "image");
  }

  @Test
  void anHtmlMetaSourceMayDeclareItsOwnAttributes() {
    Source page =
        parse(
                source(
                    "\"kind\":\"html-meta\",\"attributes\":[{\"id\":\"title\",\"type\":\"title\","
                        + "\"value\":\"{meta:og:title} #{num}\"}]"))
            .byId("t")
            .orElseThrow();
    assertThat(page.attributes()).hasSize(1);
    assertThat(page.attributes().get(0).value().source()).isEqualTo("{meta:og:title} #{num}");
  }

  @Test
  void aJavaSourceNamesItsBean() {
    Source orders =
        parse(source("\"kind\":\"java\",\"bean\":\"orders\",\"refresh\":\"PT1M\""))
            .byId("t")
            .orElseThrow();
    assertThat(orders.kind()).isEqualTo(Source.Kind.JAVA);
    assertThat(orders.bean()).contains("orders");
    assertThat(orders.attributes()).isEmpty();
  }

  @Test
  void withoutKnownBeansBeanNamesAreNotChecked() {
    Sources sources =
        SourcesParser.parse(
            source("\"kind\":\"java\",\"bean\":\"anything\""),
            "previewbridge.sources",
            "test",
            k -> Optional.empty(),
            true);
    assertThat(sources.byId("t").orElseThrow().bean()).contains("anything");
  }
}
