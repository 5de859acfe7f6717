package io.previewbridge.testing;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A real Keycloak for the sign-in tests: the company's identity provider and a product's own OAuth
 * server, in one process started once per test JVM ({@link #shared()}) and stopped by a shutdown
 * hook. It is the {@code keycloak-quarkus-dist} the build unpacks into {@code target/keycloak}
 * (system property {@code keycloak.home}), run as {@code kc.sh start-dev} on free loopback ports,
 * with the realms of {@code src/test/resources/keycloak/} imported into a fresh dev database at
 * every start. Tests reach it at {@code http://127.0.0.1:<port>} only: the issuer Keycloak names is
 * taken from the request, so {@code localhost} would be another issuer.
 *
 * <p>The first start in a fresh unpack also runs Quarkus' build step (Keycloak exits with 10 and
 * {@code kc.sh} starts it again); later starts reuse {@code lib/quarkus}. The process' output goes
 * to {@code target/keycloak.log}, and a start that fails quotes its last 40 lines.
 *
 * <h2>The realms</h2>
 *
 * <b>{@code previewbridge}</b>, the company's identity provider. Access tokens live 30 s (so
 * refreshing is exercised); SSO sessions 2 h idle / 10 h, offline sessions 30 days idle.
 *
 * <ul>
 *   <li>Users (password {@code <name>-password}, verified e-mail {@code <name>@acme.test}): {@code
 *       alice} (Alice Anderson, group {@code staff}), {@code bob} (Bob Brown, {@code staff}),
 *       {@code carol} (Carol Clark, {@code staff} and {@code admins}), {@code dave} (Dave Davis, no
 *       group). Their ids are random: look them up with {@link #userId}. All have the realm's
 *       default roles ({@code offline_access} among them): an imported user gets only the roles the
 *       file names.
 *   <li>Client {@code previewbridge} (secret {@code previewbridge-secret}): code flow only (no
 *       direct grants, no implicit), PKCE S256 required, redirect and post-logout URIs {@code
 *       http://127.0.0.1:*} (Keycloak's one wildcard, a trailing {@code *}: any port and path on
 *       127.0.0.1, e.g. {@code http://127.0.0.1:8791/signin/oidc/callback}), default scopes {@code
 *       basic profile email roles web-origins acr}, optional scope {@code offline_access}, standard
 *       token exchange (V2) on.
 *   <li>A {@code groups} claim with plain group names in the ID token, the access token and
 *       userinfo, and {@code acme-api} in every access token's {@code aud}. Both mappers sit on the
 *       client itself, not on client scopes: a realm file that declares any {@code clientScopes}
 *       gets none of Keycloak's built-in scopes ({@code basic}, which writes {@code sub}, {@code
 *       profile}, {@code email}, {@code roles}, ...).
 *   <li>Clients {@code acme-api} and {@code acme-reports}: audiences only, no flows. Group {@code
 *       staff} holds the client role {@code acme-reports/reader}, so the built-in audience
 *       resolution puts {@code acme-reports} into staff members' access tokens.
 * </ul>
 *
 * <b>{@code acme-product}</b>, a product's own OAuth server (as GitHub or Jira would be) that
 * people link once: client {@code previewbridge-link} (secret {@code previewbridge-link-secret},
 * code flow, PKCE S256, {@code http://127.0.0.1:*}, optional {@code offline_access}, access tokens
 * of 30 s with {@code acme-product-api} in {@code aud}) and user {@code alice} / {@code
 * alice-product-password} (alice@acme.test): another subject than the company's alice.
 *
 * <h2>What {@code KeycloakContractIT} found</h2>
 *
 * <ul>
 *   <li>Token exchange V2 ({@code standard.token.exchange.enabled}) with {@code previewbridge}'s
 *       own access token as subject token needs nothing more on the subject side: the requester
 *       must be in the subject token's {@code aud} only when the token was issued to another
 *       client. The requested {@code audience} must be one the requester's token would carry anyway
 *       (here: the {@code acme-reports/reader} role of staff), else {@code invalid_request}
 *       "Requested audience not available"; the exchanged token's {@code aud} is then just the
 *       requested audience.
 *   <li>Offline refresh tokens die with {@link #revokeOfflineTokens} (the consents endpoint deletes
 *       the offline session: "Offline user session not found"), with {@link #setEnabled} false
 *       ("User disabled"), and with {@link #logoutUser}: it ends only online sessions, but sets the
 *       user's not-before, and refresh refuses older tokens ("Stale token").
 *   <li>A sign-in whose first request asks for {@code offline_access} leaves no SSO session
 *       (Keycloak 26.1+ turns the online session into the offline one when the code is redeemed):
 *       the next sign-in in the same browser asks for the password again. Without {@code
 *       offline_access} the next sign-in redirects straight back.
 *   <li>Keycloak marks its login cookies {@code Secure} even on plain HTTP; a browser counts
 *       127.0.0.1 as secure and sends them back, {@link Login} does the same.
 * </ul>
 */
public final class Keycloak {

  /** The company's identity provider. */
  public static final String COMPANY_REALM = "previewbridge";

  /** The product people link their accounts at. */
  public static final String PRODUCT_REALM = "acme-product";

  /**
   * Generous: a fresh unpack's first start (with Quarkus' build step) took 29 s on an idle two-core
   * machine, a later one 16 s, and CI may share the cores.
   */
  public static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(4);

  private static final Path REALM_FILES = Path.of("src/test/resources/keycloak");
  private static final Path LOG = Path.of("target", "keycloak.log");
  private static final int LOG_TAIL_LINES = 40;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private static Keycloak shared;
  private static RuntimeException failedStart;

  private final Process process;
  private final int port;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private String adminToken;
  private Instant adminTokenRenewal = Instant.MIN;

  private Keycloak(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * The Keycloak of this JVM, started by the first caller and ready (every imported realm answers
   * its discovery document). A start that failed is not tried again by later callers: they get the
   * same failure at once.
   */
  public static synchronized Keycloak shared() {
    if (failedStart != null) {
      throw failedStart;
    }
    if (shared == null) {
      try {
        shared = start();
      } catch (RuntimeException e) {
        failedStart = e;
        throw e;
      }
    }
    return shared;
  }

  private static Keycloak start() {
    Path home = home();
    List<String> realms = prepareRealms(home);
    int port = PayaraMicroProcess.freePort();
    int managementPort = PayaraMicroProcess.freePort();
    while (managementPort == port) {
      managementPort = PayaraMicroProcess.freePort();
    }
    ProcessBuilder builder =
        new ProcessBuilder(
                "bash",
                "bin/kc.sh",
                "start-dev",
                "--http-host=127.0.0.1",
                "--http-port=" + port,
                "--http-management-port=" + managementPort,
                "--import-realm")
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(LOG.toFile());
    Map<String, String> env = builder.environment();
    // kc.sh drops its own defaults (G1, metaspace cap, heap) when JAVA_OPTS is set
    env.remove("JAVA_OPTS");
    env.remove("JAVA_OPTS_APPEND");
    env.keySet().removeIf(key -> key.startsWith("KC_"));
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
    env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
    env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
    long started = System.nanoTime();
    Keycloak keycloak;
    try {
      Files.createDirectories(LOG.getParent());
      keycloak = new Keycloak(builder.start(), port);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start " + home.resolve("bin/kc.sh"), e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(keycloak::stop, "keycloak-stop"));
    keycloak.awaitRealms(realms);
    System.out.printf(
        "Keycloak ready at %s in %.1f s (realms %s; log %s)%n",
        keycloak.baseUrl(), (System.nanoTime() - started) / 1e9, realms, LOG);
    return keycloak;
  }

  private static Path home() {
    Path home = Path.of(System.getProperty("keycloak.home", unpackedHome()));
    if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
      throw new IllegalStateException(
          home.toAbsolutePath()
              + " holds no Keycloak: the build unpacks it in pre-integration-test (run this test"
              + " with `mvn verify`; the system property keycloak.home names the directory)");
    }
    return home;
  }

  /** Without the property (a test started from an IDE): what the build unpacked, if anything. */
  private static String unpackedHome() {
    try (Stream<Path> dirs = Files.list(Path.of("target/keycloak"))) {
      return dirs.filter(dir -> dir.getFileName().toString().startsWith("keycloak-"))
          .map(Path::toString)
          .findFirst()
          .orElse("target/keycloak");
    } catch (IOException nothingUnpacked) {
      return "target/keycloak";
    }
  }

  /**
   * A fresh dev database (so {@code --import-realm} imports, rather than skips, every realm) and
   * exactly this checkout's realm files in {@code data/import}. Returns the realms' names.
   */
  private static List<String> prepareRealms(Path home) {
    try {
      deleteTree(home.resolve("data/h2"));
      Path imports = home.resolve("data/import");
      deleteTree(imports);
      Files.createDirectories(imports);
      List<String> realms = new ArrayList<>();
      try (Stream<Path> files = Files.list(REALM_FILES)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
          Files.copy(file, imports.resolve(file.getFileName()));
          realms.add(json(Files.readString(file)).getString("realm"));
        }
      }
      if (realms.isEmpty()) {
        throw new IllegalStateException("No realm files in " + REALM_FILES.toAbsolutePath());
      }
      return realms;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private void awaitRealms(List<String> realms) {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    String last = "not listening";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Keycloak exited with " + process.exitValue() + " while starting" + logTail());
      }
      boolean ready = true;
      for (String realm : realms) {
        try {
          int status =
              http.send(
                      HttpRequest.newBuilder(URI.create(discoveryUrl(realm)))
                          .timeout(Duration.ofSeconds(5))
                          .build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode();
          last = realm + " discovery " + status;
          ready &= status == 200;
        } catch (IOException notListeningYet) {
          last = "not listening";
          ready = false;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted while waiting for Keycloak", e);
        }
        if (!ready) {
          break;
        }
      }
      if (ready) {
        return;
      }
      sleep(Duration.ofMillis(500));
    }
    stop();
    throw new IllegalStateException(
        "Keycloak not ready after "
            + STARTUP_TIMEOUT.toSeconds()
            + " s ("
            + last
            + ")"
            + logTail());
  }

  /**
   * SIGTERM to {@code kc.sh} and the JVM under it (Quarkus shuts down cleanly), SIGKILL to what is
   * left after 20 s. The tree is read first: once the shell is gone its child has no parent here.
   */
  private void stop() {
    List<ProcessHandle> tree =
        Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
    tree.forEach(ProcessHandle::destroy);
    for (ProcessHandle handle : tree) {
      try {
        handle.onExit().get(20, TimeUnit.SECONDS);
      } catch (Exception stillRunning) {
        handle.destroyForcibly();
      }
    }
  }

  private static String logTail() {
    try {
      List<String> lines =
          new String(Files.readAllBytes(LOG), StandardCharsets.UTF_8).lines().toList();
      return "\n--- last lines of "
          + LOG.toAbsolutePath()
          + " ---\n"
          + String.join(
              "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException e) {
      return "\n(no log at " + LOG.toAbsolutePath() + ": " + e + ")";
    }
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** The realm's issuer, {@code http://127.0.0.1:<port>/realms/<realm>}. */
  public String issuer(String realm) {
    return baseUrl() + "/realms/" + realm;
  }

  public String discoveryUrl(String realm) {
    return issuer(realm) + "/.well-known/openid-configuration";
  }

  /** A person at a browser of their own: a login driver with an empty cookie jar. */
  public Login newLogin() {
    return new Login();
  }

  /** The user's id in the realm (the {@code sub} of their tokens); ids are random per start. */
  public String userId(String realm, String username) {
    JsonArray users =
        jsonArray(
            admin(
                    "GET",
                    "/admin/realms/" + realm + "/users?exact=true&username=" + encode(username),
                    null,
                    200)
                .body());
    if (users.isEmpty()) {
      throw new IllegalArgumentException("No user " + username + " in realm " + realm);
    }
    return users.getJsonObject(0).getString("id");
  }

  /**
   * Signs the user out everywhere, as an admin's "Sign out" does: ends the online sessions and sets
   * the user's not-before to now, which is what kills offline refresh tokens ("Stale token"; the
   * offline sessions themselves stay). Not-before counts whole seconds and spares a token issued in
   * the same second, so this waits for the next second to begin first: every token issued before
   * the call is refused afterwards.
   */
  public void logoutUser(String realm, String username) {
    String path = userPath(realm, username) + "/logout";
    long second = Instant.now().getEpochSecond();
    while (Instant.now().getEpochSecond() == second) {
      sleep(Duration.ofMillis(50));
    }
    admin("POST", path, null, 204);
  }

  /** Revokes the user's consent and offline tokens for the client ("Revoke" in the account UI). */
  public void revokeOfflineTokens(String realm, String username, String clientId) {
    admin("DELETE", userPath(realm, username) + "/consents/" + encode(clientId), null, 204);
  }

  /** Disables (or enables again) the user; a disabled user's refresh tokens are refused. */
  public void setEnabled(String realm, String username, boolean enabled) {
    String path = userPath(realm, username);
    JsonObject user = json(admin("GET", path, null, 200).body());
    admin("PUT", path, Json.createObjectBuilder(user).add("enabled", enabled).build(), 204);
  }

  /**
   * Adds an RS256 key with a higher priority than any the realm has, so tokens issued from now on
   * carry its {@code kid}; the older keys stay active, so the JWKS lists them all and tokens issued
   * before still verify. Returns the new key's {@code kid}.
   */
  public String rotateSigningKey(String realm) {
    String realmId = json(admin("GET", "/admin/realms/" + realm, null, 200).body()).getString("id");
    long highest =
        signingKeys(realm).stream()
            .mapToLong(key -> key.getJsonNumber("providerPriority").longValue())
            .max()
            .orElse(0);
    JsonObject component =
        Json.createObjectBuilder()
            .add("name", "rsa-rotated-" + System.currentTimeMillis())
            .add("providerId", "rsa-generated")
            .add("providerType", "org.keycloak.keys.KeyProvider")
            .add("parentId", realmId)
            .add(
                "config",
                Json.createObjectBuilder()
                    .add("priority", Json.createArrayBuilder().add(Long.toString(highest + 100)))
                    .add("algorithm", Json.createArrayBuilder().add("RS256"))
                    .add("keySize", Json.createArrayBuilder().add("2048"))
                    .add("enabled", Json.createArrayBuilder().add("true"))
                    .add("active", Json.createArrayBuilder().add("true")))
            .build();
    HttpResponse<String> created =
        admin("POST", "/admin/realms/" + realm + "/components", component, 201);
    String location = created.headers().firstValue("Location").orElseThrow();
    String componentId = location.substring(location.lastIndexOf('/') + 1);
    return signingKeys(realm).stream()
        .filter(key -> componentId.equals(key.getString("providerId", null)))
        .map(key -> key.getString("kid"))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("Keycloak lists no key of " + location));
  }

  /** The realm's active RS256 signing keys, as the admin API's {@code keys} lists them. */
  private List<JsonObject> signingKeys(String realm) {
    return json(admin("GET", "/admin/realms/" + realm + "/keys", null, 200).body())
        .getJsonArray("keys")
        .getValuesAs(JsonObject.class)
        .stream()
        .filter(key -> "RS256".equals(key.getString("algorithm", null)))
        .filter(key -> "SIG".equals(key.getString("use", null)))
        .filter(key -> "ACTIVE".equals(key.getString("status", null)))
        .toList();
  }

  private String userPath(String realm, String username) {
    return "/admin/realms/" + realm + "/users/" + userId(realm, username);
  }

  private HttpResponse<String> admin(String method, String path, JsonValue body, int expected) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .timeout(REQUEST_TIMEOUT)
            .header("Authorization", "Bearer " + adminToken())
            .header("Accept", "application/json");
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    }
    HttpResponse<String> response = send(request.build());
    if (response.statusCode() != expected) {
      throw new IllegalStateException(
          method
              + " "
              + path
              + " answered "
              + response.statusCode()
              + " (expected "
              + expected
              + "): "
              + response.body());
    }
    return response;
  }

  /**
   * A master-realm token of the bootstrap admin (admin-cli, password grant), kept until shortly
   * before it expires (the master realm's tokens live 60 s).
   */
  private synchronized String adminToken() {
    if (adminToken == null || Instant.now().isAfter(adminTokenRenewal)) {
      Instant asked = Instant.now();
      HttpResponse<String> response =
          send(
              formPost(
                  URI.create(issuer("master") + "/protocol/openid-connect/token"),
                  Map.of(
                      "grant_type", "password",
                      "client_id", "admin-cli",
                      "username", "admin",
                      "password", "admin")));
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "No admin token: " + response.statusCode() + " " + response.body());
      }
      JsonObject token = json(response.body());
      adminToken = token.getString("access_token");
      adminTokenRenewal = asked.plusSeconds(Math.max(0, token.getInt("expires_in") - 15));
    }
    return adminToken;
  }

  private HttpResponse<String> send(HttpRequest request) {
    return send(http, request);
  }

  private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted: " + request.method() + " " + request.uri(), e);
    }
  }

  private static HttpRequest formPost(URI uri, Map<String, String> fields) {
    String body =
        fields.entrySet().stream()
            .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
            .collect(Collectors.joining("&"));
    return HttpRequest.newBuilder(uri)
        .timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static JsonObject json(String text) {
    try (var reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }

  private static JsonArray jsonArray(String text) {
    try (var reader = Json.createReader(new StringReader(text))) {
      return reader.readArray();
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for Keycloak", e);
    }
  }

  /**
   * Keycloak's login page driven over plain HTTP, as a browser without JavaScript would: one cookie
   * jar (so a second sign-in rides on the SSO session of the first), Keycloak's own redirects
   * followed by hand, and the first redirect that leaves Keycloak handed back instead of followed,
   * since the relying party at its end is the test's to play.
   */
  public final class Login {

    private static final int MAX_HOPS = 10;

    private final HttpClient browser =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .cookieHandler(new LoopbackCookieJar())
            .build();

    private Login() {}

    /**
     * Opens the authorization URL and, when Keycloak asks, submits its login form ({@code
     * form#kc-form-login}) with these credentials. Returns the {@code Location} that leaves
     * Keycloak: the relying party's redirect URI with {@code code} and {@code state}, or with
     * {@code error}. With an SSO session in this driver's cookie jar Keycloak redirects back at
     * once and the credentials go unused.
     *
     * @throws IllegalStateException when Keycloak keeps the person on one of its own pages: a
     *     refused password (the message carries Keycloak's error text), an invalid {@code
     *     redirect_uri} or client, or a page this driver does not know
     */
    public String signIn(String authorizationUrl, String username, String password) {
      HttpResponse<String> response = follow(get(URI.create(authorizationUrl)));
      if (leavesKeycloak(response)) {
        return location(response);
      }
      Document page = Jsoup.parse(response.body(), response.uri().toString());
      Element form = page.selectFirst("form#kc-form-login");
      if (form == null) {
        throw new IllegalStateException(
            "Keycloak showed no login form for " + authorizationUrl + ": " + describe(response));
      }
      Map<String, String> fields = new LinkedHashMap<>();
      for (Element input : form.select("input[name]")) {
        String type = input.attr("type");
        if (!type.equalsIgnoreCase("submit") && !type.equalsIgnoreCase("checkbox")) {
          fields.put(input.attr("name"), input.val());
        }
      }
      fields.put("username", username);
      fields.put("password", password);
      Element submit = form.selectFirst("[type=submit][name]");
      if (submit != null) {
        fields.put(submit.attr("name"), submit.val());
      }
      response = follow(formPost(URI.create(form.absUrl("action")), fields));
      if (leavesKeycloak(response)) {
        return location(response);
      }
      throw new IllegalStateException(
          "Keycloak did not let " + username + " in: " + describe(response));
    }

    /** Sends the request and follows redirects while they stay on Keycloak. */
    private HttpResponse<String> follow(HttpRequest request) {
      HttpResponse<String> response = send(browser, request);
      for (int hop = 0; hop < MAX_HOPS; hop++) {
        if (!isRedirect(response) || leavesKeycloak(response)) {
          return response;
        }
        response = send(browser, get(URI.create(location(response))));
      }
      throw new IllegalStateException(
          "More than " + MAX_HOPS + " redirects within Keycloak, last to " + response.uri());
    }

    private HttpRequest get(URI uri) {
      return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build();
    }

    private boolean isRedirect(HttpResponse<String> response) {
      return response.statusCode() / 100 == 3
          && response.headers().firstValue("Location").isPresent();
    }

    private boolean leavesKeycloak(HttpResponse<String> response) {
      if (!isRedirect(response)) {
        return false;
      }
      URI target = URI.create(location(response));
      return !("127.0.0.1".equals(target.getHost()) && target.getPort() == port);
    }

    /** The response's {@code Location}, resolved against the request (Keycloak may send a path). */
    private String location(HttpResponse<String> response) {
      return response
          .uri()
          .resolve(response.headers().firstValue("Location").orElseThrow())
          .toString();
    }

    /** Keycloak's error text on the page, else its title and the start of its text. */
    private String describe(HttpResponse<String> response) {
      Document page = Jsoup.parse(response.body(), response.uri().toString());
      Element error =
          page.selectFirst(
              "#input-error, [id^=input-error], .kc-feedback-text, #kc-error-message,"
                  + " .pf-v5-c-alert__title, .pf-c-alert__title, .alert-error");
      String text = error != null ? error.text() : page.body().text();
      return "HTTP "
          + response.statusCode()
          + " at "
          + response.uri()
          + ", \""
          + page.title()
          + "\": "
          + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
    }
  }

  /**
   * A cookie jar that, like a browser, counts {@code http://127.0.0.1} as a secure context:
   * Keycloak marks its login cookies {@code Secure} ({@code SameSite=None} needs it) even over
   * plain HTTP, and {@link CookieManager} alone would never send them back there ("cookie not
   * found").
   */
  private static final class LoopbackCookieJar extends CookieHandler {

    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

    @Override
    public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders)
        throws IOException {
      return cookies.get(asSecureWhenLoopback(uri), requestHeaders);
    }

    @Override
    public void put(URI uri, Map<String, List<String>> responseHeaders) throws IOException {
      cookies.put(uri, responseHeaders);
    }

    private static URI asSecureWhenLoopback(URI uri) {
      if (!"http".equalsIgnoreCase(uri.getScheme()) || !"127.0.0.1".equals(uri.getHost())) {
        return uri;
      }
      try {
        return new URI(
            "https",
            uri.getUserInfo(),
            uri.getHost(),
            uri.getPort(),
            uri.getPath(),
            uri.getQuery(),
            uri.getFragment());
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(uri.toString(), e);
      }
    }
  }
}
