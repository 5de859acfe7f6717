package io.previewbridge.sources.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.previewbridge.sources.entity.PreviewResult;
import io.previewbridge.sources.entity.Requester;
import io.previewbridge.sources.spi.ExampleOrders;
import io.previewbridge.sources.spi.PreviewOutcome;
import io.previewbridge.sources.spi.PreviewSource;
import io.previewbridge.unfurl.entity.AttributeValidator;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Previews of html-meta and java sources, as Notion receives them. */
class PreviewBuilderKindsTest {

  static final String SOURCES =
      """
{"developerName":"Acme Inc","sources":[
 {"id":"blog","kind":"html-meta","pattern":"^https://blog\\\\.acme\\\\.example/.*$","samples":["https://blog.acme.example/x"]},
 {"id":"docs","kind":"html-meta","pattern":"^https://docs\\\\.acme\\\\.example/(?<page>.+)$","samples":["https://docs.acme.example/a"],
  "attributes":[{"id":"title","type":"title","value":"{meta:og:title} ({page})"},
                {"id":"kind","name":"Kind","type":"enum","value":"{meta:og:type}","colors":{"*":"steelblue"}}]},
 {"id":"orders","kind":"java","bean":"example-orders","pattern":"^https://shop\\\\.acme\\\\.example/orders/(?<num>\\\\d+)$",
  "samples":["https://shop.acme.example/orders/1"]},
 {"id":"gone","kind":"java","bean":"nobody","pattern":"^https://gone\\\\.example/.*$","samples":["https://gone.example/"]}
]}
""";

  /** Pages by address; anything else is a 404. */
  static class FakePages extends HtmlPages {
    final List<URI> asked = new ArrayList<>();
    final Map<String, Loaded> pages;

    FakePages(Map<String, Loaded> pages) {
      super(null);
      this.pages = pages;
    }

    @Override
    public Loaded load(URI url) {
      asked.add(url);
      return pages.getOrDefault(url.toString(), new NotLoaded(new Fetcher.UpstreamStatus(404)));
    }
  }

  static HtmlPages.Page page(String url, String fixture) {
    return new HtmlPages.Page(
        HtmlMetaExtractorTest.fixture(fixture), "text/html; charset=utf-8", URI.create(url));
  }

  final Map<String, PreviewSource> beans = new java.util.HashMap<>();
  final FakePages pages =
      new FakePages(
          Map.of(
              "https://blog.acme.example/release-4-2",
              page("https://blog.acme.example/release-4-2", "og-only.html"),
              "https://docs.acme.example/start",
              page("https://docs.acme.example/start", "og-only.html"),
              "https://blog.acme.example/image.png",
              new HtmlPages.NotLoaded(
                  new Fetcher.Failed(Fetcher.Reason.NOT_HTML, "the answer is not an HTML page"))));
  final SourceRegistry registry = new SourceRegistry();
  final PreviewBuilder builder;

  PreviewBuilderKindsTest() {
    registry.load(SOURCES, "test", Optional.empty(), k -> Optional.empty());
    beans.put(ExampleOrders.NAME, new ExampleOrders());
    builder =
        new PreviewBuilder(
            new PreviewBuilderTest.FakeFetcher(),
            registry,
            k -> Optional.empty(),
            pages,
            name -> Optional.ofNullable(beans.get(name)));
  }

  PreviewResult build(String uri) {
    return builder.build(
        registry.match(uri).orElseThrow(), new Requester("a-1", "jane", "jane@acme.com"));
  }

  static JsonArray attributes(PreviewResult result) {
    assertThat(result).isInstanceOf(PreviewResult.Attributes.class);
    JsonArray attributes = ((PreviewResult.Attributes) result).attributes();
    assertThat(AttributeValidator.validate(attributes)).isEmpty();
    return attributes;
  }

