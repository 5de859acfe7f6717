package io.previewbridge.sources.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real-world page shapes (fixtures under src/test/resources/html) and what a card shows of them.
 */
class HtmlMetaExtractorTest {

  static final URI PAGE = URI.create("https://www.acme.example/articles/one?x=1");

  static byte[] fixture(String name) {
    try (InputStream in = HtmlMetaExtractorTest.class.getResourceAsStream("/html/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, String> extract(String name) {
    return HtmlMetaExtractor.extract(fixture(name), "text/html", PAGE);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
og-only.html      | title       | Release notes 4.2
og-only.html      | description | Faster sync, dark mode and 37 fixes.
og-only.html      | image       | https://cdn.acme.example/blog/4-2.png
og-only.html      | siteName    | Acme Blog
og-only.html      | author      | Jane Doe
og-only.html      | published   | 2024-05-02T09:15:00+02:00
og-only.html      | modified    | 2024-05-03T10:00:00Z
og-only.html      | favicon     | https://blog.acme.example/favicon-32.png
og-only.html      | url         | https://blog.acme.example/release-4-2
og-only.html      | og:type     | article
jsonld-only.html  | title       | Blue kettle
jsonld-only.html  | description | A 1.7 l kettle in blue enamel.
jsonld-only.html  | image       | https://cdn.acme.example/kettle.jpg
jsonld-only.html  | author      | Acme Design Team
jsonld-only.html  | published   | 2023-11-20
jsonld-only.html  | modified    | 1715000000
jsonld-only.html  | jsonld:type | product
jsonld-only.html  | siteName    | www.acme.example
jsonld-only.html  | favicon     | https://www.acme.example/favicon.ico
both.html         | title       | Open Graph title wins
both.html         | description | Twitter description
both.html         | image       | https://cdn.acme.example/twitter.png
both.html         | author      | Jane Doe
both.html         | published   | 2024-01-15T08:00:00Z
both.html         | jsonld:name | JSON-LD headline
both.html         | html:title  | HTML title loses
both.html         | twitter:card | summary_large_image
twitter-only.html | title       | Only a Twitter card
twitter-only.html | image       | https://cdn.acme.example/tw.png
broken.html       | title       | Still readable
broken.html       | description | Unquoted
broken.html       | favicon     | https://www.acme.example/icons/fav.ico
relative.html     | image       | https://www.acme.example/assets/v2/img/cover%20photo.png
relative.html     | url         | https://www.acme.example/articles/relative
relative.html     | favicon     | https://static.acme.example/fav.svg
huge.html         | title       | Huge page, small card
huge.html         | author      | Late Author
""")
  void fieldsComeFromTheRichestSourceThePageHas(String fixture, String key, String expected) {
    assertThat(HtmlMetaExtractor.field(extract(fixture), key)).contains(expected);
  }

  @Test
  void aBrokenJsonLdBlockIsSkippedAndABlankImageIsNoImage() {
    Map<String, String> broken = extract("broken.html");
    assertThat(HtmlMetaExtractor.field(broken, "image")).isEmpty();
    assertThat(HtmlMetaExtractor.field(extract("jsonld-only.html"), "jsonld:name"))
        .contains("Blue kettle");
  }

  @Test
  void aPageWithNoMetadataStillHasATitleAndSiteFromItsAddress() {
    Map<String, String> bare =
        HtmlMetaExtractor.extract(
            "<html><body>nothing</body></html>".getBytes(StandardCharsets.UTF_8), null, PAGE);
    assertThat(HtmlMetaExtractor.field(bare, "title")).contains("www.acme.example");
    assertThat(HtmlMetaExtractor.field(bare, "description")).isEmpty();
  }

  @Test
  void theCharsetOfThePageIsHonouredWhenTheHeaderNamesNone() {
    Map<String, String> meta = HtmlMetaExtractor.extract(fixture("latin1.html"), "text/html", PAGE);
    assertThat(HtmlMetaExtractor.field(meta, "title")).contains("Café Müller: Grüße");
    assertThat(HtmlMetaExtractor.field(meta, "description")).contains("Présentation en français");
  }

  @Test
  void theHeadersCharsetWinsOverThePages() {
    byte[] utf8 =
        "<html><head><meta charset=\"iso-8859-1\"><title>Grüße</title></head></html>"
            .getBytes(StandardCharsets.UTF_8);
    Map<String, String> meta = HtmlMetaExtractor.extract(utf8, "text/html; charset=UTF-8", PAGE);
    assertThat(HtmlMetaExtractor.field(meta, "title")).contains("Grüße");
  }

  @Test
  void rawMetaKeysAreCaseInsensitiveAndJavascriptUrlsAreNoImages() {
    byte[] page =
        ("<html><head><meta property=\"OG:Title\" content=\"Mixed case\">"
                + "<meta property=\"og:image\" content=\"javascript:alert(1)\"></head></html>")
            .getBytes(StandardCharsets.UTF_8);
    Map<String, String> meta = HtmlMetaExtractor.extract(page, null, PAGE);
    assertThat(HtmlMetaExtractor.field(meta, "og:title")).contains("Mixed case");
    assertThat(HtmlMetaExtractor.field(meta, "OG:TITLE")).contains("Mixed case");
    assertThat(HtmlMetaExtractor.field(meta, "image")).isEmpty();
  }
}
