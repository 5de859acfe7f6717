package io.previewbridge.sources.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.previewbridge.sources.entity.AttributeSpec;
import io.previewbridge.sources.entity.AttributeSpec.Format;
import io.previewbridge.sources.entity.Template;
import io.previewbridge.unfurl.entity.Rgb;
import io.previewbridge.unfurl.entity.Section;
import io.previewbridge.unfurl.entity.SubType;
import jakarta.json.JsonObject;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Formats for numbers and durations, colour names and enum default colours, as a card shows them.
 */
class FormatsTest {

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
number      | 1234567     | 1,234,567
number      | 1234.5      | 1,234.5
number      | 0.125       | 0.13
number      | -42         | -42
number      | 12.00       | 12
duration    | 754         | 12m 34s
duration    | 45          | 45s
duration    | 0.35        | 350ms
duration    | 1.5         | 1.5s
duration    | 59.96       | 1m 0s
duration    | 3600        | 1h 0m
duration    | 3725        | 1h 2m
duration    | 183600      | 2d 3h
duration    | 60          | 1m 0s
duration-ms | 754000      | 12m 34s
duration-ms | 1500        | 1.5s
duration-ms | 20          | 20ms
text        | as it is    | as it is
""")
  void numbersAndDurationsAreWrittenForPeople(String format, String raw, String expected) {
    assertThat(Formats.apply(Format.fromJson(format).orElseThrow(), raw)).contains(expected);
  }

  @ParameterizedTest(name = "{0} {1} is no number")
  @CsvSource({"number, soon", "duration, 12m", "duration-ms, ''"})
  void aValueThatIsNoNumberHasNoFormattedForm(String format, String raw) {
    assertThat(Formats.apply(Format.fromJson(format).orElseThrow(), raw)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
#1f883d      | 31  | 136 | 61
#abc         | 170 | 187 | 204
seagreen     | 46  | 139 | 87
SeaGreen     | 46  | 139 | 87
' rebeccapurple ' | 102 | 51 | 153
grey         | 128 | 128 | 128
""")
  void coloursAreHexOrCssNames(String text, int r, int g, int b) {
    assertThat(Colors.parse(text)).contains(new Rgb(r, g, b));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource({"reddish", "#12345", "rgb(1,2,3)", "''"})
  void otherTextIsNoColour(String text) {
    assertThat(Colors.parse(text)).isEmpty();
  }

  @Test
  void everyCssNamedColourIsKnown() {
    assertThat(Colors.namedCount()).isEqualTo(148);
  }

  static Optional<JsonObject> render(AttributeSpec spec, String value) {
    return AttributeMapper.render(spec, part -> Optional.ofNullable(value));
  }

  static AttributeSpec enumSpec(Map<String, Rgb> colors, Optional<Rgb> fallback) {
    return new AttributeSpec(
        "s",
        "Status",
        SubType.ENUM,
        Template.parse("{/s}"),
        Section.PRIMARY,
        colors,
        fallback,
        null,
        Format.TEXT);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
Done     | {"r":22,"g":163,"b":74}
done     | {"r":22,"g":163,"b":74}
Archived | {"r":107,"g":114,"b":128}
""")
  void enumValuesTakeTheirColourElseTheDefault(String value, String color) {
    AttributeSpec spec =
        enumSpec(Map.of("Done", new Rgb(22, 163, 74)), Optional.of(new Rgb(107, 114, 128)));
    assertThat(render(spec, value).orElseThrow().toString()).contains("\"color\":" + color);
  }

  @Test
  void withoutADefaultAnUnknownValueHasNoColour() {
    AttributeSpec spec = enumSpec(Map.of("Done", new Rgb(22, 163, 74)), Optional.empty());
    assertThat(render(spec, "Archived").orElseThrow().toString()).doesNotContain("color");
  }

  @Test
  void aFormattedAttributeFormatsEachPlaceholderAndDropsNonNumbers() {
    AttributeSpec duration =
        new AttributeSpec(
            "d",
            "Duration",
            SubType.PLAIN_TEXT,
            Template.parse("took {/d}"),
            Section.SECONDARY,
            Map.of(),
            Optional.empty(),
            null,
            Format.DURATION);
    assertThat(render(duration, "754").orElseThrow().toString()).contains("\"took 12m 34s\"");
    assertThat(render(duration, "later")).isEmpty();
  }

  @Test
  void aColourAttributeAcceptsCssNames() {
    AttributeSpec color =
        new AttributeSpec(
            "c",
            "Colour",
            SubType.COLOR,
            Template.parse("{/c}"),
            Section.BACKGROUND,
            Map.of(),
            null);
    assertThat(render(color, "tomato").orElseThrow().toString())
        .contains("{\"r\":255,\"g\":99,\"b\":71}");
  }

  @Test
  void textIsCutWithAnEllipsis() {
    assertThat(AttributeMapper.truncate("abcdefghij", 5)).isEqualTo("abcd\u2026");
    assertThat(AttributeMapper.truncate("abcde", 5)).isEqualTo("abcde");
  }
}