  @Test
  void anHtmlMetaSourceShowsThePastedPagesOwnMetadata() {
    JsonArray card = attributes(build("https://blog.acme.example/release-4-2"));

    assertThat(pages.asked).containsExactly(URI.create("https://blog.acme.example/release-4-2"));
    assertThat(card.toString())
        .contains("\"title\":{\"value\":\"Release notes 4.2\",\"section\":\"title\"}")
        .contains("{\"value\":\"Acme Blog\",\"section\":\"identifier\"}")
        .contains("{\"value\":\"Jane Doe\",\"section\":\"primary\"}")
        .contains("{\"value\":\"2024-05-02T07:15:00.000Z\",\"section\":\"secondary\"}")
        .contains("\"src_url\":\"https://cdn.acme.example/blog/4-2.png\"")
        .contains(
            "\"src_url\":\"https://blog.acme.example/favicon-32.png\",\"image\":{\"section\":\"entity\"}")
        .contains("\"id\":\"dev\"");
  }

  @Test
  void anHtmlMetaSourceMayMapFieldsItself() {
    String card = attributes(build("https://docs.acme.example/start")).toString();

    assertThat(card)
        .contains("\"value\":\"Release notes 4.2 (start)\"")
        .contains("\"enum\":{\"value\":\"article\",\"color\":{\"r\":70,\"g\":130,\"b\":180}");
  }

  @Test
  void aMissingPageIsAnErrorAndAnImageIsNoPage() {
    assertThat(build("https://blog.acme.example/nothing"))
        .isEqualTo(new PreviewResult.Failure(404, "This item does not exist (any more)", true));
    assertThat(build("https://blog.acme.example/image.png"))
        .isEqualTo(new PreviewResult.Failure(502, "The link is not an HTML page", false));
  }

  @Test
  void aJavaSourceGetsTheGroupsAndTheAccount() {
    String card = attributes(build("https://shop.acme.example/orders/42")).toString();

    assertThat(card)
        .contains("\"value\":\"Order #42 for jane\"")
        .contains("\"enum\":{\"value\":\"Paid\",\"color\":{\"r\":46,\"g\":139,\"b\":87}")
        .contains("\"value\":\"2024-05-06T12:53:20.000Z\"")
        .contains("\"value\":\"Acme Inc\"")
        .doesNotContain("\"note\"");
  }

  @Test
  void aJavaSourcesErrorOrExceptionBecomesAnErrorOperation() {
    assertThat(build("https://shop.acme.example/orders/404"))
        .isEqualTo(new PreviewResult.Failure(404, "No order 404", true));
    assertThat(build("https://shop.acme.example/orders/500"))
        .isEqualTo(new PreviewResult.Failure(500, "The preview could not be built", false));
    assertThat(build("https://gone.example/"))
        .isEqualTo(new PreviewResult.Failure(500, "The preview could not be built", false));
  }

  @Test
  void aBeanCannotReplaceDevNorSkipTheTitle() {
    beans.put(
        ExampleOrders.NAME,
        new PreviewSource() {
          public String name() {
            return ExampleOrders.NAME;
          }

          public PreviewOutcome preview(io.previewbridge.sources.spi.PreviewRequest request) {
            return new PreviewOutcome.Preview(
                Json.createArrayBuilder()
                    .add(io.previewbridge.unfurl.entity.Attributes.dev("Impostor"))
                    .build());
          }
        });

    assertThat(build("https://shop.acme.example/orders/1"))
        .isEqualTo(
            new PreviewResult.Failure(
                502, "The source's answer has no title for this item", false));
  }

  @Test
  void thePageFetchHonoursTheFetchersDefaults() {
    Fetcher fetcher =
        new Fetcher(
            new Fetcher.Limits(Duration.ofMillis(300), Duration.ofMillis(300), 10, 0),
            List.of("allowed.example"));
    HtmlPages real = new HtmlPages(fetcher);
    HtmlPages.Loaded refused = real.load(URI.create("https://elsewhere.example/page"));
    assertThat(refused)
        .isEqualTo(
            new HtmlPages.NotLoaded(
                new Fetcher.Failed(
                    Fetcher.Reason.DESTINATION_REFUSED,
                    "the host is not in previewbridge.fetch.allowed-hosts")));
  }
}
