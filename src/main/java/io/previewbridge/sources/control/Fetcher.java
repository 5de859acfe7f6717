package io.previewbridge.sources.control;

import io.previewbridge.platform.control.Secrets;
import io.previewbridge.platform.entity.JsonP;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Fetches a source's JSON within limits of time, size and redirects, and only from destinations its
 * {@link DestinationPolicy} allows, so that neither a slow or hostile upstream nor a pasted link
 * can hold a request thread, fill memory, or make the server reach an internal address.
 *
 * <p>Apache HttpClient 5 (classic), not {@code java.net.http}: its {@code DnsResolver} lets the
 * addresses that were checked be the ones connected to ({@link PinnedDnsResolver}); the JDK client
 * resolves names itself, after any check of ours. Each fetch gets its own small client whose
 * resolver carries the fetch's policy, and connections are never reused across fetches, so a
 * connection checked under one source's policy cannot serve another's.
 *
 * <p>Redirects are followed by hand: the count is ours, only http(s) targets are followed, every
 * hop's host is checked by name and address, and headers (which may carry secrets) are dropped when
 * a redirect leaves the original origin. The read timeout bounds the whole exchange of each hop,
 * body included (a watchdog aborts it). GET answers with an {@code ETag} or {@code Last-Modified}
 * are remembered ({@link RevalidationStore}) and the next identical GET asks with {@code
 * If-None-Match}/{@code If-Modified-Since}; a {@code 304} reuses the remembered body.
 */
@ApplicationScoped
public class Fetcher {

  /** The limits of one fetch. */
  public record Limits(
      Duration connectTimeout, Duration readTimeout, long maxBytes, int maxRedirects) {}

  /** One fetch, fully rendered, and where it may go. */
  public record Request(
      String method,
      URI url,
      Map<String, String> headers,
      String body,
      Limits limits,
      DestinationPolicy policy) {
    public Request {
      headers = Map.copyOf(headers);
      policy = policy == null ? DestinationPolicy.publicOnly() : policy;
    }

    /** A fetch that may reach public addresses only ({@link DestinationPolicy#publicOnly()}). */
    public Request(
        String method, URI url, Map<String, String> headers, String body, Limits limits) {
      this(method, url, headers, body, limits, DestinationPolicy.publicOnly());
    }
  }

  /** Why a fetch produced no usable answer. */
  public enum Reason {
    TIMEOUT,
    TOO_LARGE,
    NOT_JSON,
    NOT_HTML,
    TOO_MANY_REDIRECTS,
    BAD_REDIRECT,
    DESTINATION_REFUSED,
    UNREACHABLE
  }

  /** What a fetch produced. */
  public sealed interface Outcome permits Fetched, Page, UpstreamStatus, Failed {}

  /** A 2xx answer whose body is a JSON object or array. */
  public record Fetched(JsonStructure json) implements Outcome {}

  /**
   * A 2xx HTML page ({@link #fetchPage}): its bytes as they came, its {@code Content-Type}, and the
   * address it was found at after redirects (relative URLs in the page resolve against it).
   */
  public record Page(byte[] body, String contentType, URI url) implements Outcome {}

  /** A non-2xx answer (the body is not read beyond what the size cap allows). */
  public record UpstreamStatus(int status) implements Outcome {}

  /** No usable answer; {@code detail} never contains header values or the rendered URL. */
  public record Failed(Reason reason, String detail) implements Outcome {}

  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  @Inject
  @ConfigProperty(name = "previewbridge.fetch.connect-timeout", defaultValue = "PT2S")
  Duration connectTimeout;

  @Inject
  @ConfigProperty(name = "previewbridge.fetch.read-timeout", defaultValue = "PT5S")
  Duration readTimeout;

  @Inject
  @ConfigProperty(name = "previewbridge.fetch.max-bytes", defaultValue = "1048576")
  long maxBytes;

  @Inject
  @ConfigProperty(name = "previewbridge.fetch.max-redirects", defaultValue = "3")
  int maxRedirects;

  /**
   * Hosts a fetch may go to, comma-separated; {@code *.example.com} allows sub-domains. Unset: no
   * restriction by name (the {@link DestinationPolicy} still applies). The admin names these hosts,
   * so they may resolve to private addresses and receive redirects.
   */
  @Inject
  @ConfigProperty(name = "previewbridge.fetch.allowed-hosts")
  Optional<String> allowedHostsConfig;

  /** What every fetch says it is; a source's headers may say otherwise. */
  static final String USER_AGENT = "PreviewBridge";

  /** Aborts exchanges that outlive their read timeout; one daemon thread for all fetches. */
  private static final ScheduledExecutorService WATCHDOG = watchdog();

