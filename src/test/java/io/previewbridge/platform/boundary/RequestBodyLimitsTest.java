package io.previewbridge.platform.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class RequestBodyLimitsTest {

  @Test
  void aBodyUpToTheLimitIsReadWhole() throws Exception {
    InputStream body = new RequestBodyLimits.Bounded(new ByteArrayInputStream(new byte[100]), 100);
    assertThat(body.readAllBytes()).hasSize(100);
  }

  @Test
  void aLongerBodyIsCutOffAndTheRestUpToTheSwallowBoundIsDropped() {
    var source = new ByteArrayInputStream(new byte[101 + 10_000]);
    InputStream body = new RequestBodyLimits.Bounded(source, 100);
    assertThatThrownBy(body::readAllBytes)
        .isInstanceOf(RequestBodyLimits.BodyTooLarge.class)
        .hasMessageContaining("100 bytes");
    assertThat(source.available()).as("the client could finish sending").isZero();
  }

  @Test
  void swallowingStopsAtItsBound() {
    var source = new ByteArrayInputStream(new byte[50_000]);
    RequestBodyLimits.swallow(source, 20_000);
    assertThat(source.available()).isEqualTo(30_000);
  }

  @Test
  void byteByByteReadingIsCountedToo() throws Exception {
    InputStream body = new RequestBodyLimits.Bounded(new ByteArrayInputStream(new byte[11]), 10);
    for (int i = 0; i < 10; i++) {
      assertThat(body.read()).isZero();
    }
    assertThatThrownBy(body::read).isInstanceOf(RequestBodyLimits.BodyTooLarge.class);
  }
}
