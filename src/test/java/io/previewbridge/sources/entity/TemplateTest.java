package io.previewbridge.sources.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateTest {

  static final Map<String, String> VALUES =
      Map.of(
          "num",
          "42",
          "/title",
          "Login fails",
          "config:acme.token",
          "s3cret",
          "account:username",
          "jane");

  static Function<Template.Part, Optional<String>> lookup(Map<String, String> values) {
    return part -> {
      String key;
      if (part instanceof Template.Group g) {
        key = g.name();
      } else if (part instanceof Template.Pointer p) {
        key = p.pointer();
      } else if (part instanceof Template.ConfigRef c) {
        key = "config:" + c.key();
      } else {
        key = "account:" + ((Template.AccountRef) part).field();
      }
      return Optional.ofNullable(values.get(key));
    };
  }

  @Test
  void partsAreRecognised() {
    Template t =
        Template.parse(
            "#{num} {/a~1b/0} {config:acme.api-token} {account:email} {not a placeholder} {}");
    assertThat(t.parts())
        .containsExactly(
            new Template.Literal("#"),
            new Template.Group("num"),
            new Template.Literal(" "),
            new Template.Pointer("/a~1b/0"),
            new Template.Literal(" "),
            new Template.ConfigRef("acme.api-token"),
            new Template.Literal(" "),
            new Template.AccountRef("email"),
            new Template.Literal(" {not a placeholder} {}"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          #{num}                      | #42                   | 1 | 0
          {/title}                    | Login fails           | 1 | 0
          Bearer {config:acme.token}  | Bearer s3cret         | 1 | 0
          {/title} (#{num}) by {account:username} | Login fails (#42) by jane | 3 | 0
          no placeholders             | no placeholders       | 0 | 0
          {/missing}                  | ''                    | 1 | 1
          #{num} {/missing}           | '#42 '                | 2 | 1
          regex {2,3} stays           | regex {2,3} stays     | 0 | 0
          """)
  void renders(String template, String text, int placeholders, int missing) {
    Template.Rendered r = Template.parse(template).render(lookup(VALUES));
    assertThat(r.text()).isEqualTo(text);
    assertThat(r.placeholders()).isEqualTo(placeholders);
    assertThat(r.missing()).isEqualTo(missing);
  }

  @Test
  void entirelyMissingOnlyWhenEveryPlaceholderLacksAValue() {
    assertThat(Template.parse("{/missing}").render(lookup(VALUES)).entirelyMissing()).isTrue();
    assertThat(Template.parse("Owner: {/missing}").render(lookup(VALUES)).entirelyMissing())
        .isTrue();
    assertThat(Template.parse("{num}{/missing}").render(lookup(VALUES)).entirelyMissing())
        .isFalse();
    assertThat(Template.parse("literal").render(lookup(VALUES)).entirelyMissing()).isFalse();
  }
}
