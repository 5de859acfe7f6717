package io.previewbridge.sources.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Map;

/**
 * Fetches the pasted page of an {@code html-meta} source through {@link Fetcher#fetchPage}: the
 * page's host comes from the pasted link, so the fetch runs under {@link
 * DestinationPolicy#forPastedLink()} (public addresses only on every hop, the resolved address
 * pinned, unless {@code previewbridge.fetch.allowed-hosts} names the host) and within Fetcher's
 * default limits.
 */
@ApplicationScoped
public class HtmlPages {

  /** What loading a page produced. */
  public sealed interface Loaded permits Page, NotLoaded {}

  /** A 2xx HTML answer: its bytes, its {@code Content-Type} and the address after redirects. */
  public record Page(byte[] body, String contentType, URI url) implements Loaded {}

  /** No page: the upstream status or the reason, in Fetcher's terms. */
  public record NotLoaded(Fetcher.Outcome outcome) implements Loaded {}

  @Inject Fetcher fetcher;

  public HtmlPages() {}

  /** For tests, without a container. */
  public HtmlPages(Fetcher fetcher) {
    this.fetcher = fetcher;
  }

  public Loaded load(URI url) {
    Fetcher.Outcome outcome =
        fetcher.fetchPage(
            new Fetcher.Request(
                "GET", url, Map.of(), null, fetcher.defaults(), DestinationPolicy.forPastedLink()));
    if (outcome instanceof Fetcher.Page page) {
      return new Page(page.body(), page.contentType(), page.url());
    }
    return new NotLoaded(outcome);
  }
}
