package io.previewbridge.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * The requests of the fuzz tier, generated as an attacker would try them: every endpoint, with the
 * method, target, headers and body each either right or broken in one of the ways a parser or a
 * container can trip over (wrong types, truncated, deeply nested and oversized bodies, invalid
 * percent-encoding and UTF-8, numbers no type holds, duplicate parameters, odd methods, malformed
 * {@code Content-Type}, {@code Host}, {@code Content-Length} and credentials).
 */
final class MalformedRequests {

  private MalformedRequests() {}

  /** Whose credentials a request carries; the test fills in the real ones when it sends. */
  enum Credentials {
    NONE,
    NOTION_BEARER,
    ADMIN_SESSION,
    WEBHOOK_SIGNATURE,
    JUNK
  }

  enum BodyKind {
    NONE,
    JSON,
    FORM
  }

  /** An endpoint: what a correct request to it looks like. */
  record Endpoint(
      String name,
      String method,
      String path,
      BodyKind body,
      List<String> fields,
      Credentials credentials,
      boolean promisesJson) {}

  /** One generated request; {@code protocolBroken} when its head is not valid HTTP at all. */
  record Request(
      Endpoint endpoint,
      String method,
      String target,
      List<String[]> headers,
      byte[] body,
      Credentials credentials,
      boolean protocolBroken,
      String why) {

    @Override
    public String toString() {
      String shown = new String(body, 0, Math.min(body.length, 160), StandardCharsets.ISO_8859_1);
      return method
          + " "
          + (target.length() > 200 ? target.substring(0, 200) + "..." : target)
          + " ["
          + why
          + "] headers="
          + headers.stream().map(h -> h[0] + ": " + abbreviate(h[1])).toList()
          + " credentials="
          + credentials
          + " body("
          + body.length
          + ")="
          + shown;
    }
  }

  static final String ITEM = "task-12";

