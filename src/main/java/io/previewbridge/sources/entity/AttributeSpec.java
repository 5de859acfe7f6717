package io.previewbridge.sources.entity;

import io.previewbridge.unfurl.entity.Rgb;
import io.previewbridge.unfurl.entity.Section;
import io.previewbridge.unfurl.entity.SubType;
import java.util.Map;

/**
 * One attribute as the sources file declares it: its Notion sub-type, the template of its value,
 * its section, the colours of enum values and an optional length limit.
 */
public record AttributeSpec(
    String id,
    String name,
    SubType type,
    Template value,
    Section section,
    Map<String, Rgb> colors,
    Integer maxLength) {

  public AttributeSpec {
    colors = Map.copyOf(colors);
  }
}
