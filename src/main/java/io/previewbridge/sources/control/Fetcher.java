package io.previewbridge.sources.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Fetches a source's JSON within limits of time, size and redirects, so that a slow or hostile
 * upstream can hold neither a request thread nor memory for long.
 *
 * <p>Redirects are followed by hand: the count is ours, only http(s) targets are followed, and
 * headers (which may carry secrets) are dropped when a redirect leaves the original origin. The
 * read timeout bounds the whole exchange of each hop, body included.
 */
@ApplicationScoped
public class Fetcher {

  /** The limits of one fetch. */
  public record Limits(
      Duration connectTimeout, Duration readTimeout, long maxBytes, int maxRedirects) {}

  /** One fetch, fully rendered. */
  public record Request(
      String method, URI url, Map<String, String> headers, String body, Limits limits) {
    public Request {
      headers = Map.copyOf(headers);
    }
  }

  /** Why a fetch produced no usable answer. */
  public enum Reason {
    TIMEOUT,
    TOO_LARGE,
    NOT_JSON,
    TOO_MANY_REDIRECTS,
    BAD_REDIRECT,
    DESTINATION_REFUSED,
    UNREACHABLE
  }

  /** What a fetch produced. */
  public sealed interface Outcome permits Fetched, UpstreamStatus, Failed {}

  /** A 2xx answer whose body is a JSON object or array. */
  public record Fetched(JsonStructure json) implements Outcome {}

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
   * Hosts a fetch may go to, comma-separated; {@code *.example.com} allows sub-domains. Unset: any
   * host the sources file names, and redirects only within the host first asked.
   */
  @Inject
  @ConfigProperty(name = "previewbridge.fetch.allowed-hosts")
  Optional<String> allowedHostsConfig;

  private Limits defaults;
  private List<String> allowedHosts = List.of();
  private final Map<Duration, HttpClient> clients = new ConcurrentHashMap<>();

  public Fetcher() {}

  /** For tests, without a container. */
  public Fetcher(Limits defaults) {
    this(defaults, List.of());
  }

