package io.previewbridge.unfurl.entity;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class AttributeValidatorTest {

  static final JsonObject TITLE =
      Attributes.text("title", "Title", SubType.TITLE, "A title", Section.TITLE);
  static final JsonObject DEV = Attributes.dev("Acme");

  static JsonArray withTitleAndDev(JsonObject... more) {
    var array = Json.createArrayBuilder().add(TITLE).add(DEV);
    for (JsonObject o : more) {
      array.add(o);
    }
    return array.build();
  }

  static JsonArray array(String json) {
    return Json.createReader(new StringReader(json)).readArray();
  }

  static List<String> problems(JsonArray array) {
    return AttributeValidator.validate(array).stream().map(AttributeProblem::toString).toList();
  }

  /** Every (section, sub-type) pair with whether §4.4 allows it. */
  static Stream<Arguments> sectionTable() {
    List<String> allowed =
        List.of(
            "title:title",
            "primary:enum",
            "primary:date",
            "primary:datetime",
            "primary:plain_text",
            "secondary:date",
            "secondary:datetime",
            "secondary:plain_text",
            "identifier:image",
            "identifier:plain_text",
            "entity:color",
            "entity:image",
            "avatar:image",
            "avatar:plain_text",
            "body:plain_text",
            "background:color",
            "embed:audio",
            "embed:html",
            "embed:image",
            "embed:video");
    List<Arguments> pairs = new ArrayList<>();
    for (Section section : Section.values()) {
      for (SubType type : SubType.values()) {
        pairs.add(
            Arguments.of(section, type, allowed.contains(section.json() + ":" + type.json())));
      }
    }
    return pairs.stream();
  }

  static JsonObject sample(String id, SubType type, Section section) {
    return switch (type) {
      case TITLE, PLAIN_TEXT, ENUM -> Attributes.text(id, "X", type, "text", section);
      case DATE -> Attributes.text(id, "X", type, "2024-05-02", section);
      case DATETIME -> Attributes.text(id, "X", type, "2024-05-02T09:15:00.000Z", section);
      case COLOR -> Attributes.inline(id, "X", type, new Rgb(1, 2, 3).toJson(), section);
      default -> Attributes.embed(id, "X", type, "https://cdn.example/x", section);
    };
  }

  @ParameterizedTest(name = "{1} in {0}: allowed={2}")
  @MethodSource("sectionTable")
  void sectionsAcceptOnlyTheirSubTypes(Section section, SubType type, boolean allowed) {
    assertThat(section.allows(type)).isEqualTo(allowed);
    if (type == SubType.TITLE) {
      return; // the title sub-type is reserved for the title attribute, checked below
    }
    List<String> problems = problems(withTitleAndDev(sample("x", type, section)));
    if (allowed) {
      assertThat(problems).isEmpty();
    } else {
      String sub =
          type.kind() == SubType.Kind.INLINE ? "inline." + type.json() : "embed." + type.json();
      assertThat(problems)
          .singleElement()
          .asString()
          .startsWith(
              "$[2]."
                  + sub
                  + ".section: section "
                  + section.json()
                  + " does not accept "
                  + type.json());
    }
  }

  @Test
  void aMinimalSetIsValid() {
    assertThat(problems(withTitleAndDev())).isEmpty();
  }

  @Test
  void titleAndDevAreRequired() {
    assertThat(problems(Json.createArrayBuilder().build()))
        .containsExactly(
            "$: the required \"title\" attribute is missing",
            "$: the required \"dev\" attribute is missing");
  }

  @Test
  void devMustHaveItsFixedShape() {
    JsonObject wrongDev =
        Attributes.text("dev", "Developer Name", SubType.PLAIN_TEXT, "Acme", Section.PRIMARY);
    assertThat(problems(Json.createArrayBuilder().add(TITLE).add(wrongDev).build()))
        .singleElement()
        .asString()
        .startsWith("$[1]: the \"dev\" attribute must have the fixed shape");
  }

  @Test
  void duplicateIdsAreNamedWithBothPositions() {
    assertThat(
            problems(
                withTitleAndDev(
                    sample("a", SubType.PLAIN_TEXT, Section.BODY),
                    sample("a", SubType.PLAIN_TEXT, Section.BODY))))
        .containsExactly("$[3].id: duplicates the id \"a\" of $[2]");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
color out of range   | {"id":"c","name":"C","type":"inline","inline":{"color":{"value":{"r":256,"g":0,"b":-1},"section":"entity"}}} | $[2].inline.color.value.r: must be 0-255, found 256
color not integral   | {"id":"c","name":"C","type":"inline","inline":{"color":{"value":{"r":1.5,"g":0,"b":0},"section":"entity"}}}  | $[2].inline.color.value.r: must be an integer 0-255
enum colour          | {"id":"e","name":"E","type":"inline","inline":{"enum":{"value":"a","color":{"r":1,"g":2},"section":"primary"}}} | $[2].inline.enum.color.b: must be an integer 0-255
bad date             | {"id":"d","name":"D","type":"inline","inline":{"date":{"value":"02/05/2024","section":"secondary"}}}   | $[2].inline.date.value: must be a date YYYY-MM-DD, found "02/05/2024"
impossible date      | {"id":"d","name":"D","type":"inline","inline":{"date":{"value":"2024-02-30","section":"secondary"}}}   | $[2].inline.date.value: must be a date YYYY-MM-DD, found "2024-02-30"
datetime with offset | {"id":"d","name":"D","type":"inline","inline":{"datetime":{"value":"2024-05-02T09:15:00+02:00","section":"secondary"}}} | $[2].inline.datetime.value: must be an ISO-8601 UTC date-time ending in Z, found "2024-05-02T09:15:00+02:00"
http image           | {"id":"i","name":"I","type":"embed","embed":{"src_url":"http://cdn.example/a.png","image":{"section":"embed"}}} | $[2].embed.src_url: must be an absolute https URL (http only for localhost) of at most 2000 characters
javascript url       | {"id":"i","name":"I","type":"embed","embed":{"src_url":"javascript:alert(1)","html":{"section":"embed"}}}     | $[2].embed.src_url: must be an absolute https URL (http only for localhost) of at most 2000 characters
unknown section      | {"id":"t","name":"T","type":"inline","inline":{"plain_text":{"value":"x","section":"subtitle"}}}       | $[2].inline.plain_text.section: "subtitle" is not a section
missing section      | {"id":"t","name":"T","type":"inline","inline":{"plain_text":{"value":"x"}}}                           | $[2].inline.plain_text.section: is required
value not a string   | {"id":"t","name":"T","type":"inline","inline":{"plain_text":{"value":42,"section":"body"}}}            | $[2].inline.plain_text.value: must be a string
relation             | {"id":"r","name":"R","type":"relation","relation":{"uri":"x:y","mention":{"section":"primary"}}}        | $[2].type: "relation" is not supported; use "inline" or "embed"
two sub-types        | {"id":"t","name":"T","type":"inline","inline":{"plain_text":{"value":"x","section":"body"},"enum":{"value":"x","section":"primary"}}} | $[2].inline: must have exactly one sub-type, found 2
embed as inline      | {"id":"t","name":"T","type":"inline","inline":{"image":{"value":"https://x.example/a.png","section":"embed"}}} | $[2].inline.image: is not an inline sub-type
pdf                  | {"id":"p","name":"P","type":"embed","embed":{"src_url":"https://x.example/a.pdf","pdf":{"section":"embed"}}} | $[2].embed.pdf: is not an embed sub-type (image, video, audio, html)
type/key mismatch    | {"id":"t","name":"T","type":"embed","inline":{"plain_text":{"value":"x","section":"body"}}}            | $[2].inline: is not allowed in an attribute of type embed
missing name         | {"id":"t","type":"inline","inline":{"plain_text":{"value":"x","section":"body"}}}                      | $[2].name: is required and must be a non-empty string
second title         | {"id":"t2","name":"T","type":"inline","inline":{"title":{"value":"x","section":"title"}}}              | $[2].inline.title: only the attribute with id "title" may be a title
""")
  void eachProblemIsReportedAtItsPath(String kind, String attribute, String expected) {
    JsonArray array = array("[" + TITLE + "," + DEV + "," + attribute + "]");
    assertThat(problems(array)).as(kind).contains(expected);
  }

  @Test
  void tooLongTextIsRefused() {
    JsonObject longText =
        Attributes.text("b", "Body", SubType.PLAIN_TEXT, "x".repeat(2001), Section.BODY);
    assertThat(problems(withTitleAndDev(longText)))
        .containsExactly("$[2].inline.plain_text.value: has 2001 characters, more than 2000");
  }

  @Test
  void severalProblemsAreAllReported() {
    JsonArray array =
        array(
            "[{\"id\":\"title\",\"name\":\"Title\",\"type\":\"inline\",\"inline\":{\"title\":{\"value\":\""
                + " \",\"section\":\"title\"}}},"
                + "{\"id\":\"x\",\"name\":\"X\",\"type\":\"inline\",\"inline\":{\"date\":{\"value\":\"soon\",\"section\":\"body\"}}}]");
    assertThat(problems(array))
        .containsExactly(
            "$[0].inline.title.value: must not be blank",
            "$[1].inline.date.section: section body does not accept date (it accepts plain_text)",
            "$[1].inline.date.value: must be a date YYYY-MM-DD, found \"soon\"",
            "$: the required \"dev\" attribute is missing");
  }

  @ParameterizedTest
  @CsvSource({
    "https://cdn.example/a.png, true",
    "http://localhost:8080/demo/a.png, true",
    "http://127.0.0.1/a.png, true",
    "http://cdn.example/a.png, false",
    "ftp://cdn.example/a.png, false",
    "/relative/a.png, false",
    "'data:image/png;base64,AAAA', false"
  })
  void mediaUrls(String url, boolean allowed) {
    assertThat(AttributeValidator.isAllowedMediaUrl(url)).isEqualTo(allowed);
  }

  @Test
  void notAnArray() {
    assertThat(AttributeValidator.validate(Json.createObjectBuilder().build()))
        .containsExactly(new AttributeProblem("$", "must be an array of attributes"));
  }
}
