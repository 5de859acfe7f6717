package io.previewbridge.simulator.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SimulatorPageResourceTest {

  static SimulatorPageResource page(
      Optional<String> previewBridgeUrl, Optional<String> publicUrl, Optional<String> self) {
    SimulatorPageResource page = new SimulatorPageResource();
    page.previewBridgeUrl = previewBridgeUrl;
    page.publicUrl = publicUrl;
    page.simulatorUrl = self;
    return page;
  }

  @Test
  void withNothingConfiguredItPlaysNotionForTheDemoAtItsDefaultAddress() {
    SimulatorPageResource page = page(Optional.empty(), Optional.empty(), Optional.empty());
    assertThat(page.root()).isEqualTo("http://localhost:8080");
    assertThat(page.self()).isEqualTo("http://localhost:8080/simulator");
  }

  @Test
  void itFollowsPreviewBridgesPublicUrlInTheSameServer() {
    SimulatorPageResource page =
        page(Optional.empty(), Optional.of("https://previews.acme.example/"), Optional.empty());
    assertThat(page.root()).isEqualTo("https://previews.acme.example");
    assertThat(page.self()).isEqualTo("https://previews.acme.example/simulator");
  }

  @Test
  void itsOwnKeysWin() {
    SimulatorPageResource page =
        page(
            Optional.of("http://pb.test:9090"),
            Optional.of("https://ignored.example"),
            Optional.of("http://sim.test/notion"));
    assertThat(page.root()).isEqualTo("http://pb.test:9090");
    assertThat(page.self()).isEqualTo("http://sim.test/notion");
  }
}
