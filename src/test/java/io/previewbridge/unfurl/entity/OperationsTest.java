package io.previewbridge.unfurl.entity;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class OperationsTest {

  static JsonValue json(String text) {
    return Json.createReader(new StringReader(text)).readValue();
  }

  @Test
  void attributesAnswerHasTheShapeOfNotionsExample() {
    var set =
        Json.createArrayBuilder()
            .add(
                Attributes.text(
                    "title", "Title", SubType.TITLE, "Login fails on Safari", Section.TITLE))
            .add(Attributes.dev("Example Co"))
            .add(
                Attributes.inline(
                    "bg",
                    "Color",
                    SubType.COLOR,
                    new Rgb(30, 120, 200).toJson(),
                    Section.BACKGROUND))
            .build();

    var body = Operations.body("https://svc.example/tickets/4821", Operations.attributes(set));

    // §3.1, character for character (key order included)
    assertThat(body.toString())
        .isEqualTo(
            "{\"uri\":\"https://svc.example/tickets/4821\",\"operations\":[{\"path\":[\"attributes\"],\"set\":[{\"id\":\"title\",\"name\":\"Title\",\"type\":\"inline\",\"inline\":{\"title\":{\"value\":\"Login"
                + " fails on Safari\",\"section\":\"title\"}}},{\"id\":\"dev\",\"name\":\"Developer"
                + " Name\",\"type\":\"inline\",\"inline\":{\"plain_text\":{\"value\":\"Example"
                + " Co\",\"section\":\"secondary\"}}},"
                + "{\"id\":\"bg\",\"name\":\"Color\",\"type\":\"inline\",\"inline\":{\"color\":{\"value\":{\"r\":30,\"g\":120,\"b\":200},\"section\":\"background\"}}}"
                + "]}]}");
    assertThat(AttributeValidator.validate(set)).isEmpty();
  }

  @Test
  void errorAnswerSetsAnObjectNotAnArray() {
    var body =
        Operations.body(
            "https://svc.example/tickets/4821", Operations.error(404, "Ticket not found"));

    assertThat(body)
        .isEqualTo(
            json(
                "{\"uri\":\"https://svc.example/tickets/4821\",\"operations\":[{\"path\":[\"error\"],\"set\":{\"status\":404,\"message\":\"Ticket"
                    + " not found\"}}]}"));
  }

  @Test
  void enumColourIsASiblingOfValueAndEmbedsCarrySrcUrl() {
    assertThat(
            Attributes.enumeration(
                "state", "State", "In review", new Rgb(90, 90, 200), Section.PRIMARY))
        .isEqualTo(
            json(
                "{\"id\":\"state\",\"name\":\"State\",\"type\":\"inline\",\"inline\":{\"enum\":{\"value\":\"In"
                    + " review\",\"color\":{\"r\":90,\"g\":90,\"b\":200},\"section\":\"primary\"}}}"));
    assertThat(
            Attributes.embed(
                "media",
                "Embed",
                SubType.IMAGE,
                "https://cdn.svc.example/t/4821.png",
                Section.EMBED))
        .isEqualTo(
            json(
                "{\"id\":\"media\",\"name\":\"Embed\",\"type\":\"embed\",\"embed\":"
                    + "{\"src_url\":\"https://cdn.svc.example/t/4821.png\",\"image\":{\"section\":\"embed\"}}}"));
  }

  @Test
  void longErrorMessagesAreCut() {
    var ops = Operations.error(502, "x".repeat(500));
    String message = ops.getJsonObject(0).getJsonObject("set").getString("message");
    assertThat(message).hasSize(Operations.MAX_ERROR_MESSAGE).endsWith("\u2026");
  }
}
