package io.previewbridge.platform.control;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.MustacheFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.StringWriter;
import java.util.Map;

/**
 * Renders the server-side HTML pages from Mustache templates under {@code templates/} on the
 * classpath. Mustache escapes every {@code {{value}}} for HTML, so user-supplied text (a state, a
 * workspace name) can never inject markup; templates use triple braces only for markup we built.
 */
@ApplicationScoped
public class Pages {

  private final MustacheFactory mustache =
      new DefaultMustacheFactory("templates") {
        @Override
        public java.io.Reader getReader(String resourceName) {
          var stream =
              Pages.class
                  .getClassLoader()
                  .getResourceAsStream(
                      resourceName.startsWith("templates/")
                          ? resourceName
                          : "templates/" + resourceName);
          if (stream == null) {
            throw new IllegalArgumentException("no template " + resourceName);
          }
          return new java.io.InputStreamReader(stream, java.nio.charset.StandardCharsets.UTF_8);
        }
      };

  /** Renders {@code templates/<name>.mustache} with {@code model}. */
  public String render(String name, Map<String, ?> model) {
    StringWriter out = new StringWriter();
    mustache.compile(name + ".mustache").execute(out, model);
    return out.toString();
  }
}