  /** Built once: creating an SSL context per fetch would cost more than the fetch. */
  private static final TlsSocketStrategy TLS = DefaultClientTlsStrategy.createDefault();

  private Limits defaults;
  private List<String> allowedHosts = List.of();
  private PinnedDnsResolver.Lookup lookup = PinnedDnsResolver.SYSTEM;
  private final RevalidationStore revalidation = new RevalidationStore(1_000, 32L << 20);

  public Fetcher() {}

  /** For tests, without a container. */
  public Fetcher(Limits defaults) {
    this(defaults, List.of());
  }

  /** For tests, without a container. */
  public Fetcher(Limits defaults, List<String> allowedHosts) {
    this(defaults, allowedHosts, PinnedDnsResolver.SYSTEM);
  }

  /** For tests: with a name lookup of their own (a host that "resolves" to loopback). */
  public Fetcher(Limits defaults, List<String> allowedHosts, PinnedDnsResolver.Lookup lookup) {
    this.defaults = defaults;
    this.allowedHosts = normalise(allowedHosts);
    this.lookup = lookup;
  }

  private static ScheduledExecutorService watchdog() {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "previewbridge-fetch-watchdog");
              t.setDaemon(true);
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  /** The hosts of {@code previewbridge.fetch.allowed-hosts}, normalised (empty: unrestricted). */
  public List<String> allowedHosts() {
    return allowedHosts;
  }

  @PostConstruct
  void init() {
    defaults = new Limits(connectTimeout, readTimeout, maxBytes, maxRedirects);
    allowedHosts =
        normalise(
            allowedHostsConfig.map(v -> Arrays.asList(v.split(","))).orElse(List.<String>of()));
  }

  private static List<String> normalise(List<String> hosts) {
    return hosts.stream()
        .map(h -> h.trim().toLowerCase(Locale.ROOT))
        .filter(h -> !h.isEmpty())
        .toList();
  }

  /** Whether {@code host} is on the allow-list (an empty list allows every host). */
  boolean allowed(String host) {
    if (allowedHosts.isEmpty()) {
      return true;
    }
    String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
    return allowedHosts.stream()
        .anyMatch(a -> a.startsWith("*.") ? h.endsWith(a.substring(1)) : h.equals(a));
  }

  public Limits defaults() {
    return defaults;
  }

  /** Fetches a JSON document: {@link Fetched} on a 2xx answer whose body is JSON. */
  public Outcome fetch(Request request) {
    Outcome outcome = load(request, "application/json");
    return outcome instanceof Page page ? parse(page.body()) : outcome;
  }

  /**
   * Fetches an HTML page, for sources that read a page's own metadata: the same hops, destination
   * checks, limits and conditional requests as {@link #fetch}, answering a {@link Page} instead of
   * parsed JSON.
   */
  public Outcome fetchPage(Request request) {
    Outcome outcome = load(request, "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1");
    if (outcome instanceof Page page && !isHtml(page.contentType())) {
      return new Failed(Reason.NOT_HTML, "the answer is not an HTML page");
    }
    return outcome;
  }

  static boolean isHtml(String contentType) {
    String mime = contentType == null ? "text/html" : contentType.split(";")[0].strip();
    return mime.equalsIgnoreCase("text/html") || mime.equalsIgnoreCase("application/xhtml+xml");
  }

  private Outcome load(Request request, String accept) {
    Limits limits = request.limits();
    DestinationPolicy policy = request.policy();
    URI url = request.url();
    String method = request.method();
    String body = request.body();
    Map<String, String> headers = request.headers();
    URI origin = origin(url);
    String firstHost = DestinationPolicy.hostOf(url);
    PinnedDnsResolver resolver = new PinnedDnsResolver(policy, allowedHosts, lookup);
    try (CloseableHttpClient client = client(resolver, limits)) {
      for (int hop = 0; ; hop++) {
        if (!isHttp(url)) {
          return new Failed(Reason.UNREACHABLE, "only http and https URLs are fetched");
        }
        String host = DestinationPolicy.hostOf(url);
        Optional<String> refused = policy.refuseHost(host, firstHost, allowedHosts);
        if (refused.isEmpty() && host != null && DestinationPolicy.isIpLiteral(host)) {
          // checked here too, not only in the resolver: an address literal may never be resolved
          refused = policy.refuseAddresses(host, literal(host), allowedHosts);
        }
        if (refused.isPresent()) {
          return new Failed(Reason.DESTINATION_REFUSED, refused.get());
        }
        if (url.getHost() == null) {
          return new Failed(Reason.UNREACHABLE, "the URL's host is not a valid host name");
        }
        Answer answer;
        try {
          answer = exchange(client, resolver, method, url, headers, body, limits, accept);
        } catch (Failure failure) {
          return failure.failed;
        }
        int status = answer.status();
        if (!REDIRECTS.contains(status)) {
          if (status < 200 || status > 299) {
            return new UpstreamStatus(status);
          }
          return new Page(answer.body(), answer.contentType(), url);
        }
        if (hop >= limits.maxRedirects()) {
          return new Failed(
              Reason.TOO_MANY_REDIRECTS, "more than " + limits.maxRedirects() + " redirects");
        }
        URI next;
        try {
          next = answer.location() == null ? null : url.resolve(answer.location().trim());
        } catch (IllegalArgumentException e) {
          next = null;
        }
        if (next == null || !isHttp(next)) {
          return new Failed(Reason.BAD_REDIRECT, "a redirect without a usable http(s) Location");
        }
        if (status == 303 || ((status == 301 || status == 302) && !method.equals("GET"))) {
          method = "GET";
          body = null;
        }
        if (body != null && !origin(next).equals(origin(url))) {
          // a 307/308 repeats the request, body and all: never to another origin
          return new Failed(
              Reason.BAD_REDIRECT, "a redirect to another origin would carry the request body");
        }
        if (!origin(next).equals(origin)) {
          headers = Map.of();
        }
        url = next;
      }
    } catch (IOException closing) {
      return new Failed(Reason.UNREACHABLE, "the connection could not be closed cleanly");
    }
  }

