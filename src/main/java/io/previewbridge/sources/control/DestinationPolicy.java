package io.previewbridge.sources.control;

import io.previewbridge.sources.entity.Template;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Where one fetch may go: which host names, and which addresses they may resolve to. Checked on
 * every hop, by name before a request is made and by address when connecting ({@link
 * PinnedDnsResolver} hands the checked addresses, and only those, to the connection).
 *
 * <p>The rule: a host the admin wrote in the sources file (the {@code fetch.url} template's scheme
 * and authority are literal text or {@code {config:...}} values, closed by a literal {@code /},
 * {@code ?} or {@code #}) is the <em>declared host</em> and may be reached at any address, private
 * or loopback included: the admin chose it. Any other host (from the pasted link's groups, from
 * upstream data, or a redirect elsewhere) must resolve only to public addresses, unless the source
 * allows more with {@code allowPrivateNetwork} (RFC 1918, 100.64/10, fc00::/7) or lists the host or
 * a CIDR in {@code allowedDestinations}. Loopback, link-local (metadata 169.254.169.254 included),
 * multicast, unspecified and reserved addresses are refused unless a CIDR lists them. IPv4 hosts
 * written in a non-canonical spelling ({@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1}) are
 * refused outright: resolvers disagree on what they mean.
 */
public final class DestinationPolicy {

  /** What kind of address an IP is, for the checks and for clear messages. */
  public enum Category {
    PUBLIC("a public address"),
    PRIVATE("a private-network address"),
    LOOPBACK("a loopback address"),
    LINK_LOCAL("a link-local address (cloud metadata included)"),
    MULTICAST("a multicast address"),
    UNSPECIFIED("an unspecified address"),
    RESERVED("a reserved address");

    final String description;

    Category(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  /** An IP range, {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is a single host. */
  public record Cidr(byte[] network, int prefix) {

    public static Optional<Cidr> parse(String text) {
      String t = text.trim();
      int slash = t.indexOf('/');
      String address = slash < 0 ? t : t.substring(0, slash);
      if (!isIpLiteral(address)) {
        return Optional.empty();
      }
      byte[] bytes;
      try {
        bytes = InetAddress.getByName(address).getAddress();
      } catch (UnknownHostException e) {
        return Optional.empty();
      }
      int prefix = bytes.length * 8;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(t.substring(slash + 1));
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
        if (prefix < 0 || prefix > bytes.length * 8) {
          return Optional.empty();
        }
      }
      return Optional.of(new Cidr(bytes, prefix));
    }

    public boolean contains(InetAddress address) {
      byte[] a = address.getAddress();
      if (a.length != network.length) {
        return false;
      }
      return matches(a, network, prefix);
    }
  }

  private static final Pattern HOST_PATTERN =
      Pattern.compile("(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

  private final String declaredHost;
  private final boolean allowPrivateNetwork;
  private final List<String> allowedHosts;
  private final List<Cidr> allowedCidrs;
  private final boolean redirectsToPublicHosts;

  private DestinationPolicy(
      String declaredHost,
      boolean allowPrivateNetwork,
      List<String> allowedHosts,
      List<Cidr> allowedCidrs,
      boolean redirectsToPublicHosts) {
    this.declaredHost = declaredHost == null ? null : normaliseHost(declaredHost);
    this.allowPrivateNetwork = allowPrivateNetwork;
    this.allowedHosts = List.copyOf(allowedHosts);
    this.allowedCidrs = List.copyOf(allowedCidrs);
    this.redirectsToPublicHosts = redirectsToPublicHosts;
  }

  /** Public addresses only, redirects within the first host: the safe default. */
  public static DestinationPolicy publicOnly() {
    return new DestinationPolicy(null, false, List.of(), List.of(), false);
  }

  /**
   * For a URL that is the pasted link itself (as in {@code html-meta}): public addresses only, and
   * redirects to other hosts are followed when those resolve to public addresses too.
   */
  public static DestinationPolicy forPastedLink() {
    return new DestinationPolicy(null, false, List.of(), List.of(), true);
  }

  /**
   * A source's policy: {@code declaredHost} (null if the host is not the admin's), its {@code
   * allowPrivateNetwork} flag and its {@code allowedDestinations} (host names, {@code *.suffix}
   * patterns and CIDRs, as checked by {@link #invalidAllowance}).
   */
  public static DestinationPolicy of(
      String declaredHost, boolean allowPrivateNetwork, List<String> allowedDestinations) {
    List<String> hosts = new ArrayList<>();
    List<Cidr> cidrs = new ArrayList<>();
    for (String entry : allowedDestinations) {
      Optional<Cidr> cidr = Cidr.parse(entry);
      if (cidr.isPresent()) {
        cidrs.add(cidr.get());
      } else {
        hosts.add(normaliseHost(entry));
      }
    }
    return new DestinationPolicy(declaredHost, allowPrivateNetwork, hosts, cidrs, false);
  }

  /** This policy, also following redirects to other hosts that pass the address checks. */
  public DestinationPolicy followingRedirectsToPublicHosts() {
    return new DestinationPolicy(
        declaredHost, allowPrivateNetwork, allowedHosts, allowedCidrs, true);
  }

  /** Why {@code entry} is no valid {@code allowedDestinations} entry, or empty if it is one. */
  public static Optional<String> invalidAllowance(String entry) {
    String t = entry == null ? "" : entry.trim();
    if (t.contains("/") || isIpLiteral(t)) {
      return Cidr.parse(t).isPresent()
          ? Optional.empty()
          : Optional.of("is neither a host name nor a valid CIDR (e.g. 10.0.0.0/8, fd00::/8)");
    }
    if (HOST_PATTERN.matcher(t.toLowerCase(Locale.ROOT)).matches()) {
      return Optional.empty();
    }
    return Optional.of("is neither a host name (or *.domain) nor a CIDR");
  }

  public Optional<String> declaredHost() {
    return Optional.ofNullable(declaredHost);
  }

  // --- checks ---

  /**
   * Checks a host name before any request: non-canonical numeric spellings, the global allow-list
   * ({@code previewbridge.fetch.allowed-hosts}, empty: no restriction), and redirects to another
   * host than {@code firstHost}.
   *
   * @return why the host is refused, or empty if a connection may be attempted
   */
  public Optional<String> refuseHost(String host, String firstHost, List<String> globalAllowed) {
    if (host == null || host.isBlank()) {
      return Optional.of("the URL has no host");
    }
    String h = normaliseHost(host);
    if (isOddIpv4Spelling(h)) {
      return Optional.of(
          "the host is an IPv4 address in a non-standard (decimal, octal or hex) spelling");
    }
    boolean admin = h.equals(declaredHost) || hostAllowed(h, allowedHosts);
    if (!globalAllowed.isEmpty() && !admin && !hostAllowed(h, globalAllowed)) {
      return Optional.of("the host is not in previewbridge.fetch.allowed-hosts");
    }
    boolean sameHost = firstHost != null && h.equals(normaliseHost(firstHost));
    if (!sameHost
        && !admin
        && !redirectsToPublicHosts
        && !(!globalAllowed.isEmpty() && hostAllowed(h, globalAllowed))) {
      return Optional.of(
          "a redirect to another host, which neither the source's allowedDestinations nor"
              + " previewbridge.fetch.allowed-hosts lists");
    }
    return Optional.empty();
  }

  /**
   * Checks every address {@code host} resolved to. All must pass: the connection may use any of
   * them. A host the admin named (the declared host, the source's {@code allowedDestinations} or
   * {@code previewbridge.fetch.allowed-hosts}) is not checked.
   *
   * @return why the destination is refused, or empty if it may be connected to
   */
  public Optional<String> refuseAddresses(
      String host, InetAddress[] addresses, List<String> globalAllowed) {
    String h = normaliseHost(host);
    // hosts the admin named (in the sources file or previewbridge.fetch.allowed-hosts) are trusted
    if (h.equals(declaredHost) || hostAllowed(h, allowedHosts) || hostAllowed(h, globalAllowed)) {
      return Optional.empty();
    }
    if (addresses.length == 0) {
      return Optional.of("the host has no address");
    }
    for (InetAddress address : addresses) {
      Category category = classify(address);
      if (category == Category.PUBLIC) {
        continue;
      }
      if (category == Category.PRIVATE && allowPrivateNetwork) {
        continue;
      }
      if (allowedCidrs.stream().anyMatch(c -> c.contains(address))) {
        continue;
      }
      return Optional.of(
          "the host resolves to "
              + category.description()
              + ", which this source may not reach (see fetch.allowPrivateNetwork and"
              + " fetch.allowedDestinations)");
    }
    return Optional.empty();
  }

  public static boolean hostAllowed(String host, List<String> patterns) {
    for (String a : patterns) {
      if (a.startsWith("*.") ? host.endsWith(a.substring(1)) : host.equals(a)) {
        return true;
      }
    }
    return false;
  }

  public static String normaliseHost(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    while (h.endsWith(".") && h.length() > 1) {
      h = h.substring(0, h.length() - 1);
    }
    return h;
  }

  // --- classification ---

  /** The category of an address, looking through IPv4-mapped, -compatible, NAT64 and 6to4 forms. */
  public static Category classify(InetAddress address) {
    byte[] b = address.getAddress();
    if (b.length == 4) {
      return classify4(b);
    }
    return classify6(b);
  }

  private static Category classify4(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    if (a0 == 0) {
      return Category.UNSPECIFIED; // 0.0.0.0/8, "this network"
    }
    if (a0 == 127) {
      return Category.LOOPBACK;
    }
    if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
      return Category.PRIVATE;
    }
    if (a0 == 100 && (a1 & 0xc0) == 64) {
      return Category.PRIVATE; // 100.64.0.0/10, carrier-grade NAT
    }
    if (a0 == 169 && a1 == 254) {
      return Category.LINK_LOCAL;
    }
    if (a0 >= 224 && a0 <= 239) {
      return Category.MULTICAST;
    }
    if (a0 >= 240) {
      return Category.RESERVED; // 240.0.0.0/4 and the broadcast address
    }
    if ((a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0) || (a0 == 198 && (a1 & 0xfe) == 18)) {
      return Category.RESERVED; // IETF protocol assignments, benchmarking
    }
    return Category.PUBLIC;
  }

  private static Category classify6(byte[] b) {
    boolean first10Zero = true;
    for (int i = 0; i < 10; i++) {
      first10Zero &= b[i] == 0;
    }
    if (first10Zero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      return classify4(last4(b)); // ::ffff:a.b.c.d, IPv4-mapped
    }
    if (first10Zero && b[10] == 0 && b[11] == 0) {
      byte[] v4 = last4(b);
      if (v4[0] == 0 && v4[1] == 0 && v4[2] == 0 && (v4[3] == 0 || v4[3] == 1)) {
        return v4[3] == 0 ? Category.UNSPECIFIED : Category.LOOPBACK; // :: and ::1
      }
      Category embedded = classify4(v4); // ::a.b.c.d, IPv4-compatible (deprecated)
      return embedded == Category.PUBLIC ? Category.RESERVED : embedded;
    }
    int b0 = b[0] & 0xff;
    int b1 = b[1] & 0xff;
    if (b0 == 0x00 && b1 == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
      boolean wellKnown = true;
      for (int i = 4; i < 12; i++) {
        wellKnown &= b[i] == 0;
      }
      if (wellKnown) {
        return classify4(last4(b)); // 64:ff9b::/96, NAT64
      }
    }
    if (b0 == 0x20 && b1 == 0x02) {
      Category embedded = classify4(new byte[] {b[2], b[3], b[4], b[5]}); // 2002::/16, 6to4
      if (embedded != Category.PUBLIC) {
        return embedded;
      }
    }
    if (b0 == 0xff) {
      return Category.MULTICAST;
    }
    if (b0 == 0xfe && (b1 & 0xc0) == 0x80) {
      return Category.LINK_LOCAL; // fe80::/10
    }
    if (b0 == 0xfe && (b1 & 0xc0) == 0xc0) {
      return Category.RESERVED; // fec0::/10, deprecated site-local
    }
    if ((b0 & 0xfe) == 0xfc) {
      return Category.PRIVATE; // fc00::/7, unique local
    }
    if (b0 == 0x20 && b1 == 0x01 && b[2] == 0 && b[3] == 0) {
      return Category.RESERVED; // 2001::/32, Teredo: hides an IPv4 address
    }
    return Category.PUBLIC;
  }

  private static byte[] last4(byte[] b) {
    return new byte[] {b[12], b[13], b[14], b[15]};
  }

  private static boolean matches(byte[] a, byte[] network, int prefix) {
    BigInteger mask =
        prefix == 0
            ? BigInteger.ZERO
            : BigInteger.ONE
                .shiftLeft(a.length * 8)
                .subtract(BigInteger.ONE)
                .shiftRight(a.length * 8 - prefix)
                .shiftLeft(a.length * 8 - prefix);
    return new BigInteger(1, a).and(mask).equals(new BigInteger(1, network).and(mask));
  }

  // --- spellings ---

  /** An IP literal in canonical form: a dotted quad or an IPv6 address (brackets allowed). */
  public static boolean isIpLiteral(String text) {
    String t = normaliseHost(text);
    if (t.contains(":")) {
      return t.matches("[0-9a-f:.%a-z]+") && t.chars().filter(c -> c == ':').count() >= 2;
    }
    return isCanonicalDottedQuad(t);
  }

  public static boolean isCanonicalDottedQuad(String host) {
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (!p.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  /**
   * The value {@code inet_aton} (as curl, browsers and glibc do) gives a host: one to four parts,
   * each decimal, octal (leading {@code 0}) or hex ({@code 0x}), the last filling the remaining
   * bytes. Empty if the host is not numeric at all.
   */
  public static OptionalLong inetAton(String host) {
    String[] parts = host.split("\\.", -1);
    if (parts.length < 1 || parts.length > 4) {
      return OptionalLong.empty();
    }
    long[] values = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      try {
        if (p.startsWith("0x") || p.startsWith("0X")) {
          values[i] = p.length() == 2 ? 0 : Long.parseLong(p.substring(2), 16);
        } else if (p.length() > 1 && p.startsWith("0")) {
          values[i] = Long.parseLong(p.substring(1), 8);
        } else {
          values[i] = Long.parseLong(p);
        }
      } catch (NumberFormatException e) {
        return OptionalLong.empty();
      }
      if (values[i] < 0) {
        return OptionalLong.empty();
      }
    }
    long result = 0;
    for (int i = 0; i < values.length - 1; i++) {
      if (values[i] > 255) {
        return OptionalLong.empty();
      }
      result |= values[i] << (8 * (3 - i));
    }
    long last = values[values.length - 1];
    if (last >= (1L << (8 * (5 - values.length)))) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(result | last);
  }

  /** A numeric IPv4 host in any spelling but the canonical dotted quad. */
  public static boolean isOddIpv4Spelling(String host) {
    String h = normaliseHost(host);
    if (h.contains(":") || isCanonicalDottedQuad(h)) {
      return false;
    }
    // a value too large for IPv4 is still a numeric spelling that some resolver may wrap
    return inetAton(h).isPresent()
        || h.matches("(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+))*\\.?");
  }

  // --- the declared host ---

  /**
   * The host the admin wrote, if {@code url}'s scheme and authority are made only of literal text
   * and {@code {config:...}} values ({@code configValue} gives them) and a literal {@code /},
   * {@code ?} or {@code #} closes the authority (else a group could extend the host name).
   */
  public static Optional<String> declaredHost(
      Template url, Function<Template.Part, Optional<String>> configValue) {
    StringBuilder prefix = new StringBuilder();
    boolean whole = true;
    for (Template.Part part : url.parts()) {
      if (part instanceof Template.Literal literal) {
        prefix.append(literal.text());
      } else if (part instanceof Template.ConfigRef) {
        Optional<String> value = configValue.apply(part);
        if (value.isEmpty()) {
          return Optional.empty();
        }
        prefix.append(value.get());
      } else {
        whole = false;
        break;
      }
    }
    String text = prefix.toString();
    int scheme = text.indexOf("://");
    if (scheme < 0) {
      return Optional.empty();
    }
    int end = indexOfAny(text, scheme + 3);
    if (end < 0 && !whole) {
      return Optional.empty();
    }
    String upToAuthority = end < 0 ? text : text.substring(0, end);
    try {
      URI uri = new URI(upToAuthority + "/");
      return Optional.ofNullable(uri.getHost()).map(DestinationPolicy::normaliseHost);
    } catch (java.net.URISyntaxException e) {
      return Optional.empty();
    }
  }

  private static int indexOfAny(String text, int from) {
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        return i;
      }
    }
    return -1;
  }

  /**
   * The host of {@code uri} as written, also when {@link URI#getHost()} gives none (a host such as
   * {@code 0x7f.1} makes the authority "registry-based").
   */
  public static String hostOf(URI uri) {
    if (uri.getHost() != null) {
      return normaliseHost(uri.getHost());
    }
    String authority = uri.getRawAuthority();
    if (authority == null) {
      return null;
    }
    int at = authority.lastIndexOf('@');
    String hostPort = at >= 0 ? authority.substring(at + 1) : authority;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      return close < 0 ? null : normaliseHost(hostPort.substring(0, close + 1));
    }
    int colon = hostPort.lastIndexOf(':');
    return normaliseHost(colon >= 0 ? hostPort.substring(0, colon) : hostPort);
  }

  @Override
  public String toString() {
    return "DestinationPolicy[declared="
        + declaredHost
        + ", private="
        + allowPrivateNetwork
        + ", hosts="
        + allowedHosts
        + ", cidrs="
        + allowedCidrs.size()
        + "]";
  }
}
