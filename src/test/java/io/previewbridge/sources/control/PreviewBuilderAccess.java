package io.previewbridge.sources.control;

import io.previewbridge.sources.entity.PreviewResult;
import io.previewbridge.sources.entity.Refresh;
import io.previewbridge.sources.entity.Source;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Lets tests in other packages see the error operation a fetch outcome becomes. */
public final class PreviewBuilderAccess {

  private static final Source ANY =
      new Source(
          "any",
          Pattern.compile("x"),
          List.of(),
          List.of(),
          Optional.empty(),
          Refresh.DEFAULT,
          List.of(),
          Map.of());

  private PreviewBuilderAccess() {}

  /** A builder over a real fetcher and registry, with no configuration values. */
  public static PreviewBuilder builder(Fetcher fetcher, SourceRegistry registry) {
    return new PreviewBuilder(fetcher, registry, key -> Optional.empty());
  }

  public static PreviewResult.Failure failureOf(Fetcher.Outcome outcome) {
    return PreviewBuilder.failureOf(ANY, outcome);
  }
}
