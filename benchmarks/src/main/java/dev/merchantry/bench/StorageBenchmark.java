package dev.merchantry.bench;

import dev.merchantry.platform.storage.Database;
import dev.merchantry.platform.storage.DatabaseOptions;
import dev.merchantry.platform.storage.EventRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Event storage alone, below HTTP and validation: how fast the embedded store takes batches of events from N
 * concurrent writers (what the group-committing writer is for), and how many bytes an event costs on disk.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.merchantry.bench.StorageBenchmark [events] [batch] [threads]</pre>
 */
public final class StorageBenchmark {

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        Path dir = Files.createTempDirectory("storage-bench");
        Random random = new Random(42);
        List<List<EventRecord>> batches = new ArrayList<>();
        long t0 = System.currentTimeMillis() - 200L * 86_400_000;
        for (int i = 0; i < events; i += batch) {
            List<EventRecord> b = new ArrayList<>(batch);
            for (int j = i; j < Math.min(events, i + batch); j++) {
                String customer = "c-" + random.nextInt(2000);
                boolean order = random.nextInt(10) == 0;
                List<EventRecord.EventItem> items = new ArrayList<>();
                items.add(new EventRecord.EventItem("p-" + random.nextInt(300), null, 19.9, 1, null));
                if (order) {
                    items.add(new EventRecord.EventItem("p-" + random.nextInt(300), null, 5.0, 2, null));
                }
                b.add(new EventRecord(UUID.randomUUID().toString(), order ? "Order Completed" : "Product Viewed",
                        t0 + j * 40_000L, customer, null, order ? "o-" + j : null, order ? 29.9 : null, null,
                        order ? "EUR" : null, null, null, null, "{\"product_id\":\"p-1\",\"price\":19.9}", items));
            }
            batches.add(b);
        }
        try (Database db = Database.open(DatabaseOptions.embedded(dir))) {
            db.shops().create("bench", "Bench");
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (List<EventRecord> b : batches) {
                done.add(pool.submit(() -> db.events().insert("bench", b)));
            }
            for (Future<?> f : done) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            long bytes;
            try (var files = Files.list(dir)) {
                bytes = files.mapToLong(f -> f.toFile().length()).sum();
            }
            System.out.printf("storage: %d events in batches of %d from %d threads: %.2f s, %.0f events/s,"
                    + " %d bytes on disk (%.0f B/event), integrity %s%n", events, batch, threads, seconds,
                    events / seconds, bytes, (double) bytes / events,
                    db.integrityProblems().isEmpty() ? "ok" : db.integrityProblems());
        }
    }
}
