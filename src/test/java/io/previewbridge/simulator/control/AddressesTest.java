package io.previewbridge.simulator.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AddressesTest {

  @Test
  void withNothingConfiguredItPlaysNotionForTheDemoAtItsDefaultAddress() {
    Addresses addresses = new Addresses(Optional.empty(), Optional.empty(), Optional.empty());
    assertThat(addresses.previewBridge()).isEqualTo("http://localhost:8080");
    assertThat(addresses.self()).isEqualTo("http://localhost:8080/simulator");
    assertThat(addresses.callback()).isEqualTo("http://localhost:8080/simulator/callback");
  }

  @Test
  void itFollowsPreviewBridgesPublicUrlInTheSameServer() {
    Addresses addresses =
        new Addresses(
            Optional.empty(), Optional.of("https://previews.acme.example/"), Optional.empty());
    assertThat(addresses.previewBridge()).isEqualTo("https://previews.acme.example");
    assertThat(addresses.self()).isEqualTo("https://previews.acme.example/simulator");
  }

  @Test
  void itsOwnKeysWin() {
    Addresses addresses =
        new Addresses(
            Optional.of("http://pb.test:9090"),
            Optional.of("https://ignored.example"),
            Optional.of("http://sim.test/notion/"));
    assertThat(addresses.previewBridge()).isEqualTo("http://pb.test:9090");
    assertThat(addresses.self()).isEqualTo("http://sim.test/notion");
  }
}