  /** Every endpoint of the WAR, with {@code {id}} standing for an id the test knows. */
  static final List<Endpoint> ENDPOINTS =
      List.of(
          // Notion's four
          page("authorize", "GET", "notion/authorize"),
          new Endpoint(
              "consent-page",
              "GET",
              "notion/authorize/consent",
              BodyKind.NONE,
              List.of(),
              Credentials.ADMIN_SESSION,
              false),
          new Endpoint(
              "consent",
              "POST",
              "notion/authorize/consent",
              BodyKind.FORM,
              List.of("request", "csrf", "decision"),
              Credentials.ADMIN_SESSION,
              false),
          new Endpoint(
              "token",
              "POST",
              "notion/token",
              BodyKind.FORM,
              List.of(
                  "grant_type",
                  "code",
                  "redirect_uri",
                  "refresh_token",
                  "client_id",
                  "client_secret",
                  "code_verifier"),
              Credentials.NONE,
              true),
          new Endpoint(
              "unfurl",
              "POST",
              "notion/unfurl",
              BodyKind.JSON,
              List.of("uri"),
              Credentials.NOTION_BEARER,
              true),
          new Endpoint(
              "unfurl-delete",
              "DELETE",
              "notion/unfurl",
              BodyKind.JSON,
              List.of("uri"),
              Credentials.NOTION_BEARER,
              true),
          // a valid bearer here would disconnect the test's own connection: junk only
          new Endpoint(
              "deleted",
              "DELETE",
              "notion/deleted",
              BodyKind.JSON,
              List.of("token"),
              Credentials.JUNK,
              true),
          new Endpoint(
              "deleted-post",
              "POST",
              "notion/deleted",
              BodyKind.FORM,
              List.of("token"),
              Credentials.JUNK,
              true),
          // change notifications
          new Endpoint(
              "webhook",
              "POST",
              "webhooks/changes",
              BodyKind.JSON,
              List.of("uri", "source", "groups", "changes"),
              Credentials.WEBHOOK_SIGNATURE,
              true),
          // people's pages
          page("signin-page", "GET", "signin"),
          new Endpoint(
              "signin",
              "POST",
              "signin",
              BodyKind.FORM,
              List.of("username", "password", "csrf", "next"),
              Credentials.NONE,
              false),
          page("signin-oidc", "GET", "signin/oidc"),
          page("signin-oidc-callback", "GET", "signin/oidc/callback"),
          page("signout-page", "GET", "signout"),
          new Endpoint(
              "signout",
              "POST",
              "signout",
              BodyKind.FORM,
              List.of("csrf"),
              Credentials.JUNK,
              false),
          new Endpoint(
              "account",
              "GET",
              "account",
              BodyKind.NONE,
              List.of(),
              Credentials.ADMIN_SESSION,
              false),
          page("link", "GET", "link/acme"),
          page("link-callback", "GET", "link/acme/callback"),
          new Endpoint(
              "unlink",
              "POST",
              "link/acme/unlink",
              BodyKind.FORM,
              List.of("csrf"),
              Credentials.JUNK,
              false),
          // the console's API, signed in as admin
          admin("GET", "api/admin/session"),
          admin("GET", "api/admin/overview"),
          admin("GET", "api/admin/connections"),
          admin("GET", "api/admin/connections/{id}"),
          admin("POST", "api/admin/connections/{id}/revoke"),
          admin("GET", "api/admin/notion-settings"),
          admin("GET", "api/admin/sources"),
          adminJson("POST", "api/admin/sources/try", List.of("uri", "as")),
          adminJson("POST", "api/admin/sources/check", List.of("developerName", "sources")),
          admin("GET", "api/admin/previews"),
          admin("GET", "api/admin/previews/{id}"),
          admin("POST", "api/admin/previews/{id}/refresh"),
          admin("POST", "api/admin/previews/{id}/stop"),
          admin("GET", "api/admin/accounts"),
          adminJson(
              "POST",
              "api/admin/accounts",
              List.of("username", "displayName", "password", "roles")),
          admin("GET", "api/admin/accounts/{id}"),
          admin("POST", "api/admin/accounts/{id}/disable"),
          admin("POST", "api/admin/accounts/{id}/enable"),
          admin("POST", "api/admin/accounts/{id}/revoke"),
          adminJson("POST", "api/admin/accounts/{id}/reset-password", List.of("password")),
          admin("GET", "api/admin/audit-log"),
          admin("GET", "api/admin/deliveries"),
          admin("GET", "api/admin/deliveries/{id}"),
          admin("POST", "api/admin/deliveries/{id}/retry"),
          admin("POST", "api/admin/deliveries/{id}/discard"),
          // the console's pages
          adminPage("admin"),
          adminPage("admin/connections"),
          adminPage("admin/notion-settings"),
          adminPage("admin/sources"),
          adminPage("admin/previews"),
          adminPage("admin/previews/{id}"),
          adminPage("admin/accounts"),
          adminPage("admin/audit-log"),
          adminPage("admin/deliveries"),
          // the demo product
          page("demo", "GET", "demo"),
          page("demo-item", "GET", "demo/items/" + ITEM),
          new Endpoint(
              "demo-item-save",
              "POST",
              "demo/items/" + ITEM,
              BodyKind.FORM,
              List.of("title", "status", "due", "assignee", "description"),
              Credentials.NONE,
              false),
          page("demo-chart", "GET", "demo/charts/chart-1"),
          page("demo-avatar", "GET", "demo/images/avatars/ada.svg"),
          page("demo-design", "GET", "demo/images/designs/login.svg"),
          new Endpoint(
              "demo-api-list",
              "GET",
              "demo/api/items",
              BodyKind.NONE,
              List.of(),
              Credentials.NONE,
              true),
          new Endpoint(
              "demo-api-item",
              "GET",
              "demo/api/items/" + ITEM,
              BodyKind.NONE,
              List.of(),
              Credentials.NONE,
              true),
          new Endpoint(
              "demo-api-put",
              "PUT",
              "demo/api/items/" + ITEM,
              BodyKind.JSON,
              List.of("title", "status", "due", "description"),
              Credentials.NONE,
              true),
          new Endpoint(
              "demo-api-patch",
              "PATCH",
              "demo/api/items/" + ITEM,
              BodyKind.JSON,
              List.of("title", "status", "due", "description"),
              Credentials.NONE,
              true),
          // the rest
          page("asset", "GET", "assets/app.css"),
          page("root", "GET", ""),
          new Endpoint(
              "health", "GET", "health/ready", BodyKind.NONE, List.of(), Credentials.NONE, true));

  static Endpoint page(String name, String method, String path) {
    return new Endpoint(name, method, path, BodyKind.NONE, List.of(), Credentials.NONE, false);
  }

  static Endpoint admin(String method, String path) {
    return new Endpoint(
        method + " " + path,
        method,
        path,
        BodyKind.NONE,
        List.of(),
        Credentials.ADMIN_SESSION,
        true);
  }

  static Endpoint adminJson(String method, String path, List<String> fields) {
    return new Endpoint(
        method + " " + path, method, path, BodyKind.JSON, fields, Credentials.ADMIN_SESSION, true);
  }

  static Endpoint adminPage(String path) {
    return new Endpoint(
        "page " + path, "GET", path, BodyKind.NONE, List.of(), Credentials.ADMIN_SESSION, false);
  }

