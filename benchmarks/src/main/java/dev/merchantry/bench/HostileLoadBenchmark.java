package dev.merchantry.bench;

import dev.merchantry.platform.MerchantryNode;
import dev.merchantry.platform.NodeOptions;
import dev.merchantry.platform.http.HttpSettings;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a hostile client can do to a node (issue 20): (1) N connections each sending a 100 MB body without a token —
 * the node's heap and /health latency meanwhile; (2) thousands of idle connections — how fast a new client is still
 * served; (3) more connections than {@code --max-connections} — idle ones are evicted for the newcomer.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.merchantry.bench.HostileLoadBenchmark [bodies] [idle]</pre>
 */
public final class HostileLoadBenchmark {

    private static final String ADMIN = "bench-admin-token-0123456789";
    private static final int FLOOD_SECONDS = 10;

    public static void main(String[] args) throws Exception {
        int bodies = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int idle = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        Path dir = Files.createTempDirectory("hostile-bench");
        MerchantryNode node = MerchantryNode.start(NodeOptions.builder().host("127.0.0.1").port(0)
                .dataDir(dir.resolve("data")).pluginsDir(Files.createDirectories(dir.resolve("plugins")))
                .adminToken(ADMIN).http(HttpSettings.defaults().withMaxConnections(Math.max(idle + 500, 1_000)))
                .build());
        try {
            unauthenticatedBodies(node.port(), bodies);
            idleConnections(node.port(), idle);
        } finally {
            node.close();
        }
        int cap = 1_000;
        MerchantryNode capped = MerchantryNode.start(NodeOptions.builder().host("127.0.0.1").port(0)
                .dataDir(dir.resolve("data2")).pluginsDir(Files.createDirectories(dir.resolve("plugins")))
                .adminToken(ADMIN).http(HttpSettings.defaults().withMaxConnections(cap)).build());
        try {
            beyondTheCap(capped.port(), cap, 2 * cap);
        } finally {
            capped.close();
        }
    }

