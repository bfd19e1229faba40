package dev.merchantry.platform.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports for a node a test starts (and may restart) on a fixed port. They are taken below the kernel's
 * ephemeral range: a port from {@code new ServerSocket(0)} lies inside it and can be handed, between the test
 * closing it and the node binding it, to any outgoing connection as its local port (a CI run lost a cluster test
 * that way: "Port [35629] is already in use"). Below the range only an explicit bind can take it.
 */
public final class FreePorts {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LOWEST = 20_000;

    private FreePorts() {
    }

    /** One port that nothing listens on now. */
    public static int one() throws IOException {
        return distinct(1)[0];
    }

    /** {@code n} different ports, each bindable on loopback when returned. */
    public static int[] distinct(int n) throws IOException {
        int below = ephemeralLow();
        if (below - LOWEST < 1_000) {
            return fromKernel(n);
        }
        List<Integer> ports = new ArrayList<>();
        for (int attempt = 0; ports.size() < n && attempt < 1_000; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(LOWEST, below);
            if (!ports.contains(candidate) && bindable(candidate)) {
                ports.add(candidate);
            }
        }
        if (ports.size() < n) {
            throw new IOException("no " + n + " free loopback ports between " + LOWEST + " and " + below);
        }
        return ports.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The first port of the ephemeral range, or 0 where the kernel does not say (then the kernel picks). */
    private static int ephemeralLow() {
        try {
            return Integer.parseInt(Files.readString(EPHEMERAL_RANGE).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 0, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Ports the kernel picks, all held open together so that they differ. */
    private static int[] fromKernel(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress());
                held.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
    }
}
