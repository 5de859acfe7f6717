package io.previewbridge.simulator.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.previewbridge.simulator.control.InvalidRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageApiResourceTest {

  @Test
  void aPastedLinkIsReadFromUrlOrUri() {
    assertThat(PageApiResource.link("{\"url\":\" http://localhost:8080/demo/items/task-12 \"}"))
        .isEqualTo("http://localhost:8080/demo/items/task-12");
    assertThat(PageApiResource.link("{\"uri\":\"https://x.example/a\"}"))
        .isEqualTo("https://x.example/a");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "{",
        "[]",
        "{\"url\":42}",
        "{\"url\":\"\"}",
        "{\"url\":\"javascript:alert(1)\"}",
        "{\"url\":\"not a url\"}",
        "{\"url\":\"file:///etc/passwd\"}"
      })
  void anythingElseIsAnInvalidRequestNotAServerError(String body) {
    assertThatThrownBy(() -> PageApiResource.link(body)).isInstanceOf(InvalidRequest.class);
  }
}
