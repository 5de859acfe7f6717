package io.previewbridge.admin.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.previewbridge.platform.control.InvalidInput;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdminInputTest {

  @Test
  void idsAreUuidsInLowerCase() {
    assertThat(AdminInput.id("3F2B8C1E-0000-4000-8000-00000000ABCD"))
        .isEqualTo("3f2b8c1e-0000-4000-8000-00000000abcd");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "x", "1' OR 1=1", "3f2b8c1e-0000-4000-8000-00000000abcd0"})
  void anythingElseIsABadId(String id) {
    assertThatThrownBy(() -> AdminInput.id(id))
        .isInstanceOf(InvalidInput.class)
        .satisfies(e -> assertThat(((InvalidInput) e).violations()).hasSize(1));
  }

  @Test
  void limitsAreOneToTheMaximumWithAFallback() {
    assertThat(AdminInput.limit(null, 200, 500)).isEqualTo(200);
    assertThat(AdminInput.limit(" 7 ", 200, 500)).isEqualTo(7);
    assertThat(AdminInput.limit("500", 200, 500)).isEqualTo(500);
    for (String bad : new String[] {"0", "501", "-1", "ten", "1e3"}) {
      assertThatThrownBy(() -> AdminInput.limit(bad, 200, 500)).isInstanceOf(InvalidInput.class);
    }
  }

  @Test
  void timesForPeopleAreUtcToTheSecond() {
    assertThat(AdminInput.when(Instant.parse("2026-11-25T06:01:02.345Z")))
        .isEqualTo("2026-11-25 06:01:02 UTC");
    assertThat(AdminInput.when(null)).isEqualTo("—");
  }
}
