package io.previewbridge.sources.control;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Loading the pasted page of an html-meta source: bytes, charset header, limits, redirects. */
class HtmlPagesTest {

  static final WireMockServer upstream = new WireMockServer(options().dynamicPort());

  @BeforeAll
  static void start() {
    upstream.start();
  }

  @AfterAll
  static void stop() {
    upstream.stop();
  }

  @BeforeEach
  void reset() {
    upstream.resetAll();
  }

  HtmlPages pages(long maxBytes) {
    return new HtmlPages(
        new Fetcher(
            new Fetcher.Limits(Duration.ofSeconds(1), Duration.ofSeconds(1), maxBytes, 2),
            List.of("localhost")));
  }

  URI url(String path) {
    return URI.create(upstream.baseUrl() + path);
  }

  @Test
  void aLatin1PageArrivesAsBytesWithItsHeaderAndIsReadAsLatin1() {
    upstream.stubFor(
        get("/cafe")
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "text/html; charset=ISO-8859-1")
                    .withBody(HtmlMetaExtractorTest.fixture("latin1.html"))));

    HtmlPages.Page page = (HtmlPages.Page) pages(100_000).load(url("/cafe"));

    assertThat(page.contentType()).isEqualTo("text/html; charset=ISO-8859-1");
    assertThat(
            HtmlMetaExtractor.field(
                HtmlMetaExtractor.extract(page.body(), page.contentType(), page.url()), "title"))
        .contains("Café Müller: Grüße");
  }

  @Test
  void redirectsWithinTheHostAreFollowedAndTheFinalAddressResolvesRelativeUrls() {
    upstream.stubFor(
        get("/old").willReturn(aResponse().withStatus(301).withHeader("Location", "/new/page")));
    upstream.stubFor(
        get("/new/page")
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "text/html")
                    .withBody("<meta property=og:image content=cover.png>")));

    HtmlPages.Page page = (HtmlPages.Page) pages(100_000).load(url("/old"));

    assertThat(page.url()).isEqualTo(url("/new/page"));
    assertThat(
            HtmlMetaExtractor.field(
                HtmlMetaExtractor.extract(page.body(), page.contentType(), page.url()), "image"))
        .contains(upstream.baseUrl() + "/new/cover.png");
  }

  @Test
  void aRedirectToAnInternalAddressIsRefusedWithoutAskingIt() {
    upstream.stubFor(
        get("/away")
            .willReturn(
                aResponse().withStatus(302).withHeader("Location", "http://169.254.169.254/")));

    assertThat(reason(pages(100_000).load(url("/away"))))
        .isEqualTo(Fetcher.Reason.DESTINATION_REFUSED);
  }

  @Test
  void tooManyRedirectsTooLargeNotHtmlAndErrorStatusesAreNoPage() {
    upstream.stubFor(
        get("/loop").willReturn(aResponse().withStatus(302).withHeader("Location", "/loop")));
    upstream.stubFor(
        get("/big")
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "text/html")
                    .withBody(HtmlMetaExtractorTest.fixture("huge.html"))));
    upstream.stubFor(
        get("/img.png")
            .willReturn(aResponse().withHeader("Content-Type", "image/png").withBody("PNG")));
    upstream.stubFor(get("/gone").willReturn(aResponse().withStatus(410)));

    HtmlPages pages = pages(100_000);
    assertThat(reason(pages.load(url("/loop")))).isEqualTo(Fetcher.Reason.TOO_MANY_REDIRECTS);
    assertThat(reason(pages.load(url("/big")))).isEqualTo(Fetcher.Reason.TOO_LARGE);
    assertThat(reason(pages.load(url("/img.png")))).isEqualTo(Fetcher.Reason.NOT_HTML);
    assertThat(pages.load(url("/gone")))
        .isEqualTo(new HtmlPages.NotLoaded(new Fetcher.UpstreamStatus(410)));
    assertThat(upstream.findAll(getRequestedFor(urlEqualTo("/loop")))).hasSize(3);
  }

  @Test
  void aHugePageWithinTheCapIsRead() {
    upstream.stubFor(
        get("/big")
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "text/html")
                    .withBody(HtmlMetaExtractorTest.fixture("huge.html"))));

    assertThat(pages(2_000_000).load(url("/big"))).isInstanceOf(HtmlPages.Page.class);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "http://127.0.0.1/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://2130706433/",
        "http://10.0.0.1/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data",
        "http://0.0.0.0/",
        "http://[fd00::1]/",
        "http://localhost/"
      })
  void internalAddressesAreRefusedUnlessListed(String target) {
    HtmlPages open =
        new HtmlPages(
            new Fetcher(new Fetcher.Limits(Duration.ofSeconds(1), Duration.ofSeconds(1), 1000, 0)));
    HtmlPages.Loaded loaded = open.load(URI.create(target));
    assertThat(reason(loaded)).isEqualTo(Fetcher.Reason.DESTINATION_REFUSED);
    assertThat(((Fetcher.Failed) ((HtmlPages.NotLoaded) loaded).outcome()).detail())
        .doesNotContain(target);
  }

  static Fetcher.Reason reason(HtmlPages.Loaded loaded) {
    return ((Fetcher.Failed) ((HtmlPages.NotLoaded) loaded).outcome()).reason();
  }
}