  private static InetAddress[] literal(String host) {
    try {
      return new InetAddress[] {InetAddress.getByName(host)};
    } catch (UnknownHostException e) {
      return new InetAddress[0];
    }
  }

  /** One hop's answer: status, Location, and the body and Content-Type of a 2xx. */
  private record Answer(int status, String location, byte[] body, String contentType) {}

  private Answer exchange(
      CloseableHttpClient client,
      PinnedDnsResolver resolver,
      String method,
      URI url,
      Map<String, String> headers,
      String body,
      Limits limits,
      String accept)
      throws Failure {
    HttpUriRequestBase request = method.equals("POST") ? new HttpPost(url) : new HttpGet(url);
    request.setHeader("Accept", accept);
    try {
      headers.forEach(request::setHeader);
    } catch (IllegalArgumentException e) {
      throw new Failure(
          new Failed(Reason.UNREACHABLE, "the request could not be built: a header is invalid"));
    }
    if (method.equals("POST")) {
      String type =
          headers.entrySet().stream()
              .filter(h -> h.getKey().equalsIgnoreCase("Content-Type"))
              .map(Map.Entry::getValue)
              .findFirst()
              .orElse("application/json");
      request.setHeader("Content-Type", type);
      request.setEntity(
          new StringEntity(
              body == null ? "" : body,
              ContentType.parse(type).withCharset(StandardCharsets.UTF_8)));
    }
    String key = method.equals("GET") ? revalidationKey(url, headers, accept) : null;
    Optional<RevalidationStore.Entry> known =
        key == null ? Optional.empty() : revalidation.get(key);
    known.ifPresent(
        k -> {
          if (k.etag() != null) {
            request.setHeader("If-None-Match", k.etag());
          }
          if (k.lastModified() != null) {
            request.setHeader("If-Modified-Since", k.lastModified());
          }
        });
    AtomicBoolean timedOut = new AtomicBoolean();
    ScheduledFuture<?> watchdog =
        WATCHDOG.schedule(
            () -> {
              timedOut.set(true);
              request.cancel();
            },
            limits.readTimeout().toMillis(),
            TimeUnit.MILLISECONDS);
    try (ClassicHttpResponse response = client.executeOpen(null, request, null)) {
      int status = response.getCode();
      if (status == 304 && known.isPresent()) {
        return new Answer(200, null, known.get().body(), known.get().contentType());
      }
      Header location = response.getFirstHeader("Location");
      if (status < 200 || status > 299) {
        return new Answer(status, location == null ? null : location.getValue(), new byte[0], null);
      }
      byte[] bytes = read(response.getEntity(), limits.maxBytes());
      Header contentType = response.getFirstHeader("Content-Type");
      String type = contentType == null ? null : contentType.getValue();
      if (key != null) {
        Header etag = response.getFirstHeader("ETag");
        Header modified = response.getFirstHeader("Last-Modified");
        if (etag != null || modified != null) {
          revalidation.put(
              key,
              new RevalidationStore.Entry(
                  etag == null ? null : etag.getValue(),
                  modified == null ? null : modified.getValue(),
                  bytes,
                  type));
        } else {
          revalidation.remove(key);
        }
      }
      return new Answer(status, null, bytes, type);
    } catch (TooLarge e) {
      throw new Failure(tooLarge(limits));
    } catch (IOException | RuntimeException e) {
      Optional<String> refusal = resolver.refusal();
      if (refusal.isPresent()) {
        throw new Failure(new Failed(Reason.DESTINATION_REFUSED, refusal.get()));
      }
      if (timedOut.get()) {
        throw new Failure(
            new Failed(Reason.TIMEOUT, "no complete answer within " + limits.readTimeout()));
      }
      throw new Failure(failureOf(e, limits));
    } finally {
      watchdog.cancel(false);
    }
  }

