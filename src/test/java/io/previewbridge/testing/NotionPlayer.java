package io.previewbridge.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Test double of Notion and its user: plays the authorization flow, over HTTP only, the way a
 * browser would: authorize, sign in, allow, then trade our code at the token endpoint. Forms are
 * read from the pages (hidden fields, CSRF token included), so the benchmark depends on the public
 * pages, not on our Java code.
 */
public final class NotionPlayer {

  /** What Notion holds after the flow. */
  public record Tokens(String accessToken, String refreshToken) {}

  public static final String REDIRECT_URI = "https://www.notion.so/externalIntegrationAuthCallback";

  private final String base;
  private final String clientId;
  private final String clientSecret;
  private final String redirectUri;

  public NotionPlayer(String base, String clientId, String clientSecret) {
    this(base, clientId, clientSecret, REDIRECT_URI);
  }

  /** With another redirect URI than Notion's own, e.g. the simulator's callback in demo mode. */
  public NotionPlayer(String base, String clientId, String clientSecret, String redirectUri) {
    this.base = base;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.redirectUri = redirectUri;
  }

  /** What the browser came back with from our authorize endpoint. */
  public record Authorization(String notionCode, String state, URI redirect, String code) {}

  /** Authorize, sign in, allow, and trade our code: what Notion does on a first paste. */
  public Tokens connect(String username, String password) throws Exception {
    return exchange(authorize(username, password).code());
  }

  /** {@link #connect(String, String)} with another way of signing in. */
  public Tokens connect(SignIn signIn) throws Exception {
    return exchange(authorize(signIn).code());
  }

  /** Signs in with a built-in account's password. */
  public Authorization authorize(String username, String password) throws Exception {
    return authorize(password(username, password));
  }

  /**
   * How the person gets from our sign-in page (the response that shows it) to the page after it
   * (the consent page), with the browser's cookie jar.
   */
  @FunctionalInterface
  public interface SignIn {
    HttpResponse<String> on(HttpClient browser, HttpResponse<String> signInPage) throws Exception;
  }

  /**
   * The identity provider's part of a sign-in: from its authorization URL to where it sends back.
   */
  @FunctionalInterface
  public interface ProviderLogin {
    String signIn(String authorizationUrl) throws Exception;
  }

  /** Our password form, filled in and sent. */
  public static SignIn password(String username, String password) {
    return (browser, page) -> {
      Document signIn = Jsoup.parse(page.body(), page.uri().toString());
      Element loginForm = signIn.selectFirst("form:has(input[type=password])");
      if (loginForm == null) {
        throw new IllegalStateException("no sign-in form at " + page.uri());
      }
      Map<String, String> fields = hiddenFields(loginForm);
      fields.put(
          loginForm.selectFirst("input[type=text], input:not([type])").attr("name"), username);
      fields.put(loginForm.selectFirst("input[type=password]").attr("name"), password);
      return followToPage(browser, post(browser, loginForm, fields));
    };
  }

