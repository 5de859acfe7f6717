package io.previewbridge.webhooks.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.previewbridge.platform.control.InvalidInput;
import io.previewbridge.sources.entity.Refresh;
import io.previewbridge.sources.entity.Source;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Which tracked uris a change covers. */
class ChangeIntakeTest {

  static final Source ISSUE =
      new Source(
          "issue",
          Pattern.compile("^https://git\\.acme\\.test/(?<project>[a-z]+)/issues/(?<num>\\d+)$"),
          List.of("project", "num"),
          List.of("https://git.acme.test/web/issues/1"),
          Optional.empty(),
          Refresh.DEFAULT,
          List.of(),
          Map.of());

  static final List<String> TRACKED =
      List.of(
          "https://git.acme.test/web/issues/1",
          "https://git.acme.test/web/issues/12",
          "https://git.acme.test/api/issues/1",
          "https://elsewhere.example/web/issues/1");

  static java.util.Set<String> resolve(Change... changes) {
    return ChangeIntake.resolve(
        List.of(changes),
        id -> id.equals("issue") ? Optional.of(ISSUE) : Optional.empty(),
        id -> TRACKED);
  }

  @Test
  void aUriIsTakenAsItIs() {
    assertThat(resolve(new Change.OfUri("", "https://untracked.example/x")))
        .containsExactly("https://untracked.example/x");
  }

  @Test
  void groupsSelectTheTrackedUrisWhosePatternGroupsHaveThoseValues() {
    assertThat(resolve(new Change.OfSource("", "issue", Map.of("project", "web", "num", "1"))))
        .containsExactly("https://git.acme.test/web/issues/1");
  }

  @Test
  void groupsNotGivenMatchAnyValue() {
    assertThat(resolve(new Change.OfSource("", "issue", Map.of("num", "1"))))
        .containsExactlyInAnyOrder(
            "https://git.acme.test/web/issues/1", "https://git.acme.test/api/issues/1");
    assertThat(resolve(new Change.OfSource("", "issue", Map.of("project", "web"))))
        .containsExactlyInAnyOrder(
            "https://git.acme.test/web/issues/1", "https://git.acme.test/web/issues/12");
  }

  @Test
  void aValueIsComparedWhole() {
    assertThat(resolve(new Change.OfSource("", "issue", Map.of("num", "2")))).isEmpty();
  }

  @Test
  void overlappingChangesNameEachUriOnce() {
    assertThat(
            resolve(
                new Change.OfUri("changes[0]", "https://git.acme.test/web/issues/1"),
                new Change.OfSource("changes[1]", "issue", Map.of("num", "1"))))
        .containsExactly(
            "https://git.acme.test/web/issues/1", "https://git.acme.test/api/issues/1");
  }

  @Test
  void anUnknownSourceOrGroupIsAFieldError() {
    InvalidInput e =
        catchThrowableOfType(
            InvalidInput.class,
            () ->
                resolve(
                    new Change.OfSource("changes[0]", "nope", Map.of("num", "1")),
                    new Change.OfSource("changes[1]", "issue", Map.of("number", "1"))));
    assertThat(e.violations())
        .extracting(InvalidInput.Violation::field)
        .containsExactly("changes[0].source", "changes[1].groups.number");
    assertThat(e.violations().get(1).message()).contains("project", "num");
  }
}
