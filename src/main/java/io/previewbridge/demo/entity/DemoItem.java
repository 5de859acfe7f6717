package io.previewbridge.demo.entity;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One item of the demo product. Items are values: an edit replaces the item with a new one whose
 * {@code updated} time is the time of the edit, which is what the previews show and what change
 * detection notices.
 */
public sealed interface DemoItem {

  String id();

  Kind kind();

  /** The heading of the item's page and of its preview. */
  String title();

  Instant updated();

  /** The number in the id ({@code 12} for {@code task-12}). */
  default int number() {
    return Integer.parseInt(id().substring(id().indexOf('-') + 1));
  }

  /** A Trello-like card. {@code status} is one of {@link #STATUSES}. */
  record Task(
      String id,
      String title,
      String status,
      LocalDate due,
      String assignee,
      String description,
      Instant updated)
      implements DemoItem {

    public static final List<String> STATUSES =
        List.of("To do", "In progress", "In review", "Done");

    @Override
    public Kind kind() {
      return Kind.TASK;
    }

    /** The key people quote, {@code TASK-12}. */
    public String key() {
      return "TASK-" + number();
    }
  }

  /** A Figma-like file: its preview image is drawn from the title and the accent colour. */
  record DesignFile(String id, String title, String lastEditor, String accent, Instant updated)
      implements DemoItem {

    @Override
    public Kind kind() {
      return Kind.DESIGN;
    }
  }

  /** An Amplitude-like chart of one series, shown on its own framable page. */
  record Chart(String id, String title, String description, List<Integer> points, Instant updated)
      implements DemoItem {

    public Chart {
      points = List.copyOf(points);
    }

    @Override
    public Kind kind() {
      return Kind.CHART;
    }
  }

  /** A Slack-like message. Its title is derived: who wrote it where. */
  record ChatMessage(
      String id, String text, String author, String channel, Instant posted, Instant updated)
      implements DemoItem {

    @Override
    public Kind kind() {
      return Kind.MESSAGE;
    }

    @Override
    public String title() {
      return author + " in #" + channel;
    }
  }

  /**
   * A GitHub-like workflow run. {@code status} is queued, in_progress or completed; {@code
   * conclusion} (success, failure, cancelled) is set exactly when the run is completed.
   */
  record WorkflowRun(
      String id,
      String title,
      String workflow,
      String status,
      String conclusion,
      String branch,
      Duration duration,
      Instant updated)
      implements DemoItem {

    public static final List<String> STATUSES = List.of("queued", "in_progress", "completed");
    public static final List<String> CONCLUSIONS = List.of("success", "failure", "cancelled");

    @Override
    public Kind kind() {
      return Kind.RUN;
    }

    /** One word for the card: the conclusion of a finished run, else its status. */
    public String state() {
      String word = "completed".equals(status) ? conclusion : status;
      return switch (word) {
        case "in_progress" -> "In progress";
        default -> Character.toUpperCase(word.charAt(0)) + word.substring(1);
      };
    }

    /** {@code 3m 12s}, as CI pages show it. */
    public String durationText() {
      long seconds = duration.toSeconds();
      if (seconds < 60) {
        return seconds + "s";
      }
      if (seconds < 3600) {
        return seconds / 60 + "m " + seconds % 60 + "s";
      }
      return seconds / 3600 + "h " + (seconds % 3600) / 60 + "m";
    }
  }
}
