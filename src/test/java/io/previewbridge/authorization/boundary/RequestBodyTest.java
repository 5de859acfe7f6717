package io.previewbridge.authorization.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestBodyTest {

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsAFormBody() {
    var p =
        RequestBody.parse(
            "application/x-www-form-urlencoded; charset=UTF-8",
            bytes(
                "grant_type=authorization_code&code=a%2Bb&redirect_uri=notion.so%2Fcb&state=x+y"));
    assertThat(RequestBody.single(p, "grant_type")).isEqualTo("authorization_code");
    assertThat(RequestBody.single(p, "code")).isEqualTo("a+b");
    assertThat(RequestBody.single(p, "redirect_uri")).isEqualTo("notion.so/cb");
    assertThat(RequestBody.single(p, "state")).isEqualTo("x y");
  }

  @Test
  void readsAJsonBody() {
    var p =
        RequestBody.parse(
            "application/json", bytes("{\"grant_type\":\"refresh_token\",\"n\":3,\"z\":null}"));
    assertThat(RequestBody.single(p, "grant_type")).isEqualTo("refresh_token");
    assertThat(RequestBody.single(p, "n")).isEqualTo("3");
    assertThat(RequestBody.single(p, "z")).isNull();
  }

  @Test
  void emptyValuesCountAsAbsentAndDuplicatesAreRefused() {
    var p = RequestBody.parse(null, bytes("code=&a=1&a=2"));
    assertThat(RequestBody.single(p, "code")).isNull();
    assertThatThrownBy(() -> RequestBody.single(p, "a")).hasMessageContaining("more than once");
    assertThat(p.get("a")).isEqualTo(List.of("1", "2"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"code=%zz", "{not json", "[1,2]", "{\"code\":{\"nested\":1}}"})
  void malformedBodiesAreIllegalArgumentsNeverOtherErrors(String body) {
    String type =
        body.startsWith("code") ? "application/x-www-form-urlencoded" : "application/json";
    assertThatThrownBy(() -> RequestBody.parse(type, bytes(body)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anOversizedBodyIsRefused() {
    assertThatThrownBy(() -> RequestBody.parse(null, new byte[RequestBody.MAX_BYTES + 1]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
