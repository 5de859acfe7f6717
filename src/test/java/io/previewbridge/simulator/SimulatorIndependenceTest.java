package io.previewbridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * simulator.war contains only the simulator's classes: a reference from the simulator to any other
 * PreviewBridge package compiles (same Maven module) but fails when simulator.war is deployed. This
 * keeps that mistake at unit-test time, and keeps the simulator to PreviewBridge's HTTP contract.
 */
class SimulatorIndependenceTest {

  static final Path SOURCES = Path.of("src/main/java/io/previewbridge/simulator");
  static final Pattern FOREIGN =
      Pattern.compile("\\bio\\.previewbridge\\.(?!simulator\\b)[a-z]+(\\.[A-Za-z]+)*");

  @Test
  void theSimulatorUsesNoOtherPreviewBridgePackage() throws IOException {
    List<String> offending;
    try (Stream<Path> files = Files.walk(SOURCES)) {
      offending =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .flatMap(
                  p -> {
                    try {
                      Matcher m = FOREIGN.matcher(Files.readString(p));
                      return m.results().map(r -> SOURCES.relativize(p) + ": " + r.group());
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  })
              .toList();
    }
    assertThat(offending).isEmpty();
  }

  @Test
  void theMainApplicationUsesNoSimulatorClass() throws IOException {
    Path main = Path.of("src/main/java/io/previewbridge");
    List<Path> offending;
    try (Stream<Path> files = Files.walk(main)) {
      offending =
          files
              .filter(p -> p.toString().endsWith(".java") && !p.startsWith(SOURCES))
              .filter(
                  p -> {
                    try {
                      return Files.readString(p).contains("io.previewbridge.simulator");
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  })
              .toList();
    }
    assertThat(offending).as("previewbridge.war excludes the simulator's classes").isEmpty();
  }
}
