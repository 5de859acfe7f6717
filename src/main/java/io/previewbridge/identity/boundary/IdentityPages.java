package io.previewbridge.identity.boundary;

import io.previewbridge.platform.boundary.Redirects;
import io.previewbridge.platform.control.Pages;
import io.previewbridge.sources.control.SourceRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * The pages of the identity feature share their frame (the developer's name, the application's root
 * path) and their caching rule: nothing about a person's sign-in is ever cached.
 */
@ApplicationScoped
public class IdentityPages {

  @Inject Pages pages;

  /** The developer name: previewbridge.developer-name if set, else the sources file's. */
  @Inject SourceRegistry registry;

  /** A model with what every page of the layout needs. */
  public Map<String, Object> model(UriInfo uri) {
    Map<String, Object> model = new HashMap<>();
    model.put("root", uri.getBaseUri().getPath());
    model.put("developerName", developerName());
    return model;
  }

  public String developerName() {
    return registry.developerName();
  }

  public Response page(int status, String template, Map<String, Object> model) {
    return Response.status(status)
        .type(MediaType.TEXT_HTML + ";charset=utf-8")
        .entity(pages.render(template, model))
        .cacheControl(noStore())
        .build();
  }

  /**
   * A page that says what happened: {@code title}, {@code message}, and optionally a link onward
   * ({@code next} relative to the application, with its label).
   */
  public Response message(
      UriInfo uri, int status, String title, String message, String next, String nextLabel) {
    Map<String, Object> model = model(uri);
    model.put("title", title);
    model.put("message", message);
    model.put("problem", status >= 400);
    if (next != null) {
      model.put("next", uri.getBaseUri().getPath() + next);
      model.put("nextLabel", nextLabel);
    }
    return page(status, "message", model);
  }

  /** 303 to a path of this application (a relative reference, see {@code Redirects}). */
  public static Response seeOther(UriInfo uri, String relative) {
    return Redirects.seeOther(uri, relative);
  }

  /** 303 to another server (the identity provider). */
  public static Response seeOther(URI absolute) {
    return Response.seeOther(absolute).cacheControl(noStore()).build();
  }

  public static CacheControl noStore() {
    return Redirects.noStore();
  }
}
