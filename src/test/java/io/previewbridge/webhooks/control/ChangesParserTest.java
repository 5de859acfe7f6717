package io.previewbridge.webhooks.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.previewbridge.platform.control.InvalidInput;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JSON of a change notification, and the field errors of a malformed one. */
class ChangesParserTest {

  static List<Change> parse(String json) {
    return ChangesParser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  static List<InvalidInput.Violation> violations(String json) {
    InvalidInput e = catchThrowableOfType(InvalidInput.class, () -> parse(json));
    assertThat(e).as("refused: " + json).isNotNull();
    return e.violations();
  }

  @Test
  void aSingleUri() {
    assertThat(parse("{\"uri\":\"https://tracker.acme.test/tickets/42\"}"))
        .containsExactly(new Change.OfUri("", "https://tracker.acme.test/tickets/42"));
  }

  @Test
  void aSingleSourceWithGroups() {
    assertThat(parse("{\"source\":\"ticket\",\"groups\":{\"num\":\"42\"}}"))
        .containsExactly(new Change.OfSource("", "ticket", Map.of("num", "42")));
  }

  @Test
  void aListMixingBothAndNumbersAsGroupValues() {
    assertThat(
            parse(
                "{\"changes\":[{\"uri\":\"https://a.example/1\"},"
                    + "{\"source\":\"ticket\",\"groups\":{\"num\":42}}]}"))
        .containsExactly(
            new Change.OfUri("changes[0]", "https://a.example/1"),
            new Change.OfSource("changes[1]", "ticket", Map.of("num", "42")));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"uri\": | body",
        "[] | body",
        "'' | body",
        "\"text\" | body",
        "{} | body",
        "{\"changes\":{}} | changes",
        "{\"changes\":[]} | changes",
        "{\"changes\":[42]} | changes[0]",
        "{\"uri\":42} | uri",
        "{\"uri\":\"  \"} | uri",
        "{\"uri\":\"https://a.example\",\"source\":\"ticket\"} | body",
        "{\"changes\":[{\"uri\":\"https://a.example\"},{\"source\":\"\",\"groups\":{\"num\":\"1\"}}]}"
            + " | changes[1].source",
        "{\"changes\":[{\"source\":\"ticket\"}]} | changes[0].groups",
        "{\"source\":\"ticket\",\"groups\":{}} | groups",
        "{\"source\":\"ticket\",\"groups\":{\"num\":[1]}} | groups.num",
        "{\"source\":\"ticket\",\"groups\":{\"num\":1.5}} | groups.num",
      })
  void malformedNotificationsNameTheField(String json, String field) {
    assertThat(violations(json)).extracting(InvalidInput.Violation::field).contains(field);
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    assertThat(
            violations(
                "{\"changes\":[{\"uri\":7},{\"source\":\"ticket\"},{\"uri\":\"https://ok\"}]}"))
        .extracting(InvalidInput.Violation::field)
        .containsExactly("changes[0].uri", "changes[1].groups");
  }

  @Test
  void tooManyChangesAreRefused() {
    String many =
        "{\"changes\":["
            + "{\"uri\":\"https://a.example\"},".repeat(ChangesParser.MAX_CHANGES)
            + "{\"uri\":\"https://a.example\"}]}";
    assertThat(violations(many)).extracting(InvalidInput.Violation::field).contains("changes");
  }

  @Test
  void binaryGarbageIsAFieldErrorNotACrash() {
    InvalidInput e =
        catchThrowableOfType(
            InvalidInput.class, () -> ChangesParser.parse(new byte[] {(byte) 0xff, 0, 1, 2}));
    assertThat(e.violations()).extracting(InvalidInput.Violation::field).containsExactly("body");
  }
}
