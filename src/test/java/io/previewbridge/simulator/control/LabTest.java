package io.previewbridge.simulator.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LabTest {

  static String q(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  @Test
  void aValidAttributeArrayHasNoProblems() {
    Lab.Verdict verdict =
        Lab.validate(q("[" + PatchRulesTest.TITLE + "," + PatchRulesTest.DEV + "]"));
    assertThat(verdict.kind()).isEqualTo("attributes");
    assertThat(verdict.valid()).isTrue();
    assertThat(verdict.body().getJsonArray("operations")).hasSize(1);
  }

  @Test
  void everyProblemIsListedAndNamedFromTheArray() {
    Lab.Verdict verdict =
        Lab.validate(
            q(
                "["
                    + PatchRulesTest.TITLE
                    + ",{'id':'s','name':'S','type':'inline','inline':{'enum':{'value':'x','section':'body'}}}"
                    + ",{'id':'c','name':'C','type':'inline','inline':{'color':{'value':{'r':300,'g':0,'b':0},'section':'background'}}}"
                    + "]"));
    assertThat(verdict.valid()).isFalse();
    assertThat(verdict.problems())
        .containsExactly(
            "body failed validation: attributes[1].inline.enum.section should be one of primary"
                + " (was `body`).",
            "body failed validation: attributes[2].inline.color.value.r should be an integer from"
                + " 0 to 255.",
            "body failed validation: attributes should be an array containing an attribute with id"
                + " `dev`.");
  }

  @Test
  void aWholeResponseIsCheckedAsNotionChecksAPatch() {
    Lab.Verdict verdict =
        Lab.validate(
            q(
                "{'uri':'https://x.example/1','operations':[{'path':['error'],'set':{'status':404,'message':'Gone'}}]}"));
    assertThat(verdict.kind()).isEqualTo("response");
    assertThat(verdict.valid()).isTrue();
    assertThat(Lab.validate(q("{'operations':[]}")).problems())
        .containsExactly("body failed validation: body.uri should be a string.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "{", "[1,", "nope", "42", "\"text\"", "null"})
  void inputThatIsNeitherAnArrayNorAnObjectIsAnInvalidRequestWithAClearMessage(String text) {
    assertThatThrownBy(() -> Lab.validate(text))
        .isInstanceOf(InvalidRequest.class)
        .hasMessageFindingMatch("Paste|not valid JSON");
  }
}