    private static void unauthenticatedBodies(int port, int connections) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 50; i++) {
            get(port, "/health"); // warm: the first probes pay for class loading and JIT, not for the flood
        }
        System.gc();
        long idleHeap = memory.getHeapMemoryUsage().getUsed();
        long bodyBytes = 100L << 20;
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong peakHeap = new AtomicLong(idleHeap);
        AtomicLong peakLive = new AtomicLong(liveAfterGc());
        List<Long> healthMillis = new ArrayList<>();
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                peakLive.accumulateAndGet(liveAfterGc(), Math::max);
                long t0 = System.nanoTime();
                int status = get(port, "/health");
                synchronized (healthMillis) {
                    healthMillis.add(status == 200 ? (System.nanoTime() - t0) / 1_000_000 : Long.MAX_VALUE);
                }
                sleep(50);
            }
        });
        sampler.start();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        List<Future<long[]>> sent = new ArrayList<>();
        long start = System.nanoTime();
        long floodUntil = System.nanoTime() + FLOOD_SECONDS * 1_000_000_000L;
        for (int i = 0; i < connections; i++) {
            // Each attacker reconnects and starts another 100 MB body as soon as the node closes the last one.
            sent.add(pool.submit(() -> {
                long[] total = new long[3];
                while (System.nanoTime() < floodUntil) {
                    long[] r = sendBody(port, bodyBytes);
                    total[0] += r[0];
                    total[1] += r[1] == 401 ? 1 : 0;
                    total[2]++;
                }
                return total;
            }));
        }
        long totalSent = 0;
        int answered401 = 0;
        long attempts = 0;
        for (Future<long[]> f : sent) {
            long[] r = f.get();
            totalSent += r[0];
            answered401 += (int) r[1];
            attempts += r[2];
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        sleep(500);
        running.set(false);
        sampler.join();
        pool.shutdown();
        long[] lat;
        synchronized (healthMillis) {
            lat = healthMillis.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        System.out.printf("unauthenticated bodies: %d connections re-sending %d MB bodies for %.1f s: %d requests,"
                        + " %d answered 401 (others reset before the client read the answer), %.1f MB written by"
                        + " the clients in total; heap idle %d MB, peak used %d MB (+%d MB, garbage included), peak after"
                        + " a collection %d MB (max heap %d MB); /health %d probes,"
                        + " p50 %d ms, p99 %d ms, max %d ms%n", connections, bodyBytes >> 20, seconds, attempts,
                answered401, totalSent / 1e6, idleHeap >> 20, peakHeap.get() >> 20,
                (peakHeap.get() - idleHeap) >> 20, peakLive.get() >> 20, memory.getHeapMemoryUsage().getMax() >> 20, lat.length, pct(lat, 0.5), pct(lat, 0.99), lat[lat.length - 1]);
    }

    /** Heap in use right after the latest collection of each pool: what survives, not garbage awaiting GC. */
    private static long liveAfterGc() {
        long live = 0;
        for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
                live += pool.getCollectionUsage().getUsed();
            }
        }
        return live;
    }

    /** Sends the head of a POST with a 100 MB body and then the body; returns {bytes written, status seen}. */
    private static long[] sendBody(int port, long bodyBytes) {
        long written = 0;
        int status = -1;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1/shops/x/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + bodyBytes + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 << 10];
            Arrays.fill(chunk, (byte) ' ');
            try {
                while (written < bodyBytes) {
                    out.write(chunk);
                    written += chunk.length;
                }
            } catch (IOException closedByServer) {
                // expected: the node answered 401 and closed the connection
            }
            try {
                status = statusOf(s.getInputStream());
            } catch (IOException e) {
                status = -2;
            }
        } catch (IOException e) {
            status = -3;
        }
        return new long[] {written, status};
    }

    private static void idleConnections(int port, int count) throws Exception {
        List<Socket> sockets = new ArrayList<>(count);
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            sockets.add(s);
        }
        double openSeconds = (System.nanoTime() - t0) / 1e9;
        long[] lat = new long[50];
        for (int i = 0; i < lat.length; i++) {
            long t = System.nanoTime();
            int status = get(port, "/health");
            lat[i] = status == 200 ? (System.nanoTime() - t) / 1_000_000 : Long.MAX_VALUE;
        }
        Arrays.sort(lat);
        System.out.printf("idle connections: %d opened in %.1f s, then a new client's /health: p50 %d ms, p99 %d ms,"
                + " max %d ms%n", count, openSeconds, pct(lat, 0.5), pct(lat, 0.99), lat[lat.length - 1]);
        for (Socket s : sockets) {
            s.close();
        }
    }

    private static void beyondTheCap(int port, int cap, int count) throws Exception {
        List<Socket> sockets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            sockets.add(s);
        }
        sleep(500);
        long[] lat = new long[50];
        for (int i = 0; i < lat.length; i++) {
            long t = System.nanoTime();
            int status = get(port, "/health");
            lat[i] = status == 200 ? (System.nanoTime() - t) / 1_000_000 : Long.MAX_VALUE;
        }
        Arrays.sort(lat);
        int closed = 0;
        for (Socket s : sockets) {
            try {
                s.setSoTimeout(1);
                if (s.getInputStream().read() < 0) {
                    closed++;
                }
            } catch (java.net.SocketTimeoutException stillOpen) {
                // open
            } catch (IOException reset) {
                closed++;
            }
            s.close();
        }
        System.out.printf("beyond the cap: --max-connections %d, %d idle connections opened, %d of them closed by the"
                + " node to admit newer ones; a new client's /health p50 %d ms, p99 %d ms%n", cap, count, closed,
                pct(lat, 0.5), pct(lat, 0.99));
    }

    private static int get(int port, String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL()
                    .openConnection();
            c.setConnectTimeout(5_000);
            c.setReadTimeout(5_000);
            int status = c.getResponseCode();
            (status < 400 ? c.getInputStream() : c.getErrorStream()).readAllBytes();
            return status;
        } catch (IOException e) {
            return -1;
        }
    }

    private static int statusOf(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        String[] parts = line.toString().split(" ");
        return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
    }

    private static long pct(long[] sorted, double p) {
        return sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
