package io.previewbridge.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.previewbridge.testing.Deployments;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PreviewBridge behind a TLS-terminating proxy ({@code previewbridge.public-url} is https, the
 * server itself hears plain HTTP): the session cookie is {@code Secure}, {@code HttpOnly}, {@code
 * SameSite=Lax} and named {@code __Host-PREVIEWBRIDGE}; pages carry HSTS. The test plays the
 * proxy's side, sending the cookie back by hand (a cookie jar would rightly keep a Secure cookie
 * off plain HTTP).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SecureSessionCookieIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    var config = Deployments.baseConfig();
    config.put("previewbridge.demo", "true");
    config.put("previewbridge.sources", "classpath:demo/sources.json");
    config.put("previewbridge.public-url", "https://previews.acme.test");
    return Deployments.previewBridge(config);
  }

  @ArquillianResource URL base;

  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void theSessionCookieIsHostBoundSecureAndCarriesTheSignIn() throws Exception {
    HttpResponse<String> form = get("signin?next=account", null);
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.headers().firstValue("Strict-Transport-Security").orElse(""))
        .contains("max-age=");

    List<String> setCookie = form.headers().allValues("Set-Cookie");
    assertThat(setCookie).hasSize(1);
    String cookie = setCookie.get(0);
    assertThat(cookie).startsWith("__Host-PREVIEWBRIDGE=");
    List<String> attributes =
        Arrays.stream(cookie.split(";"))
            .skip(1)
            .map(a -> a.replace(" ", "").toLowerCase(Locale.ROOT))
            .toList();
    assertThat(attributes).contains("path=/", "secure", "httponly", "samesite=lax");
    assertThat(attributes).noneMatch(a -> a.startsWith("domain="));

    String session = cookie.substring(0, cookie.indexOf(';'));
    Document page = Jsoup.parse(form.body());
    String csrf = page.selectFirst("input[name=csrf]").attr("value");
    HttpResponse<String> signedIn =
        http.send(
            HttpRequest.newBuilder(URI.create(root() + "signin"))
                .header("Cookie", session)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "username=demo&password=demo&next=account&csrf="
                            + URLEncoder.encode(csrf, StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(303);
    assertThat(signedIn.headers().firstValue("Location")).contains("/account");
    String renewed =
        signedIn.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("__Host-PREVIEWBRIDGE="))
            .findFirst()
            .map(c -> c.substring(0, c.indexOf(';')))
            .orElse(session);

    HttpResponse<String> account = get("account", renewed);
    assertThat(account.statusCode()).isEqualTo(200);
    assertThat(Jsoup.parse(account.body()).getElementById("username").text()).isEqualTo("demo");

    assertThat(get("account", "PB_SESSION=" + renewed.substring(renewed.indexOf('=') + 1)))
        .as("the session is known only by its __Host- name")
        .extracting(HttpResponse::statusCode)
        .isEqualTo(303);
  }

  String root() {
    return base.toString().endsWith("/") ? base.toString() : base + "/";
  }

  HttpResponse<String> get(String path, String cookie) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root() + path));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
