package io.previewbridge.platform.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormContentTypeRequiredTest {

  static class Resources {
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public void wholeForm(MultivaluedMap<String, String> form) {}

    public void fields(@FormParam("a") String a) {}

    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.APPLICATION_JSON})
    public void formOrJson(String body) {}
  }

  @Test
  void endpointsThatReadAFormAreTheOnesWithFormParamsOrConsumingOnlyTheFormType() throws Exception {
    assertThat(
            FormContentTypeRequired.readsFormFields(
                Resources.class.getMethod("wholeForm", MultivaluedMap.class)))
        .as("the whole form as the entity: Jersey passes null without a Content-Type")
        .isTrue();
    assertThat(
            FormContentTypeRequired.readsFormFields(
                Resources.class.getMethod("fields", String.class)))
        .isTrue();
    assertThat(
            FormContentTypeRequired.readsFormFields(
                Resources.class.getMethod("formOrJson", String.class)))
        .isFalse();
  }

  @Test
  void onlyTheFormTypeItselfIsAForm() {
    assertThat(
            FormContentTypeRequired.isForm(new MediaType("application", "x-www-form-urlencoded")))
        .isTrue();
    assertThat(
            FormContentTypeRequired.isForm(
                new MediaType("Application", "X-WWW-Form-URLEncoded", Map.of("charset", "UTF-8"))))
        .as("case and parameters aside")
        .isTrue();
  }

  @Test
  void wildcardsCompatibleWithTheFormTypeAreNotAForm() {
    assertThat(FormContentTypeRequired.isForm(MediaType.WILDCARD_TYPE)).isFalse();
    assertThat(FormContentTypeRequired.isForm(new MediaType("application", "*"))).isFalse();
    assertThat(FormContentTypeRequired.isForm(MediaType.APPLICATION_JSON_TYPE)).isFalse();
    assertThat(FormContentTypeRequired.isForm(null)).isFalse();
  }
}
