package io.previewbridge.simulator.control;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.MustacheFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Renders the simulator's page from {@code templates/NAME.mustache} in simulator.war (the Mustache
 * compiler is bundled in its WEB-INF/lib). Mustache HTML-escapes every {@code {{value}}}, so what
 * PreviewBridge answered can never inject markup into the page.
 */
@ApplicationScoped
public class Pages {

  private final MustacheFactory mustache =
      new DefaultMustacheFactory("templates") {
        @Override
        public Reader getReader(String resourceName) {
          String path =
              resourceName.startsWith("templates/") ? resourceName : "templates/" + resourceName;
          var stream = Pages.class.getClassLoader().getResourceAsStream(path);
          if (stream == null) {
            throw new IllegalArgumentException("no template " + resourceName);
          }
          return new InputStreamReader(stream, StandardCharsets.UTF_8);
        }
      };

  public String render(String name, Map<String, ?> model) {
    StringWriter out = new StringWriter();
    mustache.compile(name + ".mustache").execute(out, model);
    return out.toString();
  }
}
