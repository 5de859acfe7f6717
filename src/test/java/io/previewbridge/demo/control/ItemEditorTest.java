package io.previewbridge.demo.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.previewbridge.demo.entity.DemoItem;
import io.previewbridge.demo.entity.DemoItem.Task;
import io.previewbridge.demo.entity.DemoItem.WorkflowRun;
import io.previewbridge.platform.control.InvalidInput;
import io.previewbridge.platform.control.InvalidInput.Violation;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ItemEditorTest {

  static final Instant THEN = Instant.parse("2026-01-01T10:00:00Z");
  static final Instant NOW = Instant.parse("2026-02-01T12:30:00.250Z");

  final ItemEditor editor = new ItemEditor();
  final Task task =
      new Task(
          "task-12", "Login fails", "To do", LocalDate.parse("2026-03-01"), "Ana Lima", "", THEN);

  @Test
  void aMergeChangesOnlyTheNamedFieldsAndStampsTheTimeOfTheEdit() {
    Task edited = (Task) editor.apply(task, Map.of("status", "Done"), true, NOW);
    assertThat(edited.status()).isEqualTo("Done");
    assertThat(edited.title()).isEqualTo("Login fails");
    assertThat(edited.updated()).isEqualTo(NOW);
  }

  @Test
  void aReplacementNamesEveryMissingRequiredField() {
    List<Violation> violations = violations(task, Map.of("title", "New"), false);
    assertThat(violations)
        .extracting(Violation::field)
        .containsExactlyInAnyOrder("status", "due", "assignee");
  }

  @Test
  void whatGetShowsCanBeSentBackAsItIs() {
    Map<String, Object> roundTrip = new HashMap<>();
    roundTrip.put("id", "task-12");
    roundTrip.put("kind", "task");
    roundTrip.put("url", "http://localhost:8080/demo/items/task-12");
    roundTrip.put("updated", "2026-01-01T10:00:00.000Z");
    roundTrip.put("identifier", "TASK-12");
    roundTrip.put("title", "Login fails");
    roundTrip.put("status", "In review");
    roundTrip.put("due", "2026-03-02");
    roundTrip.put("assignee", Map.of("name", "Ben Okafor", "avatarUrl", "ignored"));
    roundTrip.put("description", "Steps to reproduce");
    Task edited = (Task) editor.apply(task, roundTrip, false, NOW);
    assertThat(edited.assignee()).isEqualTo("Ben Okafor");
    assertThat(edited.due()).isEqualTo(LocalDate.parse("2026-03-02"));
  }

  @Test
  void rejectsTyposWrongTypesAndValuesOutsideTheChoices() {
    Map<String, Object> edit = new HashMap<>();
    edit.put("stauts", "Done");
    edit.put("title", 42);
    edit.put("due", "tomorrow");
    edit.put("kind", "chart");
    List<Violation> violations = violations(task, edit, true);
    assertThat(violations)
        .extracting(Violation::field)
        .containsExactlyInAnyOrder("stauts", "title", "due", "kind");
    assertThat(violations(task, Map.of("status", "Doing"), true))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("To do, In progress, In review, Done"));
  }

  @Test
  void aCompletedRunNeedsAConclusionAndARunningOneHasNone() {
    WorkflowRun run =
        new WorkflowRun(
            "run-7", "Build", "CI", "in_progress", null, "main", Duration.ofSeconds(5), THEN);
    assertThat(violations(run, Map.of("status", "completed"), true))
        .extracting(Violation::field)
        .containsExactly("conclusion");
    WorkflowRun done =
        (WorkflowRun)
            editor.apply(
                run,
                Map.of(
                    "status",
                    "completed",
                    "conclusion",
                    "failure",
                    "durationSeconds",
                    new BigDecimal(192)),
                true,
                NOW);
    assertThat(done.state()).isEqualTo("Failure");
    assertThat(done.durationText()).isEqualTo("3m 12s");
    assertThat(violations(done, Map.of("status", "queued", "conclusion", "success"), true))
        .extracting(Violation::field)
        .containsExactly("conclusion");
  }

  @Test
  void chartPointsComeAsAnArrayOrAsTheFormsCommaSeparatedText() {
    DemoItem.Chart chart = new DemoItem.Chart("chart-1", "Users", "", List.of(1, 2), THEN);
    assertThat(
            ((DemoItem.Chart) editor.apply(chart, Map.of("points", "3, 5,8"), true, NOW)).points())
        .containsExactly(3, 5, 8);
    assertThat(
            violations(
                chart, Map.of("points", List.of(new BigDecimal("1.5"), BigDecimal.ONE)), true))
        .extracting(Violation::field)
        .containsExactly("points");
    assertThat(violations(chart, Map.of("points", "7"), true))
        .extracting(Violation::message)
        .containsExactly("must have between 2 and 24 numbers");
  }

  @Test
  void avatarsAreNamedAfterThePersonEvenWithAccents() {
    assertThat(Avatars.slug("Zoë  Ana-Lima")).isEqualTo("zoe-ana-lima");
    assertThat(Avatars.initials("zoe-ana-lima")).isEqualTo("ZL");
    assertThat(Avatars.initials("!!!")).isEqualTo("?");
    assertThat(violations(task, Map.of("assignee", "!!!"), true))
        .extracting(Violation::field)
        .containsExactly("assignee");
  }

  private List<Violation> violations(DemoItem item, Map<String, ?> edit, boolean merge) {
    InvalidInput invalid =
        catchThrowableOfType(InvalidInput.class, () -> editor.apply(item, edit, merge, NOW));
    assertThat(invalid).as("the edit is rejected").isNotNull();
    return invalid.violations();
  }
}