  // --- the generator ---

  static Arbitrary<Request> requests() {
    return Arbitraries.of(ENDPOINTS).flatMap(MalformedRequests::requestsTo);
  }

  static Arbitrary<Request> requestsTo(Endpoint endpoint) {
    return Combinators.combine(
            method(endpoint),
            target(endpoint),
            contentType(endpoint),
            body(endpoint),
            credentials(endpoint),
            oddHeaders(),
            framing())
        .as(
            (method, target, type, body, credentials, odd, framing) -> {
              List<String[]> headers = new ArrayList<>();
              StringBuilder why = new StringBuilder(endpoint.name());
              if (type != null) {
                headers.add(new String[] {"Content-Type", type});
                why.append(", type ").append(abbreviate(type));
              }
              headers.addAll(odd.headers());
              why.append(odd.why().isEmpty() ? "" : ", " + odd.why());
              why.append(", body ").append(body.why());
              return new Request(
                  endpoint,
                  method,
                  target,
                  headers,
                  body.bytes(),
                  credentials,
                  framing,
                  why.toString());
            });
  }

  static Arbitrary<String> method(Endpoint endpoint) {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, Arbitraries.just(endpoint.method())),
        net.jqwik.api.Tuple.of(
            2,
            Arbitraries.of(
                "GET",
                "POST",
                "PUT",
                "PATCH",
                "DELETE",
                "OPTIONS",
                "HEAD",
                "TRACE",
                "PROPFIND",
                "FOO",
                "get")));
  }

  /** The path (with {@code {id}} kept for the test to fill in) and a query string. */
  static Arbitrary<String> target(Endpoint endpoint) {
    Arbitrary<String> path =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(7, Arbitraries.just(endpoint.path())),
            net.jqwik.api.Tuple.of(
                3,
                Arbitraries.of(
                        "/%",
                        "/%zz",
                        "/%00",
                        "/..%2f..%2f",
                        "/%c0%af",
                        "/" + "a".repeat(5000),
                        "//",
                        "/;jsessionid=x",
                        "/%E2%80%AE",
                        "/ünï",
                        "/.",
                        "/x%20y")
                    .map(suffix -> endpoint.path() + suffix)));
    Arbitrary<String> query =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(4, Arbitraries.just("")),
            net.jqwik.api.Tuple.of(4, queryOf(endpoint)),
            net.jqwik.api.Tuple.of(
                2,
                Arbitraries.of(
                    "?",
                    "?&&&",
                    "?a",
                    "?=x",
                    "?%zz=1",
                    "?x=%",
                    "?x=%E0%A4%A",
                    "?next=//evil.example",
                    "?next=https://evil.example/",
                    "?id=1&id=2&id=3",
                    "?" + "q=1&".repeat(3000),
                    "?x=" + "%41".repeat(4000),
                    "?code=a&code=b&state=c&state=d")));
    return Combinators.combine(path, query).as((p, q) -> "/" + p + q);
  }

  static Arbitrary<String> queryOf(Endpoint endpoint) {
    List<String> names =
        endpoint.fields().isEmpty()
            ? List.of(
                "client_id",
                "redirect_uri",
                "response_type",
                "state",
                "code",
                "scope",
                "code_challenge",
                "code_challenge_method",
                "request",
                "next",
                "error",
                "limit",
                "offset",
                "status",
                "q",
                "cursor")
            : endpoint.fields();
    return Combinators.combine(Arbitraries.of(names), value())
        .as((name, value) -> name + "=" + java.net.URLEncoder.encode(value, StandardCharsets.UTF_8))
        .list()
        .ofMinSize(1)
        .ofMaxSize(8)
        .map(pairs -> "?" + String.join("&", pairs));
  }

  static Arbitrary<String> contentType(Endpoint endpoint) {
    String right =
        switch (endpoint.body()) {
          case JSON -> "application/json";
          case FORM -> "application/x-www-form-urlencoded";
          case NONE -> null;
        };
    List<String> wrong =
        List.of(
            "application/json; charset=nope",
            "application/x-www-form-urlencoded; charset=<?>",
            "text/plain",
            "application/x-www-form-urlencoded",
            "application/json",
            "multipart/form-data",
            "multipart/form-data; boundary=x",
            ";;;",
            "application/",
            "*/*",
            "a/b/c",
            "application/json; charset=utf-16",
            "application/json;" + "x=y;".repeat(500),
            "application/xml",
            "");
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, right == null ? Arbitraries.just(null) : Arbitraries.just(right)),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(null)),
        net.jqwik.api.Tuple.of(3, Arbitraries.of(wrong)));
  }

  record Body(byte[] bytes, String why) {
    static Body of(String text, String why) {
      return new Body(text.getBytes(StandardCharsets.UTF_8), why);
    }
  }

  static Arbitrary<Body> body(Endpoint endpoint) {
    Arbitrary<Body> right =
        switch (endpoint.body()) {
          case JSON -> jsonObject(fieldsOf(endpoint)).map(json -> Body.of(json, "json"));
          case FORM -> form(fieldsOf(endpoint)).map(form -> Body.of(form, "form"));
          case NONE -> Arbitraries.just(new Body(new byte[0], "none"));
        };
    Arbitrary<Body> broken =
        Arbitraries.oneOf(
            truncated(endpoint),
            deeplyNested(),
            hugeNumbers(endpoint),
            Arbitraries.of(
                Body.of("", "empty"),
                Body.of("   ", "blank"),
                Body.of("null", "null"),
                Body.of("[]", "array"),
                Body.of("\"text\"", "string"),
                Body.of("42", "number"),
                Body.of("{\"uri\":\"\\ud800\"}", "lone surrogate"),
                Body.of("\uFEFF{\"uri\":\"https://x.example/\"}", "BOM"),
                Body.of("{\"uri\":\"a\",\"uri\":\"b\"}", "duplicate key"),
                Body.of(
                    "{\"changes\":[" + "{\"uri\":\"https://x.example/\"},".repeat(2000) + "{}]}",
                    "many changes"),
                Body.of("uri=%&uri=%zz&=&&&" + "x".repeat(64), "bad percent-encoding"),
                Body.of("a=%E0%A4%A&b=%00&c=%C0%AF", "bad percent-encoding 2"),
                Body.of("=", "lone equals"),
                new Body(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE}, "invalid UTF-8"),
                new Body(
                    ("{\"uri\":\"" + "\u00e9".repeat(10) + "\"}").getBytes(StandardCharsets.UTF_16),
                    "UTF-16"),
                new Body(new byte[300 * 1024], "300 KiB of zeros"),
                Body.of("{\"uri\":\"" + "a".repeat(300 * 1024) + "\"}", "300 KiB json")),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(512).map(b -> new Body(b, "bytes")));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, right), net.jqwik.api.Tuple.of(5, broken));
  }

  /** The endpoint's fields; for one without a body, fields a body sent anyway might have. */
  static List<String> fieldsOf(Endpoint endpoint) {
    return endpoint.fields().isEmpty() ? List.of("uri", "id", "password") : endpoint.fields();
  }

  static Arbitrary<Body> truncated(Endpoint endpoint) {
    Arbitrary<String> whole =
        endpoint.body() == BodyKind.FORM
            ? form(fieldsOf(endpoint))
            : jsonObject(fieldsOf(endpoint));
    return whole.flatMap(
        text ->
            Arbitraries.integers()
                .between(0, Math.max(0, text.length() - 1))
                .map(cut -> Body.of(text.substring(0, cut), "truncated at " + cut)));
  }

  static Arbitrary<Body> deeplyNested() {
    return Arbitraries.of(100, 1_000, 10_000, 100_000)
        .flatMap(
            depth ->
                Arbitraries.of("[", "{\"a\":")
                    .map(
                        open ->
                            Body.of(
                                "{\"uri\":"
                                    + open.repeat(depth)
                                    + "1"
                                    + (open.equals("[") ? "]" : "}").repeat(depth)
                                    + "}",
                                "nested " + depth)));
  }

  static Arbitrary<Body> hugeNumbers(Endpoint endpoint) {
    String field = fieldsOf(endpoint).get(0);
    return Arbitraries.of(
            "1E+2147483648",
            "-1e-2147483649",
            "123456789012345678901234567890",
            "-0",
            "1e400",
            "0x10",
            "NaN",
            "Infinity",
            "1." + "9".repeat(10_000))
        .map(n -> Body.of("{\"" + field + "\":" + n + "}", "number " + abbreviate(n)));
  }

  static Arbitrary<String> jsonObject(List<String> fields) {
    return Combinators.combine(Arbitraries.of(fields), jsonValue())
        .as((name, value) -> "\"" + name + "\":" + value)
        .list()
        .ofMaxSize(Math.max(1, fields.size() + 1))
        .map(members -> "{" + String.join(",", members) + "}");
  }

  static Arbitrary<String> jsonValue() {
    return Arbitraries.oneOf(
        value().map(v -> "\"" + jsonEscape(v) + "\""),
        Arbitraries.integers().map(String::valueOf),
        Arbitraries.of(
            "true",
            "false",
            "null",
            "[]",
            "{}",
            "[1,\"a\",null]",
            "{\"num\":\"42\"}",
            "[{\"uri\":\"https://x.example/1\"}]",
            "{\"ticket\":{}}"),
        Arbitraries.doubles()
            .map(String::valueOf)
            .filter(d -> !d.contains("N") && !d.contains("I")));
  }

  static Arbitrary<String> form(List<String> fields) {
    return Combinators.combine(Arbitraries.of(fields), value())
        .as((name, value) -> name + "=" + java.net.URLEncoder.encode(value, StandardCharsets.UTF_8))
        .list()
        .ofMaxSize(fields.size() + 2)
        .map(pairs -> String.join("&", pairs));
  }

  /** Field values: plausible ones and the kinds of junk that break parsers and templates. */
  static Arbitrary<String> value() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "https://x.example/",
            "http://localhost:8080/demo/items/task-12",
            "javascript:alert(1)",
            "data:text/html,<b>",
            "file:///etc/passwd",
            "//evil.example",
            "admin",
            "demo",
            "authorization_code",
            "refresh_token",
            "S256",
            "plain",
            "allow",
            "continue",
            "deny",
            "notion-test-client",
            "https://www.notion.so/externalIntegrationAuthCallback",
            "",
            " ",
            "\u0000",
            "\r\nX-Injected: 1",
            "<script>alert(1)</script>",
            "{{x}}",
            "{/a}",
            "{config:previewbridge.encryption-key}",
            "${jndi:ldap://x}",
            "' OR 1=1 --",
            "../../etc/passwd",
            "\uD83D\uDE00",
            "\u202E",
            "a".repeat(3000),
            "2026-13-45",
            "-1",
            "99999999999999999999",
            "task-12",
            "ROLE_ADMIN",
            "admin,user"),
        Arbitraries.strings().ofMaxLength(40),
        Arbitraries.strings().ascii().ofMaxLength(200));
  }

  /** Headers besides Content-Type: right, missing, or malformed. */
  record OddHeaders(List<String[]> headers, String why) {}

  static Arbitrary<OddHeaders> oddHeaders() {
    List<OddHeaders> odd =
        List.of(
            new OddHeaders(headers("Accept", "application/xml"), "accept xml"),
            new OddHeaders(headers("Accept", "invalid"), "accept invalid"),
            new OddHeaders(headers("Accept", "application/json;q=abc"), "accept q"),
            new OddHeaders(headers("Accept", "text/html"), "accept html"),
            new OddHeaders(headers("Host", "evil.example"), "host evil"),
            new OddHeaders(headers("Host", "[::1"), "host bracket"),
            new OddHeaders(headers("Host", "a b"), "host space"),
            new OddHeaders(headers("Host", ""), "host empty"),
            new OddHeaders(
                List.of(
                    new String[] {"X-Forwarded-Host", "evil.example"},
                    new String[] {"X-Forwarded-Proto", "gopher"}),
                "forwarded"),
            new OddHeaders(headers("Cookie", "PB_SESSION=garbage; a=; ;;"), "cookie"),
            new OddHeaders(headers("X-CSRF-Token", "x".repeat(5000)), "csrf long"),
            new OddHeaders(headers("Accept-Language", "zz-ZZ;q=x, *;q=2"), "accept-language"),
            new OddHeaders(headers("Range", "bytes=99999999-1"), "range"),
            new OddHeaders(headers("Origin", "null"), "origin null"),
            new OddHeaders(headers("If-None-Match", "\"" + "x".repeat(2000)), "etag"),
            new OddHeaders(headers("Expect", "100-continue"), "expect"));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, Arbitraries.just(new OddHeaders(List.of(), ""))),
        net.jqwik.api.Tuple.of(4, Arbitraries.of(odd)));
  }

  static Arbitrary<Credentials> credentials(Endpoint endpoint) {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(7, Arbitraries.just(endpoint.credentials())),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(Credentials.NONE)),
        net.jqwik.api.Tuple.of(2, Arbitraries.just(Credentials.JUNK)));
  }

  /** Whether to break the message framing itself (a bad Content-Length, a bad chunk). */
  static Arbitrary<Boolean> framing() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(19, Arbitraries.just(false)),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(true)));
  }

  /** Name-value pairs as header lines. */
  static List<String[]> headers(String... namesAndValues) {
    List<String[]> headers = new ArrayList<>();
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      headers.add(new String[] {namesAndValues[i], namesAndValues[i + 1]});
    }
    return headers;
  }

  static String jsonEscape(String value) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  static String abbreviate(String text) {
    return text.length() > 60 ? text.substring(0, 60) + "...(" + text.length() + ")" : text;
  }
}
