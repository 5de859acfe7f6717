package io.previewbridge.unfurl.entity;

import io.previewbridge.platform.entity.JsonP;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/**
 * Builds unfurl attributes in exactly the shapes of §3.1 and §4 of the Link Preview digest, so no
 * other class assembles Notion's JSON by hand.
 */
public final class Attributes {

  /** Notion's general limit for strings and URLs (§7.15); longer values are cut before sending. */
  public static final int MAX_TEXT = 2000;

  public static final String TITLE_ID = "title";
  public static final String DEV_ID = "dev";
  public static final String DEV_NAME = "Developer Name";

  private Attributes() {}

  /** {@code {"id","name","type":"inline","inline":{"<sub>":{"value":..,"section":..}}}} */
  public static JsonObject inline(
      String id, String name, SubType subType, JsonValue value, Section section) {
    if (subType.kind() != SubType.Kind.INLINE) {
      throw new IllegalArgumentException(subType + " is not an inline sub-type");
    }
    JsonObjectBuilder payload =
        JsonP.createObjectBuilder().add("value", value).add("section", section.json());
    return wrap(id, name, SubType.Kind.INLINE, subType, payload);
  }

  public static JsonObject text(String id, String name, SubType subType, String value, Section s) {
    return inline(id, name, subType, JsonP.createValue(value), s);
  }

  /** An enum value, its colour (if any) a sibling of {@code value} as Notion's example has it. */
  public static JsonObject enumeration(
      String id, String name, String value, Rgb color, Section section) {
    JsonObjectBuilder payload = JsonP.createObjectBuilder().add("value", value);
    if (color != null) {
      payload.add("color", color.toJson());
    }
    payload.add("section", section.json());
    return wrap(id, name, SubType.Kind.INLINE, SubType.ENUM, payload);
  }

  /** {@code {"id","name","type":"embed","embed":{"src_url":..,"<sub>":{"section":..}}}} */
  public static JsonObject embed(
      String id, String name, SubType subType, String srcUrl, Section section) {
    if (subType.kind() != SubType.Kind.EMBED) {
      throw new IllegalArgumentException(subType + " is not an embed sub-type");
    }
    JsonObject embed =
        JsonP.createObjectBuilder()
            .add("src_url", srcUrl)
            .add(subType.json(), JsonP.createObjectBuilder().add("section", section.json()))
            .build();
    return JsonP.createObjectBuilder()
        .add("id", id)
        .add("name", name)
        .add("type", SubType.Kind.EMBED.json())
        .add(SubType.Kind.EMBED.json(), embed)
        .build();
  }

  /** The required {@code dev} attribute, in the fixed shape of §4.1. */
  public static JsonObject dev(String developerName) {
    return text(DEV_ID, DEV_NAME, SubType.PLAIN_TEXT, developerName, Section.SECONDARY);
  }

  private static JsonObject wrap(
      String id, String name, SubType.Kind kind, SubType subType, JsonObjectBuilder payload) {
    return JsonP.createObjectBuilder()
        .add("id", id)
        .add("name", name)
        .add("type", kind.json())
        .add(kind.json(), JsonP.createObjectBuilder().add(subType.json(), payload))
        .build();
  }
}
