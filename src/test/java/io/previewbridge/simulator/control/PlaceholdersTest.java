package io.previewbridge.simulator.control;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {

  /** Two rules as PreviewBridge's admin shows them (JavaScript syntax, {@code \/} escapes). */
  static final JsonArray RULES =
      Json.createReader(
              new StringReader(
                  """
                  [
                    {"ruleName": "broken", "pattern": "^(?<x", "unfurlRegexAttributes": []},
                    {"ruleName": "demo-task",
                     "pattern": "^http:\\\\/\\\\/localhost:8080\\\\/demo\\\\/items\\\\/(?<id>task-\\\\d+)$",
                     "unfurlRegexAttributes": [
                       {"id": "title", "name": "Title", "type": "inline",
                        "inline": {"title": {"value": "Task $<id> ($<nope>)", "section": "title"}}},
                       {"id": "key", "name": "Key", "type": "inline",
                        "inline": {"plain_text": {"value": "#$<id> $1", "section": "identifier"}}},
                       {"id": "bg", "name": "Colour", "type": "inline",
                        "inline": {"color": {"value": {"r": 1, "g": 2, "b": 3}, "section": "background"}}}
                     ]},
                    {"ruleName": "any-item", "pattern": "^http://localhost:8080/demo/items/(?<id>.+)$",
                     "unfurlRegexAttributes": [
                       {"id": "title", "name": "Title", "type": "inline",
                        "inline": {"title": {"value": "Item $<id>", "section": "title"}}}]}
                  ]
                  """))
          .readArray();

  @Test
  void theFirstMatchingRuleGivesItsPlaceholderWithTheGroupsSubstituted() {
    Placeholders.Match match =
        Placeholders.match(RULES, "http://localhost:8080/demo/items/task-12").orElseThrow();
    assertThat(match.ruleName()).isEqualTo("demo-task");
    assertThat(match.groups()).isEqualTo(Map.of("id", "task-12"));
    assertThat(
            match
                .attributes()
                .getJsonObject(0)
                .getJsonObject("inline")
                .getJsonObject("title")
                .getString("value"))
        .as("an unknown group becomes empty, as in JavaScript's replace")
        .isEqualTo("Task task-12 ()");
    assertThat(
            match
                .attributes()
                .getJsonObject(1)
                .getJsonObject("inline")
                .getJsonObject("plain_text")
                .getString("value"))
        .as("$1 is not Notion syntax and stays")
        .isEqualTo("#task-12 $1");
    assertThat(
            match
                .attributes()
                .getJsonObject(2)
                .getJsonObject("inline")
                .getJsonObject("color")
                .getJsonObject("value")
                .getInt("g"))
        .as("numbers are left alone")
        .isEqualTo(2);
  }

  @Test
  void theWholeUrlMustMatchAndALaterRuleCanWin() {
    assertThat(Placeholders.match(RULES, "http://localhost:8080/demo/items/task-12/extra"))
        .map(Placeholders.Match::ruleName)
        .hasValue("any-item");
    assertThat(Placeholders.match(RULES, "https://elsewhere.example/demo/items/task-1")).isEmpty();
    assertThat(Placeholders.match(JsonArray.EMPTY_JSON_ARRAY, "http://x.example")).isEmpty();
    assertThat(Placeholders.match(null, "http://x.example")).isEmpty();
  }

  @Test
  void aReplacementTextWithDollarsAndBackslashesIsTakenLiterally() {
    var value = Placeholders.substitute(Json.createValue("<$<a>>"), Map.of("a", "$1 \\ $<a>"));
    assertThat(value).isEqualTo(Json.createValue("<$1 \\ $<a>>"));
  }
}
