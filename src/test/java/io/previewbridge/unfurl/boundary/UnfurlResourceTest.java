package io.previewbridge.unfurl.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.previewbridge.platform.control.InvalidInput;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnfurlResourceTest {

  @ParameterizedTest(name = "\"{0}\" is refused")
  @NullSource
  @ValueSource(strings = {"", "   ", "tickets/42", "/tickets/42", "https://exa mple.com/x", "::"})
  void aMissingBlankOrRelativeUriIsA400WithTheFieldNamed(String uri) {
    InvalidInput e = catchThrowableOfType(InvalidInput.class, () -> UnfurlResource.requireUri(uri));

    assertThat(e).isNotNull();
    assertThat(e.violations())
        .singleElement()
        .extracting(InvalidInput.Violation::field)
        .isEqualTo("uri");
  }

  @Test
  void anOverlongUriIsRefused() {
    String uri = "https://x.example/" + "a".repeat(UnfurlResource.MAX_URI);
    assertThat(catchThrowableOfType(InvalidInput.class, () -> UnfurlResource.requireUri(uri)))
        .isNotNull();
  }

  @Test
  void anAbsoluteUriIsAcceptedTrimmed() {
    assertThat(UnfurlResource.requireUri("  https://tracker.acme.com/tickets/42 "))
        .isEqualTo("https://tracker.acme.com/tickets/42");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
application/json                  | {"uri":"https://x.example/1"}            | https://x.example/1
application/json; charset=utf-8   | {"uri":"https://x.example/1","x":true}   | https://x.example/1
application/x-www-form-urlencoded | a=b&uri=https%3A%2F%2Fx.example%2F1       | https://x.example/1
text/plain                        | {"uri":"https://x.example/1"}            | https://x.example/1
                                  | {"uri":"https://x.example/1"}            | https://x.example/1
application/json                  | {"url":"https://x.example/1"}            |
application/json                  | not json                                 |
application/json                  | ["https://x.example/1"]                  |
application/x-www-form-urlencoded | url=https%3A%2F%2Fx.example%2F1           |
""")
  void deleteReadsTheUriFromJsonOrFormBodies(String type, String body, String expected) {
    // built by hand: MediaType.valueOf needs a JAX-RS runtime, which a unit test does not have
    MediaType mediaType = null;
    if (type != null) {
      String[] parts = type.split(";")[0].trim().split("/");
      mediaType = new MediaType(parts[0], parts[1]);
    }
    assertThat(UnfurlResource.uriOf(mediaType, body)).isEqualTo(Optional.ofNullable(expected));
  }

  @Test
  void anEmptyDeleteBodyHasNoUri() {
    assertThat(UnfurlResource.uriOf(MediaType.APPLICATION_JSON_TYPE, "")).isEmpty();
    assertThat(UnfurlResource.uriOf(null, null)).isEmpty();
  }
}
