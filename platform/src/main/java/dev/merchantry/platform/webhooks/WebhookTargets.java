package dev.merchantry.platform.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Where a webhook may point. A URL is {@code http} or {@code https} with a host, no user info, at most
 * {@value #MAX_URL} characters. Unless private targets are allowed, every address its host resolves to must be a
 * public one: loopback, private (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7, fec0::/10), link-local
 * (169.254/16 — cloud metadata services live there — and fe80::/10), unspecified, multicast, broadcast and other
 * reserved ranges are refused. The check runs when a webhook is created and again before every attempt, on the
 * addresses the attempt then connects to (DNS rebinding). Blocking (DNS): call off the event loop.
 */
public final class WebhookTargets {

    public static final int MAX_URL = 2048;

    /** Resolves a host name to its addresses; {@link InetAddress#getAllByName} outside tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A URL that cannot be used, with a message completing "url …". */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    private final boolean allowPrivate;
    private final Resolver resolver;

    public WebhookTargets(boolean allowPrivate, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    public static WebhookTargets system(boolean allowPrivate) {
        return new WebhookTargets(allowPrivate, InetAddress::getAllByName);
    }

    public boolean allowPrivate() {
        return allowPrivate;
    }

    /** The URL parsed and checked for shape (scheme, host, no user info), without resolving it. */
    public static URI parse(String url) throws Refused {
        if (url.length() > MAX_URL) {
            throw new Refused("must be at most " + MAX_URL + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Refused("is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Refused("must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new Refused("must name a host (http://host[:port]/path)");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("must not contain a user name or password; authenticate deliveries by their signature");
        }
        if (uri.getRawFragment() != null) {
            throw new Refused("must not contain a fragment (#...)");
        }
        return uri;
    }

    /**
     * The addresses the URL's host resolves to, after checking every one of them; refused when the host does not
     * resolve or any address is not public (unless private targets are allowed).
     */
    public List<InetAddress> resolve(URI url) throws Refused {
        String host = url.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new Refused("host '" + host + "' does not resolve");
        }
        if (addresses == null || addresses.length == 0) {
            throw new Refused("host '" + host + "' does not resolve");
        }
        if (!allowPrivate) {
            for (InetAddress address : addresses) {
                String kind = nonPublic(address);
                if (kind != null) {
                    throw new Refused("host '" + host + "' resolves to " + address.getHostAddress() + ", a " + kind
                            + " address; webhooks go to public addresses only (serve --allow-private-webhooks"
                            + " lifts this)");
                }
            }
        }
        return List.of(addresses);
    }

    /** What kind of non-public address this is ("loopback", "private", "link-local", …), or null if public. */
    public static String nonPublic(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return "loopback";
        }
        if (address.isLinkLocalAddress()) {
            return "link-local";
        }
        if (address.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (address.isMulticastAddress()) {
            return "multicast";
        }
        if (address.isSiteLocalAddress()) {
            return "private";
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return "unspecified";
            }
            if (first == 100 && second >= 64 && second < 128) {
                return "private"; // shared address space (carrier-grade NAT), RFC 6598
            }
            if (first == 192 && second == 0 && (b[2] & 0xff) == 0) {
                return "reserved"; // IETF protocol assignments, RFC 6890
            }
            if (first == 198 && (second == 18 || second == 19)) {
                return "reserved"; // benchmarking, RFC 2544
            }
            if (first >= 240) {
                return "reserved"; // future use and the broadcast address
            }
            return null;
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return "private"; // unique local, fc00::/7
            }
            if (isEmbeddedIpv4(b)) {
                // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible) reach the IPv4 address: judge that one.
                try {
                    return nonPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return null;
    }

    private static boolean isEmbeddedIpv4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff);
    }
}
