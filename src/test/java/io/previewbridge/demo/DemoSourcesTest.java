package io.previewbridge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The demo sources file against the contract: product.md's "Sources" format and the section table
 * of Notion's unfurl attribute reference (notion-link-previews.md §4.4), copied here on purpose
 * rather than shared with the code that enforces it.
 */
class DemoSourcesTest {

  /** §4.4: sub-type → sections it may appear in. */
  static final Map<String, Set<String>> ALLOWED =
      Map.of(
          "title", Set.of("title"),
          "plain_text", Set.of("primary", "secondary", "identifier", "avatar", "body"),
          "enum", Set.of("primary"),
          "date", Set.of("primary", "secondary"),
          "datetime", Set.of("primary", "secondary"),
          "color", Set.of("entity", "background"),
          "image", Set.of("identifier", "entity", "avatar", "embed"),
          "video", Set.of("embed"),
          "audio", Set.of("embed"),
          "html", Set.of("embed"));

  static JsonObject file;

  @BeforeAll
  static void load() {
    InputStream in =
        DemoSourcesTest.class.getClassLoader().getResourceAsStream("demo/sources.json");
    assertThat(in).as("demo/sources.json on the classpath").isNotNull();
    try (JsonReader reader = Json.createReader(in)) {
      file = reader.readObject();
    }
  }

  static Stream<JsonObject> sources() {
    if (file == null) {
      load();
    }
    return file.getJsonArray("sources").getValuesAs(JsonObject.class).stream();
  }

  @Test
  void namesTheDeveloperAndOneSourcePerKindOfItem() {
    assertThat(file.getString("developerName")).isNotBlank();
    assertThat(sources().map(s -> s.getString("id")))
        .containsExactly("demo-task", "demo-design", "demo-chart", "demo-message", "demo-run");
  }

  @ParameterizedTest
  @MethodSource("sources")
  void everySampleMatchesItsPatternAndNoOtherSource(JsonObject source) {
    Pattern pattern = pattern(source);
    List<String> samples =
        strings(source, "samples").stream().map(DemoSourcesTest::sample).toList();
    assertThat(samples).isNotEmpty();
    for (String sample : samples) {
      Matcher matcher = pattern.matcher(sample);
      assertThat(matcher.matches()).as("%s matches %s", sample, pattern).isTrue();
      assertThat(matcher.group("id")).isEqualTo(sample.substring(sample.lastIndexOf('/') + 1));
      sources()
          .filter(other -> other != source)
          .forEach(
              other ->
                  assertThat(pattern(other).matcher(sample).matches())
                      .as("%s must not also match %s", sample, other.getString("id"))
                      .isFalse());
    }
  }

  /** The public URL the loader inserts for {@code {config:previewbridge.public-url}} by default. */
  static final String PUBLIC_URL = "http://localhost:8080";

  static final String PUBLIC_URL_REF = "{config:previewbridge.public-url}";

  /** The pattern as the loader compiles it: the configured URL inserted regex-quoted. */
  static Pattern pattern(JsonObject source) {
    return Pattern.compile(
        source.getString("pattern").replace(PUBLIC_URL_REF, Pattern.quote(PUBLIC_URL)));
  }

  static String sample(String sample) {
    return sample.replace(PUBLIC_URL_REF, PUBLIC_URL);
  }

  @ParameterizedTest
  @MethodSource("sources")
  void patternsFollowThePublicUrl(JsonObject source) {
    assertThat(source.getString("pattern")).startsWith("^" + PUBLIC_URL_REF + "/demo/items/");
    assertThat(strings(source, "samples"))
        .allSatisfy(s -> assertThat(s).startsWith(PUBLIC_URL_REF));
  }

  @ParameterizedTest
  @MethodSource("sources")
  void fetchesTheItemFromTheConfiguredUpstreamUsingOnlyNamedGroups(JsonObject source) {
    String url = source.getJsonObject("fetch").getString("url");
    assertThat(url).isEqualTo("{config:previewbridge.demo.upstream-url}/demo/api/items/{id}");
    Matcher groups =
        Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>").matcher(source.getString("pattern"));
    Set<String> names = new HashSet<>();
    while (groups.find()) {
      names.add(groups.group(1));
    }
    assertThat(names).containsExactly("id");
    assertThat(source.getString("refresh")).matches("PT\\d+[SM]");
    assertThat(source.getJsonObject("errors").keySet()).contains("404");
  }

  @ParameterizedTest
  @MethodSource("sources")
  void everyAttributeUsesAnAllowedSubTypeAndSection(JsonObject source) {
    Set<String> ids = new HashSet<>();
    for (JsonObject attribute : source.getJsonArray("attributes").getValuesAs(JsonObject.class)) {
      String id = attribute.getString("id");
      String type = attribute.getString("type");
      assertThat(ids.add(id)).as("attribute ids are unique: %s", id).isTrue();
      assertThat(ALLOWED).as("%s has a Notion sub-type", id).containsKey(type);
      String section = attribute.getString("section", type.equals("title") ? "title" : null);
      assertThat(ALLOWED.get(type))
          .as("%s: %s may not go into section %s", id, type, section)
          .contains(section);
      assertThat(attribute.getString("value")).as("%s has a value template", id).isNotBlank();
      if (type.equals("enum")) {
        JsonObject colors = attribute.getJsonObject("colors");
        assertThat(colors).as("%s colours its values", id).isNotNull();
        colors
            .values()
            .forEach(c -> assertThat(((JsonString) c).getString()).matches("#[0-9a-f]{6}"));
      }
      if (!type.equals("title")) {
        assertThat(attribute.getString("name", "")).as("%s has a label", id).isNotBlank();
      }
    }
    assertThat(ids).contains("title").doesNotContain("dev");
  }

  @Test
  void theKindsShowTheMediaTheDocsName() {
    assertThat(attribute("demo-design", "preview"))
        .containsEntry("type", str("image"))
        .containsEntry("section", str("embed"));
    assertThat(attribute("demo-chart", "chart"))
        .containsEntry("type", str("html"))
        .containsEntry("section", str("embed"));
    assertThat(attribute("demo-task", "assignee"))
        .containsEntry("type", str("image"))
        .containsEntry("section", str("avatar"));
    assertThat(attribute("demo-message", "authorAvatar")).containsEntry("section", str("avatar"));
    assertThat(attribute("demo-run", "state"))
        .containsEntry("type", str("enum"))
        .containsEntry("section", str("primary"));
  }

  private static JsonObject attribute(String sourceId, String attributeId) {
    return sources()
        .filter(s -> s.getString("id").equals(sourceId))
        .flatMap(s -> s.getJsonArray("attributes").getValuesAs(JsonObject.class).stream())
        .filter(a -> a.getString("id").equals(attributeId))
        .findFirst()
        .orElseThrow();
  }

  private static JsonValue str(String value) {
    return Json.createValue(value);
  }

  private static List<String> strings(JsonObject object, String name) {
    return object.getJsonArray(name).getValuesAs(JsonString.class).stream()
        .map(JsonString::getString)
        .toList();
  }
}