  /**
   * Single sign-on: our page's "Sign in with ..." link (or, where only the provider signs people
   * in, the provider's page we were sent to), the provider's login played by {@code provider}, and
   * its answer brought back to our callback, which leads on to the consent page.
   */
  public static SignIn atProvider(ProviderLogin provider) {
    return (browser, page) -> {
      String authorizationUrl;
      Element link =
          Jsoup.parse(page.body(), page.uri().toString()).selectFirst("a#sign-in-provider");
      if (link != null) {
        HttpResponse<String> toProvider =
            browser.send(
                HttpRequest.newBuilder(URI.create(link.absUrl("href"))).build(),
                HttpResponse.BodyHandlers.ofString());
        authorizationUrl =
            toProvider
                .headers()
                .firstValue("Location")
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "sign-in did not go to the provider: "
                                + toProvider.statusCode()
                                + " "
                                + toProvider.body()));
      } else {
        authorizationUrl = page.uri().toString();
      }
      return followToPage(browser, URI.create(provider.signIn(authorizationUrl)));
    };
  }

  /**
   * Runs the browser part of the flow: Notion's GET to our authorize URL with a fresh Notion code
   * and state, our sign-in, our consent form (Allow), and our redirect back to Notion.
   */
  public Authorization authorize(SignIn signIn) throws Exception {
    return authorize(signIn, Map.of());
  }

  /**
   * {@link #authorize(SignIn)} with {@code extra} parameters on the authorize URL (a PKCE
   * challenge, say), which Notion itself does not send.
   */
  public Authorization authorize(SignIn signIn, Map<String, String> extra) throws Exception {
    Started started = start(signIn, extra);
    HttpClient browser = started.browser();
    HttpResponse<String> consent = proceed(started);
    if (consent.statusCode() != 200) {
      throw new IllegalStateException(
          "after sign-in "
              + consent.uri()
              + " answered "
              + consent.statusCode()
              + ": "
              + consent.body());
    }
    String state = started.state();
    String notionCode = started.notionCode();
    Document consentPage = Jsoup.parse(consent.body(), consent.uri().toString());
    Element allow = consentPage.selectFirst("button[value~=(?i)allow], button[name~=(?i)allow]");
    if (allow == null) {
      throw new IllegalStateException(
          "no Allow button on " + consent.uri() + ": " + consent.body());
    }
    Element consentForm = allow.closest("form");
    Map<String, String> consentFields = hiddenFields(consentForm);
    if (!allow.attr("name").isEmpty()) {
      consentFields.put(allow.attr("name"), allow.attr("value"));
    }
    HttpResponse<String> back =
        browser.send(
            postRequest(consentForm.absUrl("action"), consentFields),
            HttpResponse.BodyHandlers.ofString());
    URI location =
        URI.create(
            back.headers()
                .firstValue("Location")
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "consent answered " + back.statusCode() + " " + back.body())));
    Map<String, String> query = query(location);
    if (!state.equals(query.get("state"))) {
      throw new IllegalStateException("state not echoed: " + location);
    }
    return new Authorization(notionCode, state, location, query.get("code"));
  }

  /**
   * The first consent page's Continue (Notion's code is exchanged only when the person asks for it
   * on our page): returns the page after it, which names the workspace, or refuses it. A page
   * without Continue is returned as it is.
   */
  public HttpResponse<String> proceed(Started started) throws Exception {
    HttpResponse<String> first = started.afterSignIn();
    if (first.statusCode() != 200) {
      return first;
    }
    Element next =
        Jsoup.parse(first.body(), first.uri().toString())
            .selectFirst("button[name=decision][value=continue]");
    if (next == null) {
      return first;
    }
    Element form = next.closest("form");
    Map<String, String> fields = hiddenFields(form);
    fields.put("decision", "continue");
    HttpResponse<String> exchanged =
        started
            .browser()
            .send(postRequest(form.absUrl("action"), fields), HttpResponse.BodyHandlers.ofString());
    if (exchanged.statusCode() / 100 != 3) {
      return exchanged;
    }
    return followToPage(
        started.browser(),
        URI.create(form.absUrl("action"))
            .resolve(exchanged.headers().firstValue("Location").orElseThrow()));
  }

  /** A flow up to the page after sign-in: the browser, Notion's code and state, and that page. */
  public record Started(
      HttpClient browser, String notionCode, String state, HttpResponse<String> afterSignIn) {}

  /**
   * Notion's GET to our authorize URL with a fresh Notion code and state, and the sign-in; the page
   * after it (the consent page, or whatever refused the person) is the test's to look at.
   */
  public Started start(SignIn signIn) throws Exception {
    return start(signIn, Map.of());
  }

  /** {@link #start(SignIn)} with {@code extra} parameters on the authorize URL. */
  public Started start(SignIn signIn, Map<String, String> extra) throws Exception {
    HttpClient browser =
        HttpClient.newBuilder()
            .cookieHandler(new TlsTerminatedCookies())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    String state = "st@te-" + UUID.randomUUID();
    String notionCode = UUID.randomUUID().toString();
    Map<String, String> parameters =
        new LinkedHashMap<>(
            Map.of(
                "client_id", clientId,
                "response_type", "code",
                "redirect_uri", redirectUri,
                "code", notionCode,
                "state", state,
                "scope", "unfurl"));
    parameters.putAll(extra);
    String authorize = base + "/notion/authorize?" + form(parameters);
    HttpResponse<String> page = followToPage(browser, URI.create(authorize));
    HttpResponse<String> consent = signIn.on(browser, page);
    return new Started(browser, notionCode, state, consent);
  }

  /**
   * Notion's unfurl callback: {@code POST /notion/unfurl} with our bearer token and {@code {"uri":
   * ...}}, as Notion sends it when someone pastes the link.
   */
  public static HttpResponse<String> unfurl(
      HttpClient http, String base, String accessToken, String uri) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base.replaceAll("/$", "") + "/notion/unfurl"))
            .header("Authorization", "Bearer " + accessToken)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    Json.createObjectBuilder().add("uri", uri).build().toString()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Notion's POST to our token URL with our code. */
  public Tokens exchange(String code) throws Exception {
    JsonObject tokens =
        token(
            Map.of(
                "grant_type", "authorization_code",
                "code", code,
                "redirect_uri", redirectUri));
    return new Tokens(tokens.getString("access_token"), tokens.getString("refresh_token"));
  }

  /** One refresh grant; returns the new pair. */
  public Tokens refresh(HttpClient http, String refreshToken) throws Exception {
    JsonObject tokens =
        token(http, Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
    return new Tokens(
        tokens.getString("access_token"), tokens.getString("refresh_token", refreshToken));
  }

  private JsonObject token(Map<String, String> params) throws Exception {
    return token(HttpClient.newHttpClient(), params);
  }

  /**
   * A POST to our token URL with {@code params} and this client's credentials, whatever it answers.
   */
  public HttpResponse<String> tokenRequest(HttpClient http, Map<String, String> params)
      throws Exception {
    Map<String, String> all = new LinkedHashMap<>(params);
    all.put("client_id", clientId);
    all.put("client_secret", clientSecret);
    return http.send(
        postRequest(base + "/notion/token", all), HttpResponse.BodyHandlers.ofString());
  }

  private JsonObject token(HttpClient http, Map<String, String> params) throws Exception {
    HttpResponse<String> response = tokenRequest(http, params);
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "token endpoint: " + response.statusCode() + " " + response.body());
    }
    return Json.createReader(new StringReader(response.body())).readObject();
  }

  /** Follows redirects (at most five) to a page; whatever it answers is returned. */
  public static HttpResponse<String> followToPage(HttpClient browser, URI uri) throws Exception {
    HttpResponse<String> response =
        browser.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    for (int hops = 0; response.statusCode() / 100 == 3 && hops < 5; hops++) {
      URI next = uri.resolve(response.headers().firstValue("Location").orElseThrow());
      response =
          browser.send(HttpRequest.newBuilder(next).build(), HttpResponse.BodyHandlers.ofString());
      uri = next;
    }
    return response;
  }

  private static URI post(HttpClient browser, Element form, Map<String, String> fields)
      throws Exception {
    HttpResponse<String> response =
        browser.send(
            postRequest(form.absUrl("action"), fields), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 == 3) {
      return URI.create(form.absUrl("action"))
          .resolve(response.headers().firstValue("Location").orElseThrow());
    }
    throw new IllegalStateException(
        "sign-in answered " + response.statusCode() + " " + response.body());
  }

  public static HttpRequest postRequest(String url, Map<String, String> fields) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(fields)))
        .build();
  }

  static Map<String, String> hiddenFields(Element form) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (Element input : form.select("input[type=hidden]")) {
      fields.put(input.attr("name"), input.attr("value"));
    }
    return fields;
  }

  static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  public static Map<String, String> query(URI uri) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      values.put(
          java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return values;
  }
}
