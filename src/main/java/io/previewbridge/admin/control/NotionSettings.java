package io.previewbridge.admin.control;

import io.previewbridge.platform.entity.JsonP;
import io.previewbridge.sources.control.SourceRegistry;
import io.previewbridge.sources.entity.AttributeSpec;
import io.previewbridge.sources.entity.Source;
import io.previewbridge.sources.entity.Template;
import io.previewbridge.unfurl.entity.Attributes;
import io.previewbridge.unfurl.entity.Section;
import io.previewbridge.unfurl.entity.SubType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What an admin pastes into Notion's Link Preview settings: the "External Authorization Setup"
 * (four URLs and our client id; the secret is never shown) and, per source, one rule of "Unfurling
 * Domain &amp; Patterns".
 */
@ApplicationScoped
public class NotionSettings {

  @Inject SourceRegistry registry;

  @Inject
  @ConfigProperty(name = "previewbridge.public-url")
  String publicUrl;

  @Inject
  @ConfigProperty(name = "previewbridge.oauth.client-id")
  String clientId;

  public NotionSettings() {}

  /** For tests, without a container. */
  public NotionSettings(SourceRegistry registry, String publicUrl, String clientId) {
    this.registry = registry;
    this.publicUrl = publicUrl;
    this.clientId = clientId;
  }

  /** The whole settings document (the JSON endpoint's body; the page shows the same). */
  public JsonObject settings() {
    String base =
        publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    JsonObject oauth =
        JsonP.createObjectBuilder()
            .add("oauthAuthorizeUrl", base + "/notion/authorize")
            .add("oauthTokenUrl", base + "/notion/token")
            .add("oauthClientId", clientId)
            .add("oauthClientSecret", "(the value of previewbridge.oauth.client-secret)")
            .add("deletedTokenCallbackUrl", base + "/notion/deleted")
            .add("unfurlCallbackUrl", base + "/notion/unfurl")
            .build();
    JsonArrayBuilder rules = JsonP.createArrayBuilder();
    for (Source source : registry.all()) {
      rules.add(rule(source, registry.developerName()));
    }
    return JsonP.createObjectBuilder()
        .add("externalAuthorization", oauth)
        .add("rules", rules)
        .build();
  }

  /** One "URL matching and placeholder" rule of Notion's form. */
  static JsonObject rule(Source source, String developerName) {
    JsonArrayBuilder samples = JsonP.createArrayBuilder();
    source.samples().forEach(samples::add);
    return JsonP.createObjectBuilder()
        .add("ruleName", source.id())
        .add("kind", source.kind().json())
        .add("sampleUrls", samples)
        .add("pattern", javascriptPattern(source.pattern().pattern()))
        .add("unfurlRegexAttributes", placeholders(source, developerName))
        .build();
  }

  /**
   * The placeholder attributes: those whose value needs nothing but pattern groups (written as
   * Notion's {@code $<group>}), a title (the source's if it can be made so, else the matched
   * groups), and {@code dev}.
   */
  static JsonArray placeholders(Source source, String developerName) {
    JsonArrayBuilder out = JsonP.createArrayBuilder();
    boolean title = false;
    for (AttributeSpec spec : source.attributes()) {
      Optional<String> value = groupsOnly(spec.value());
      if (value.isEmpty() || value.get().isBlank() || spec.format() != AttributeSpec.Format.TEXT) {
        continue;
      }
      JsonObject attribute = placeholder(spec, value.get());
      if (attribute != null) {
        out.add(attribute);
        title |= spec.id().equals(Attributes.TITLE_ID);
      }
    }
    JsonArray partial = out.build();
    JsonArrayBuilder result = JsonP.createArrayBuilder();
    if (!title) {
      List<String> groups = source.groupNames();
      String text =
          groups.isEmpty()
              ? source.id()
              : String.join(" ", groups.stream().map(g -> "$<" + g + ">").toList());
      result.add(Attributes.text(Attributes.TITLE_ID, "Title", SubType.TITLE, text, Section.TITLE));
    }
    partial.forEach(result::add);
    result.add(Attributes.dev(developerName));
    return result.build();
  }

  private static JsonObject placeholder(AttributeSpec spec, String value) {
    return switch (spec.type()) {
      case TITLE, PLAIN_TEXT, DATE, DATETIME ->
          Attributes.text(spec.id(), spec.name(), spec.type(), value, spec.section());
      case ENUM ->
          Attributes.enumeration(
              spec.id(), spec.name(), value, spec.defaultColor().orElse(null), spec.section());
      case IMAGE, VIDEO, AUDIO, HTML ->
          Attributes.embed(spec.id(), spec.name(), spec.type(), value, spec.section());
      case COLOR -> null;
    };
  }

  /** The template with {@code {group}} as {@code $<group>}; empty if it needs anything else. */
  static Optional<String> groupsOnly(Template template) {
    StringBuilder text = new StringBuilder();
    for (Template.Part part : template.parts()) {
      if (part instanceof Template.Literal l) {
        text.append(l.text());
      } else if (part instanceof Template.Group g) {
        text.append("$<").append(g.name()).append('>');
      } else {
        return Optional.empty();
      }
    }
    return Optional.of(text.toString());
  }

  /**
   * A Java pattern as JavaScript's {@code RegExp} reads it: {@code \Q...\E} quoting (how {@code
   * {config:...}} values enter patterns) becomes backslash escapes. Other Java-only syntax is left
   * as it is; the sources file should not use it for patterns Notion must test.
   */
  public static String javascriptPattern(String java) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < java.length()) {
      int q = java.indexOf("\\Q", i);
      if (q < 0 || precededByBackslash(java, q)) {
        if (q < 0) {
          out.append(java, i, java.length());
          break;
        }
        out.append(java, i, q + 2);
        i = q + 2;
        continue;
      }
      out.append(java, i, q);
      int e = java.indexOf("\\E", q + 2);
      String quoted = e < 0 ? java.substring(q + 2) : java.substring(q + 2, e);
      for (char c : quoted.toCharArray()) {
        if ("\\^$.|?*+()[]{}/".indexOf(c) >= 0) {
          out.append('\\');
        }
        out.append(c);
      }
      i = e < 0 ? java.length() : e + 2;
    }
    return out.toString();
  }

  private static boolean precededByBackslash(String text, int at) {
    int n = 0;
    for (int k = at - 1; k >= 0 && text.charAt(k) == '\\'; k--) {
      n++;
    }
    return n % 2 == 1;
  }
}