  private static byte[] read(HttpEntity entity, long maxBytes) throws IOException {
    if (entity == null) {
      return new byte[0];
    }
    if (entity.getContentLength() > maxBytes) {
      throw new TooLarge();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try (InputStream in = entity.getContent()) {
      int n;
      while ((n = in.read(buffer)) != -1) {
        if (out.size() + (long) n > maxBytes) {
          throw new TooLarge();
        }
        out.write(buffer, 0, n);
      }
    }
    return out.toByteArray();
  }

  private static String revalidationKey(URI url, Map<String, String> headers, String accept) {
    StringBuilder key = new StringBuilder("GET ").append(url).append("\nAccept: ").append(accept);
    new TreeMap<>(headers)
        .forEach((name, value) -> key.append('\n').append(name).append(": ").append(value));
    return Secrets.sha256(key.toString());
  }

  private static Failed failureOf(Throwable cause, Limits limits) {
    Throwable c = cause;
    while (c != null) {
      if (c instanceof TooLarge) {
        return tooLarge(limits);
      }
      if (c instanceof ConnectTimeoutException) {
        return new Failed(Reason.TIMEOUT, "no connection within " + limits.connectTimeout());
      }
      if (c instanceof SocketTimeoutException || c instanceof InterruptedIOException) {
        return new Failed(Reason.TIMEOUT, "no answer within " + limits.readTimeout());
      }
      c = c.getCause();
    }
    return new Failed(
        Reason.UNREACHABLE,
        "the source could not be reached ("
            + (cause == null ? "unknown" : cause.getClass().getSimpleName())
            + ")");
  }

  private static Failed tooLarge(Limits limits) {
    return new Failed(
        Reason.TOO_LARGE, "the answer is larger than " + limits.maxBytes() + " bytes");
  }

  static Outcome parse(byte[] body) {
    try (JsonReader reader = JsonP.createReader(new ByteArrayInputStream(body))) {
      JsonValue value = reader.readValue();
      if (value instanceof JsonStructure structure) {
        return new Fetched(structure);
      }
      return new Failed(Reason.NOT_JSON, "the answer is JSON but neither an object nor an array");
    } catch (JsonException | IllegalStateException e) {
      return new Failed(Reason.NOT_JSON, "the answer is not JSON");
    }
  }

  private static CloseableHttpClient client(PinnedDnsResolver resolver, Limits limits) {
    Timeout read = Timeout.ofMilliseconds(Math.max(1, limits.readTimeout().toMillis()));
    return HttpClients.custom()
        .setConnectionManager(
            PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(resolver)
                .setTlsSocketStrategy(TLS)
                .setDefaultConnectionConfig(
                    ConnectionConfig.custom()
                        .setConnectTimeout(
                            Timeout.ofMilliseconds(Math.max(1, limits.connectTimeout().toMillis())))
                        .setSocketTimeout(read)
                        .build())
                .setMaxConnTotal(2)
                .build())
        .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(read).build())
        .setConnectionReuseStrategy((request, response, context) -> false)
        .disableRedirectHandling()
        .disableAutomaticRetries()
        .disableCookieManagement()
        .disableContentCompression()
        .disableAuthCaching()
        // set here, not only as a header: without it build() reads HttpClient's version
        // resource through the class loader, once per fetch
        .setUserAgent(USER_AGENT)
        .build();
  }

  private static boolean isHttp(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return (scheme.equals("http") || scheme.equals("https"))
        && (uri.getHost() != null || uri.getRawAuthority() != null);
  }

  private static URI origin(URI uri) {
    int port = uri.getPort();
    String scheme = Objects.toString(uri.getScheme(), "").toLowerCase(Locale.ROOT);
    if (port == -1) {
      port = scheme.equals("https") ? 443 : 80;
    }
    return URI.create(
        scheme
            + "://"
            + Objects.toString(DestinationPolicy.hostOf(uri), "").replace("%", "")
            + ":"
            + port);
  }

  private static final class Failure extends Exception {
    final Failed failed;

    Failure(Failed failed) {
      super(failed.detail(), null, false, false);
      this.failed = failed;
    }
  }

  static final class TooLarge extends IOException {
    TooLarge() {
      super("response too large");
    }
  }
}
