package io.previewbridge.demo.control;

import io.previewbridge.demo.entity.DemoItem;
import io.previewbridge.demo.entity.DemoItem.Chart;
import io.previewbridge.demo.entity.DemoItem.DesignFile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The demo's public, absolute URLs, built on {@code previewbridge.public-url}: these are what
 * people paste into Notion and what Notion's image proxy and iframes load, so they must be
 * reachable from outside, not relative to whatever request happens to ask.
 *
 * <p>Images and chart pages carry the item's update time as {@code ?v=}: a changed item then has a
 * changed media URL, so a preview's attributes change (and get pushed) when only the picture did,
 * and no cache shows a stale picture.
 */
@ApplicationScoped
public class DemoLinks {

  @Inject
  @ConfigProperty(name = "previewbridge.public-url")
  String publicUrl;

  public String base() {
    return publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
  }

  /** The item's page: the URL that unfurls in Notion. */
  public String page(DemoItem item) {
    return page(item.id());
  }

  public String page(String id) {
    return base() + "/demo/items/" + id;
  }

  public String api(String id) {
    return base() + "/demo/api/items/" + id;
  }

  public String avatar(String name) {
    return base() + "/demo/images/avatars/" + Avatars.slug(name) + ".svg";
  }

  public String designPreview(DesignFile file) {
    return base() + "/demo/images/designs/" + file.id() + ".svg?v=" + version(file);
  }

  public String chartPage(Chart chart) {
    return base() + "/demo/charts/" + chart.id() + "?v=" + version(chart);
  }

  private static long version(DemoItem item) {
    return item.updated().toEpochMilli();
  }
}
