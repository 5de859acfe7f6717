package io.previewbridge.sources.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.previewbridge.sources.entity.AttributeSpec;
import io.previewbridge.sources.entity.Template;
import io.previewbridge.unfurl.entity.Rgb;
import io.previewbridge.unfurl.entity.Section;
import io.previewbridge.unfurl.entity.SubType;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.StringReader;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AttributeMapperTest {

  static final JsonStructure DOC =
      (JsonStructure)
          Json.createReader(
                  new StringReader(
                      """
{"title":"Login fails","count":7,"ratio":0.25,"big":12.50,"open":true,"none":null,
 "tags":["bug","ui",3],"owner":{"name":"Jane","avatar_url":"https://cdn.example/j.png"},
 "a/b":"slash","m~n":"tilde","items":[{"name":"first"},{"name":"second"}],"empty":[]}
"""))
              .readValue();

  static Optional<JsonObject> render(
      SubType type, String value, Section section, Map<String, Rgb> colors, Integer maxLength) {
    AttributeSpec spec =
        new AttributeSpec("x", "X", type, Template.parse(value), section, colors, maxLength);
    return AttributeMapper.render(
        spec,
        part ->
            part instanceof Template.Pointer p
                ? AttributeMapper.pointer(DOC, p.pointer())
                : part instanceof Template.Group g && g.name().equals("num")
                    ? Optional.of("42")
                    : Optional.empty());
  }

  static Optional<JsonObject> render(SubType type, String value) {
    return render(type, value, type.defaultSection(), Map.of(), null);
  }

  static String inlineValue(Optional<JsonObject> attribute, SubType type) {
    return attribute
        .orElseThrow()
        .getJsonObject("inline")
        .getJsonObject(type.json())
        .get("value")
        .toString();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          /title          | Login fails
          /count          | 7
          /ratio          | 0.25
          /big            | 12.5
          /open           | true
          /tags           | bug, ui, 3
          /owner/name     | Jane
          /a~1b           | slash
          /m~0n           | tilde
          /items/1/name   | second
          /tags/0         | bug
          """)
  void pointersReadStringsNumbersBooleansArraysAndEscapes(String pointer, String text) {
    assertThat(AttributeMapper.pointer(DOC, pointer)).contains(text);
  }

  @ParameterizedTest
  @CsvSource({"/none", "/missing", "/owner", "/items/9/name", "/empty", "/tags/-"})
  void nullsObjectsAndAbsentValuesAreMissing(String pointer) {
    assertThat(AttributeMapper.pointer(DOC, pointer)).isEmpty();
  }

  @Test
  void anAttributeWhoseValueIsEntirelyMissingIsLeftOut() {
    assertThat(render(SubType.PLAIN_TEXT, "{/none}")).isEmpty();
    assertThat(render(SubType.PLAIN_TEXT, "Owner: {/missing}")).isEmpty();
    assertThat(render(SubType.PLAIN_TEXT, "   ")).isEmpty();
  }

  @Test
  void mixedTemplatesKeepThePartsThatHaveValues() {
    assertThat(inlineValue(render(SubType.PLAIN_TEXT, "#{num} {/title}"), SubType.PLAIN_TEXT))
        .isEqualTo("\"#42 Login fails\"");
    assertThat(inlineValue(render(SubType.PLAIN_TEXT, "#{num} {/missing}"), SubType.PLAIN_TEXT))
        .isEqualTo("\"#42\"");
  }

  @Test
  void textIsCutToMaxLengthWithAnEllipsis() {
    assertThat(
            inlineValue(
                render(SubType.PLAIN_TEXT, "{/title}", Section.BODY, Map.of(), 6),
                SubType.PLAIN_TEXT))
        .isEqualTo("\"Login\u2026\"");
    assertThat(AttributeMapper.truncate("x".repeat(2500), null)).hasSize(2000).endsWith("\u2026");
    assertThat(AttributeMapper.truncate("ab\uD83D\uDE00cd", 4)).isEqualTo("ab\u2026");
  }

  @Test
  void enumsCarryTheirConfiguredColour() {
    var colors = Map.of("Login fails", new Rgb(31, 136, 61));
    JsonObject e =
        render(SubType.ENUM, "{/title}", Section.PRIMARY, colors, null)
            .orElseThrow()
            .getJsonObject("inline")
            .getJsonObject("enum");
    assertThat(e.toString())
        .isEqualTo(
            "{\"value\":\"Login"
                + " fails\",\"color\":{\"r\":31,\"g\":136,\"b\":61},\"section\":\"primary\"}");
    JsonObject plain =
        render(SubType.ENUM, "{/owner/name}", Section.PRIMARY, colors, null)
            .orElseThrow()
            .getJsonObject("inline")
            .getJsonObject("enum");
    assertThat(plain.toString()).isEqualTo("{\"value\":\"Jane\",\"section\":\"primary\"}");
  }

  @ParameterizedTest(name = "date {0} -> {1}")
  @CsvSource({
    "2024-05-02, 2024-05-02",
    "2024-05-02T23:30:00+02:00, 2024-05-02",
    "2024-05-02T09:15:00Z, 2024-05-02",
    "2024-05-02T09:15:00, 2024-05-02",
    "1714641300, 2024-05-02",
    "1714641300000, 2024-05-02",
    "yesterday, ",
    "2024-02-30, "
  })
  void datesAreNormalised(String input, String expected) {
    assertThat(AttributeMapper.date(input)).isEqualTo(Optional.ofNullable(expected));
  }

  @ParameterizedTest(name = "datetime {0} -> {1}")
  @CsvSource({
    "2024-05-02T09:15:00Z, 2024-05-02T09:15:00.000Z",
    "2024-05-02T11:15:00.123+02:00, 2024-05-02T09:15:00.123Z",
    "2024-05-02T09:15:00, 2024-05-02T09:15:00.000Z",
    "2024-05-02, 2024-05-02T00:00:00.000Z",
    "1714641300, 2024-05-02T09:15:00.000Z",
    "1714641300000, 2024-05-02T09:15:00.000Z",
    "not a time, "
  })
  void datetimesBecomeUtcWithZ(String input, String expected) {
    assertThat(AttributeMapper.datetime(input)).isEqualTo(Optional.ofNullable(expected));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
title      | {/title}               | {"id":"x","name":"X","type":"inline","inline":{"title":{"value":"Login fails","section":"title"}}}
plain_text | {/owner/name}          | {"id":"x","name":"X","type":"inline","inline":{"plain_text":{"value":"Jane","section":"body"}}}
date       | 2024-05-02T10:00:00Z   | {"id":"x","name":"X","type":"inline","inline":{"date":{"value":"2024-05-02","section":"secondary"}}}
datetime   | 1714641300             | {"id":"x","name":"X","type":"inline","inline":{"datetime":{"value":"2024-05-02T09:15:00.000Z","section":"secondary"}}}
color      | #1e78c8                | {"id":"x","name":"X","type":"inline","inline":{"color":{"value":{"r":30,"g":120,"b":200},"section":"entity"}}}
color      | #fff                   | {"id":"x","name":"X","type":"inline","inline":{"color":{"value":{"r":255,"g":255,"b":255},"section":"entity"}}}
image      | {/owner/avatar_url}    | {"id":"x","name":"X","type":"embed","embed":{"src_url":"https://cdn.example/j.png","image":{"section":"embed"}}}
video      | https://v.example/1    | {"id":"x","name":"X","type":"embed","embed":{"src_url":"https://v.example/1","video":{"section":"embed"}}}
audio      | https://a.example/1    | {"id":"x","name":"X","type":"embed","embed":{"src_url":"https://a.example/1","audio":{"section":"embed"}}}
html       | http://localhost:8080/demo/chart | {"id":"x","name":"X","type":"embed","embed":{"src_url":"http://localhost:8080/demo/chart","html":{"section":"embed"}}}
""")
  void everyTypeHasItsNotionShape(String type, String value, String json) {
    assertThat(render(SubType.fromJson(type).orElseThrow(), value).orElseThrow().toString())
        .isEqualTo(json);
  }

  @ParameterizedTest(name = "{0} {1} is left out")
  @CsvSource({
    "color, reddish",
    "color, #12345",
    "image, http://cdn.example/a.png",
    "html, javascript:alert(1)",
    "date, soon"
  })
  void valuesATypeCannotHoldAreLeftOut(String type, String value) {
    assertThat(render(SubType.fromJson(type).orElseThrow(), value)).isEmpty();
  }
}