  /** For tests, without a container. */
  public Fetcher(Limits defaults, List<String> allowedHosts) {
    this.defaults = defaults;
    this.allowedHosts = normalise(allowedHosts);
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

  public Outcome fetch(Request request) {
    Limits limits = request.limits();
    URI url = request.url();
    String method = request.method();
    String body = request.body();
    Map<String, String> headers = request.headers();
    URI origin = origin(url);
    String firstHost = Objects.toString(url.getHost(), "").toLowerCase(Locale.ROOT);
    if (!allowed(firstHost)) {
      return new Failed(
          Reason.DESTINATION_REFUSED, "the host is not in previewbridge.fetch.allowed-hosts");
    }
    for (int hop = 0; ; hop++) {
      HttpResponse<byte[]> response;
      try {
        response = exchange(method, url, headers, body, limits);
      } catch (Failure failure) {
        return failure.failed;
      }
      int status = response.statusCode();
      if (!REDIRECTS.contains(status)) {
        if (status < 200 || status > 299) {
          return new UpstreamStatus(status);
        }
        return parse(response.body());
      }
      if (hop >= limits.maxRedirects()) {
        return new Failed(
            Reason.TOO_MANY_REDIRECTS, "more than " + limits.maxRedirects() + " redirects");
      }
      String location = response.headers().firstValue("Location").orElse(null);
      URI next;
      try {
        next = location == null ? null : url.resolve(location.trim());
      } catch (IllegalArgumentException e) {
        next = null;
      }
      if (next == null || !isHttp(next)) {
        return new Failed(Reason.BAD_REDIRECT, "a redirect without a usable http(s) Location");
      }
      String nextHost = next.getHost().toLowerCase(Locale.ROOT);
      boolean sameHost = nextHost.equals(firstHost);
      if (!(sameHost ? allowed(nextHost) : !allowedHosts.isEmpty() && allowed(nextHost))) {
        // an upstream must not be able to steer a fetch to internal addresses by redirecting
        return new Failed(
            Reason.DESTINATION_REFUSED,
            "a redirect to another host, which previewbridge.fetch.allowed-hosts does not list");
      }
      if (status == 303 || ((status == 301 || status == 302) && !method.equals("GET"))) {
        method = "GET";
        body = null;
      }
      if (!origin(next).equals(origin)) {
        headers = Map.of();
      }
      url = next;
    }
  }

  private HttpResponse<byte[]> exchange(
      String method, URI url, Map<String, String> headers, String body, Limits limits)
      throws Failure {
    if (!isHttp(url)) {
      throw new Failure(new Failed(Reason.UNREACHABLE, "only http and https URLs are fetched"));
    }
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(url)
            .timeout(limits.readTimeout())
            .header("Accept", "application/json");
    headers.forEach(builder::header);
    if (method.equals("POST")) {
      if (headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Content-Type"))) {
        builder.header("Content-Type", "application/json");
      }
      builder.POST(
          HttpRequest.BodyPublishers.ofString(body == null ? "" : body, StandardCharsets.UTF_8));
    } else {
      builder.GET();
    }
    HttpRequest request;
    try {
      request = builder.build();
    } catch (IllegalArgumentException e) {
      throw new Failure(
          new Failed(Reason.UNREACHABLE, "the request could not be built: a header is invalid"));
    }
    // cancelling a download fails the exchange with the client's own exception, not ours: the
    // flag remembers why it was cancelled
    AtomicBoolean tooLarge = new AtomicBoolean();
    CompletableFuture<HttpResponse<byte[]>> future =
        client(limits.connectTimeout())
            .sendAsync(request, info -> bodyFor(info, limits.maxBytes(), tooLarge));
    try {
      return future.get(limits.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new Failure(
          new Failed(Reason.TIMEOUT, "no complete answer within " + limits.readTimeout()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      throw new Failure(new Failed(Reason.UNREACHABLE, "interrupted"));
    } catch (ExecutionException e) {
      if (tooLarge.get()) {
        throw new Failure(tooLarge(limits));
      }
      throw new Failure(failureOf(e.getCause(), limits));
    }
  }

  private static Failed failureOf(Throwable cause, Limits limits) {
    Throwable c = cause;
    while (c != null) {
      if (c instanceof TooLarge) {
        return tooLarge(limits);
      }
      if (c instanceof HttpConnectTimeoutException) {
        return new Failed(Reason.TIMEOUT, "no connection within " + limits.connectTimeout());
      }
      if (c instanceof HttpTimeoutException) {
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

  private static HttpResponse.BodySubscriber<byte[]> bodyFor(
      HttpResponse.ResponseInfo info, long maxBytes, AtomicBoolean tooLarge) {
    int status = info.statusCode();
    if (status < 200 || status > 299) {
      // error and redirect bodies are never used; they are not kept either
      return HttpResponse.BodySubscribers.replacing(new byte[0]);
    }
    long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (declared > maxBytes) {
      return new CappedBody(0, tooLarge);
    }
    return new CappedBody(maxBytes, tooLarge);
  }

  static Outcome parse(byte[] body) {
    try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
      JsonValue value = reader.readValue();
      if (value instanceof JsonStructure structure) {
        return new Fetched(structure);
      }
      return new Failed(Reason.NOT_JSON, "the answer is JSON but neither an object nor an array");
    } catch (JsonException | IllegalStateException e) {
      return new Failed(Reason.NOT_JSON, "the answer is not JSON");
    }
  }

  private HttpClient client(Duration connect) {
    return clients.computeIfAbsent(
        connect,
        d ->
            HttpClient.newBuilder()
                .connectTimeout(d)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
  }

  private static boolean isHttp(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
  }

  private static URI origin(URI uri) {
    int port = uri.getPort();
    String scheme = Objects.toString(uri.getScheme(), "").toLowerCase(Locale.ROOT);
    if (port == -1) {
      port = scheme.equals("https") ? 443 : 80;
    }
    return URI.create(
        scheme + "://" + Objects.toString(uri.getHost(), "").toLowerCase(Locale.ROOT) + ":" + port);
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

  /** Collects a body up to a limit and gives up (cancelling the download) beyond it. */
  static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final long max;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final AtomicBoolean tooLarge;
    private Flow.Subscription subscription;

    CappedBody(long max, AtomicBoolean tooLarge) {
      this.max = max;
      this.tooLarge = tooLarge;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      if (max <= 0) {
        tooLarge.set(true);
        subscription.cancel();
        result.completeExceptionally(new TooLarge());
        return;
      }
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer buffer : items) {
        if (out.size() + (long) buffer.remaining() > max) {
          tooLarge.set(true);
          subscription.cancel();
          result.completeExceptionally(new TooLarge());
          return;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        out.write(bytes, 0, bytes.length);
      }
    }

    @Override
    public void onError(Throwable throwable) {
      result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      result.complete(out.toByteArray());
    }
  }
}
