package io.previewbridge.sources.control;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.DnsResolver;

/**
 * Resolves a host once, checks every address against the fetch's {@link DestinationPolicy}, and
 * hands exactly those addresses to the connection: what was checked is what is connected to, so a
 * DNS answer that changes between check and connect (rebinding) cannot reach a refused address. TLS
 * still verifies the certificate against the host name, which the connection keeps.
 *
 * <p>One resolver serves one fetch (all its hops): the policy differs per source.
 */
public final class PinnedDnsResolver implements DnsResolver {

  /** The name lookup; the system's by default, a fixed table in tests. */
  @FunctionalInterface
  public interface Lookup {
    InetAddress[] lookup(String host) throws UnknownHostException;
  }

  public static final Lookup SYSTEM = InetAddress::getAllByName;

  /** Thrown to stop a connection to a refused address; its message is the reason. */
  static final class Refused extends UnknownHostException {
    Refused(String reason) {
      super(reason);
    }
  }

  private final DestinationPolicy policy;
  private final List<String> globalAllowed;
  private final Lookup lookup;
  private final AtomicReference<String> refusal = new AtomicReference<>();

  PinnedDnsResolver(DestinationPolicy policy, List<String> globalAllowed, Lookup lookup) {
    this.policy = policy;
    this.globalAllowed = globalAllowed;
    this.lookup = lookup;
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    String h = DestinationPolicy.normaliseHost(host);
    if (DestinationPolicy.isOddIpv4Spelling(h)) {
      throw refuse(
          "the host is an IPv4 address in a non-standard (decimal, octal or hex) spelling");
    }
    InetAddress[] addresses = lookup.lookup(h);
    Optional<String> refused = policy.refuseAddresses(h, addresses, globalAllowed);
    if (refused.isPresent()) {
      throw refuse(refused.get());
    }
    return addresses.clone();
  }

  @Override
  public String resolveCanonicalHostname(String host) {
    return host; // no reverse lookups: the name stays the one that was checked
  }

  /** Why the last connection was refused, if it was. */
  Optional<String> refusal() {
    return Optional.ofNullable(refusal.get());
  }

  private Refused refuse(String reason) {
    refusal.set(reason);
    return new Refused(reason);
  }
}
