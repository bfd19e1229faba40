package dev.merchantry.platform.webhooks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookTargetsTest {

    /** A resolver with fixed answers, so no test depends on the machine's DNS. */
    private static WebhookTargets.Resolver dns(Map<String, List<String>> answers) {
        return host -> {
            List<String> addresses = answers.get(host);
            if (addresses == null) {
                // Literals resolve to themselves, as InetAddress.getAllByName does.
                if (host.matches("[0-9.]+") || host.contains(":")) {
                    return new InetAddress[] {InetAddress.getByName(host)};
                }
                throw new UnknownHostException(host);
            }
            InetAddress[] out = new InetAddress[addresses.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = InetAddress.getByName(addresses.get(i));
            }
            return out;
        };
    }

    private static final WebhookTargets PUBLIC_ONLY = new WebhookTargets(false, dns(Map.of(
            "hooks.example.com", List.of("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"),
            "rebind.example.com", List.of("93.184.216.34", "127.0.0.1"),
            "metadata.example.com", List.of("169.254.169.254"),
            "localhost", List.of("127.0.0.1", "::1"))));

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.1", "::1", "10.1.2.3", "172.16.0.1", "172.31.255.255",
            "192.168.1.1", "100.64.0.1", "169.254.169.254", "fe80::1", "fc00::1", "fd12:3456::1", "0.0.0.0", "::",
            "224.0.0.1", "255.255.255.255", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "198.18.0.1"})
    void nonPublicAddressesAreNamed(String literal) throws Exception {
        assertTrue(WebhookTargets.nonPublic(InetAddress.getByName(literal)) != null, literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111"})
    void publicAddressesPass(String literal) throws Exception {
        assertNull(WebhookTargets.nonPublic(InetAddress.getByName(literal)), literal);
    }

    @Test
    void aHostWithOnlyPublicAddressesResolves() throws Exception {
        assertEquals(2, PUBLIC_ONLY.resolve(URI.create("https://hooks.example.com/merchantry")).size());
    }

    @Test
    void everyAddressOfTheHostIsCheckedNotJustTheFirst() {
        WebhookTargets.Refused e = assertThrows(WebhookTargets.Refused.class,
                () -> PUBLIC_ONLY.resolve(URI.create("https://rebind.example.com/")));
        assertTrue(e.getMessage().contains("127.0.0.1") && e.getMessage().contains("loopback"), e.getMessage());
    }

    @Test
    void linkLocalMetadataAndLoopbackNamesAreRefused() {
        assertTrue(assertThrows(WebhookTargets.Refused.class, () -> PUBLIC_ONLY.resolve(
                URI.create("http://metadata.example.com/latest"))).getMessage().contains("link-local"));
        assertTrue(assertThrows(WebhookTargets.Refused.class, () -> PUBLIC_ONLY.resolve(
                URI.create("http://localhost:8080/"))).getMessage().contains("--allow-private-webhooks"));
        assertTrue(assertThrows(WebhookTargets.Refused.class, () -> PUBLIC_ONLY.resolve(
                URI.create("http://[::1]:8080/"))).getMessage().contains("loopback"));
    }

    @Test
    void aHostThatDoesNotResolveIsRefused() {
        assertTrue(assertThrows(WebhookTargets.Refused.class, () -> PUBLIC_ONLY.resolve(
                URI.create("https://nowhere.invalid/"))).getMessage().contains("does not resolve"));
    }

    @Test
    void privateTargetsPassWhenAllowed() throws Exception {
        WebhookTargets allowing = new WebhookTargets(true, dns(Map.of("localhost", List.of("127.0.0.1"))));
        assertEquals(List.of(InetAddress.getByName("127.0.0.1")),
                allowing.resolve(URI.create("http://localhost:9000/hook")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/x", "file:///etc/passwd", "gopher://example.com", "example.com/hook",
            "http:///nohost", "https://user:pass@example.com/", "https://example.com/#frag", "http://exa mple.com/"})
    void urlsOfAnotherShapeAreRefused(String url) {
        assertThrows(WebhookTargets.Refused.class, () -> WebhookTargets.parse(url));
    }

    @Test
    void overlongUrlsAreRefused() {
        String url = "https://example.com/" + "a".repeat(WebhookTargets.MAX_URL);
        assertTrue(assertThrows(WebhookTargets.Refused.class, () -> WebhookTargets.parse(url)).getMessage()
                .contains("at most"));
    }
}
