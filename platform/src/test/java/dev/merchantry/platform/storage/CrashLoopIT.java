package dev.merchantry.platform.storage;

import dev.merchantry.platform.http.ApiClient;
import dev.merchantry.platform.testing.FreePorts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteConfig;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19, "what it must show" 1: <em>acknowledged means durable</em> on the embedded database, shown on a real
 * {@code merchantry serve} process that is killed with SIGKILL at random moments while clients write to it.
 *
 * <p>Each cycle of {@link #acknowledgedWritesSurviveACrashLoop()}:
 * <ol>
 *   <li>several client threads write concurrently: event batches, product upserts, binding changes, new users;
 *       every write answered 2xx is recorded as acknowledged, and each thread's last unanswered write as in flight;
 *   <li>after a seeded random delay the node gets SIGKILL, mid-write;
 *   <li>the database file passes {@code PRAGMA integrity_check} (plain JDBC, before the node touches it again);
 *   <li>the node restarts on the same data directory, and every acknowledged write must be there: re-sent event
 *       batches are all duplicates and the stored event count is exact, products carry their last acknowledged
 *       value, the binding is the last acknowledged one, every user is listed and can log in. A write that was in
 *       flight may or may not have landed, but if it did it landed whole (one transaction), and from then on it
 *       counts as acknowledged.
 * </ol>
 * {@link #importCompletesExactlyAcrossKillNines()} kills the node during {@code merchantry import} instead.
 *
 * <p>System properties: {@code crashloop.cycles} (default 10), {@code crashloop.seed}, {@code
 * crashloop.import.events} (default 100,000), {@code crashloop.import.kills} (default 3). The data directories and
 * node logs stay under {@code target/crashloop} for a post-mortem.
 */
class CrashLoopIT {

    private static final String ADMIN = "crash-loop-admin-token-0123456789";
    private static final String SHOP = "crash";
    private static final int CYCLES = Integer.getInteger("crashloop.cycles", 10);
    private static final long SEED = Long.getLong("crashloop.seed", 19L);
    private static final int IMPORT_EVENTS = Integer.getInteger("crashloop.import.events", 100_000);
    private static final int IMPORT_KILLS = Integer.getInteger("crashloop.import.kills", 3);
    /** The bundled plugins: bindings need a real strategy ({@code popular}, from the baselines plugin). */
    private static final Path PLUGINS = Path.of("target/merchantry/plugins");
    /** Kept after the run, unlike a {@code @TempDir}, so a failure can be examined. */
    private static final Path WORK = Path.of("target/crashloop");
    private static final Path DB_FILE = Path.of("merchantry.db");

    /** Long enough for dozens of writes of every kind, short enough for a 10-cycle run well under 3 minutes. */
    private static final int MIN_KILL_DELAY_MS = 200;
    private static final int MAX_KILL_DELAY_MS = 3000;
    /** How often the import test reads the stored count while it waits for the next kill moment. */
    private static final Duration PROGRESS_POLL = Duration.ofMillis(50);
    private static final Duration WRITERS_STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration IMPORT_TIMEOUT = Duration.ofMinutes(5);

    private static final int EVENT_WRITERS = 2;
    private static final int MIN_BATCH = 200;
    private static final int MAX_BATCH = 400;
    private static final int CUSTOMERS = 2000;
    private static final int CATALOG = 300;
    private static final int PRODUCTS_PER_UPSERT = 20;
    /** Older acknowledged batches re-sent each cycle besides the cycle's own; all of them are re-sent at the end. */
    private static final int OLDER_BATCHES_RESENT = 3;
    private static final int MAX_REPORTED = 20;

    /** Every event timestamp is this instant plus a few minutes: in the past, and identical when a batch is re-sent. */
    private static final Instant EVENT_TIME = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);

    private final Ledger ledger = new Ledger();
    /** Acknowledged writes that were missing or stale after a restart. */
    private final List<String> losses = Collections.synchronizedList(new ArrayList<>());
    /** Everything else that is wrong: 5xx answers, partial transactions, a failed integrity check. */
    private final List<String> faults = Collections.synchronizedList(new ArrayList<>());
    /** Lost acknowledged writes per kind: events, products, bindings, users. */
    private final Map<String, Long> lost = new TreeMap<>(Map.of("events", 0L, "products", 0L, "bindings", 0L, "users", 0L));

    @Test
    void acknowledgedWritesSurviveACrashLoop() throws Exception {
        Path dir = fresh(WORK.resolve("loop"));
        Path data = dir.resolve("data");
        Random random = new Random(SEED);
        NodeProcess node = NodeProcess.start(data, PLUGINS, 0, ADMIN, dir.resolve("node-0.log"));
        int cycle = 0;
        try {
            String key = createShop(node.api(), SHOP);
            for (cycle = 1; cycle <= CYCLES; cycle++) {
                Cycle c = new Cycle(cycle, node.api(), key);
                ledger.startCycle();
                ExecutorService clients = Executors.newFixedThreadPool(EVENT_WRITERS + 3);
                List<Future<?>> writers = new ArrayList<>();
                for (int w = 0; w < EVENT_WRITERS; w++) {
                    int writer = w;
                    writers.add(clients.submit(() -> writeEvents(c, writer)));
                }
                writers.add(clients.submit(() -> writeProducts(c)));
                writers.add(clients.submit(() -> writeBindings(c)));
                writers.add(clients.submit(() -> writeUsers(c)));
                // The one deliberate pause, which is the scenario itself: the kill is scheduled at a seeded random
                // moment, so it lands in the middle of writes.
                NodeProcess victim = node;
                ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();
                try {
                    killer.schedule(() -> {
                        victim.kill();
                        return null;
                    }, MIN_KILL_DELAY_MS + random.nextInt(MAX_KILL_DELAY_MS - MIN_KILL_DELAY_MS + 1),
                            TimeUnit.MILLISECONDS).get();
                } finally {
                    killer.shutdownNow();
                }
                c.stopped = true;
                clients.shutdown();
                assertTrue(clients.awaitTermination(WRITERS_STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS),
                        "cycle " + cycle + ": the client threads did not stop after the kill");
                for (Future<?> w : writers) {
                    w.get();
                }
                checkIntegrity(data, "cycle " + cycle);
                node = NodeProcess.start(data, PLUGINS, 0, ADMIN, dir.resolve("node-" + cycle + ".log"));
                ApiClient api = node.api();
                verifyEvents(c, api, key, random);
                verifyProducts(c, api, key);
                verifyBinding(c, api, key);
                verifyUsers(c, api);
                assertTrue(losses.isEmpty() && faults.isEmpty(), "after cycle " + cycle + " (seed " + SEED + ", node log "
                        + node.log() + "):\n" + report());
            }
            resendEveryBatch(node.api(), key, "end of the run");
        } catch (IllegalStateException noAnswer) {
            // The node did not start, or did not answer a request (connection refused, 30 s timeout).
            throw new AssertionError("cycle " + cycle + " (seed " + SEED + "): " + noAnswer.getMessage() + "; node log "
                    + node.log(), noAnswer);
        } finally {
            node.close();
            // Printed on failure too: how far the loop got and what it had acknowledged by then.
            System.out.printf(Locale.ROOT, "crash-loop: cycles=%d acknowledged_events=%d acknowledged_products=%d"
                            + " acknowledged_bindings=%d acknowledged_users=%d lost=%d integrity=%s%n",
                    Math.min(cycle, CYCLES), ledger.acknowledgedEvents.get(), ledger.acknowledgedProducts.get(),
                    ledger.acknowledgedBindings, ledger.users.size() - ledger.inFlightUsersLanded, totalLost(), ledger.integrity);
            System.out.printf(Locale.ROOT, "crash-loop: seed=%d in_flight_batches_landed=%d in_flight_batches_lost=%d"
                            + " stored_events=%d lost_by_kind=%s%n", SEED, ledger.inFlightLanded, ledger.inFlightNotLanded,
                    ledger.storedEvents(), lost);
        }
        assertEquals("", report());
        assertEquals(0, totalLost());
    }

    @Test
    void importCompletesExactlyAcrossKillNines() throws Exception {
        Path dir = fresh(WORK.resolve("import"));
        Path data = dir.resolve("data");
        Random random = new Random(SEED + 1);
        EventFile file = EventFile.write(dir.resolve("events.csv"), IMPORT_EVENTS, random);
        // A fixed port: the importer's checkpoint is only trusted for the same URL, and a resumed import is the point.
        int port = FreePorts.one();
        NodeProcess node = NodeProcess.start(data, PLUGINS, port, ADMIN, dir.resolve("node-0.log"));
        Process importer = null;
        int kills = 0;
        int runs = 0;
        List<String> fates = new ArrayList<>();
        try {
            String key = createShop(node.api(), "imp");
            while (true) {
                if (importer == null || !importer.isAlive()) {
                    if (importer != null && importer.exitValue() == 0 && kills >= IMPORT_KILLS) {
                        break;
                    }
                    assertTrue(runs < IMPORT_KILLS + 10, "the import was started " + runs + " times; last log "
                            + dir.resolve("import-" + runs + ".log") + ":\n"
                            + NodeProcess.tail(dir.resolve("import-" + runs + ".log"), 20));
                    runs++;
                    importer = startImport(port, key, file.path(), dir.resolve("import-" + runs + ".log"));
                }
                if (kills >= IMPORT_KILLS) {
                    assertTrue(importer.waitFor(IMPORT_TIMEOUT.toSeconds(), TimeUnit.SECONDS),
                            "the import did not finish within " + IMPORT_TIMEOUT);
                    continue;
                }
                // The kill moment: a random point of the import's progress, kill k within the k-th part of the
                // file, so each run has confirmed batches (and a checkpoint) behind it and batches in flight.
                double from = (kills + 0.15) / IMPORT_KILLS;
                double to = (kills + 0.85) / IMPORT_KILLS;
                long target = (long) (file.events() * (from + random.nextDouble() * (to - from)));
                if (!awaitStored(node.api(), key, target, importer)) {
                    continue;  // it ended first: the next run gets the kill instead
                }
                node.kill();
                kills++;
                // Three ways an import meets a crashed node: the importer dies too (no checkpoint flush), it is
                // stopped (its shutdown hook saves the checkpoint), or it rides out the restart on its retries.
                switch (kills % 3) {
                    case 1 -> {
                        importer.destroyForcibly();
                        fates.add("importer SIGKILLed");
                    }
                    case 2 -> {
                        importer.destroy();
                        fates.add("importer SIGTERMed");
                    }
                    default -> fates.add("importer left retrying");
                }
                if (kills % 3 != 0) {
                    assertTrue(importer.waitFor(30, TimeUnit.SECONDS), "the importer did not stop");
                }
                checkIntegrity(data, "import kill " + kills);
                node = NodeProcess.start(data, PLUGINS, port, ADMIN, dir.resolve("node-" + kills + ".log"));
            }
            JsonObject summary = ok(node.api().get("/api/v1/shops/imp/events/summary", key), 200).json();
            int resumed = 0;
            for (int run = 1; run <= runs; run++) {
                resumed += NodeProcess.tail(dir.resolve("import-" + run + ".log"), 1000).contains("note: resuming") ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "crash-import: events=%d kills=%d (%s) import_runs=%d resumed_runs=%d"
                            + " stored=%d integrity=%s%n", file.events(), kills, String.join(", ", fates), runs, resumed,
                    summary.getLong("total"), ledger.integrity);
            assertEquals("", report());
            if (IMPORT_KILLS >= 2) {
                assertTrue(resumed > 0, "the run after the importer's SIGTERM must resume from its checkpoint");
            }
            assertEquals(file.events(), summary.getLong("total"), "stored events after the last import run");
            Map<String, Long> stored = new TreeMap<>();
            summary.getJsonObject("by_type").forEach(e -> stored.put(e.getKey(), ((Number) e.getValue()).longValue()));
            assertEquals(file.byType(), stored, "stored events per type");
            assertTrue(Files.notExists(dir.resolve("events.csv.rejects.csv")), "no row may be rejected");
        } catch (IllegalStateException noAnswer) {
            throw new AssertionError("after import kill " + kills + " (seed " + SEED + "): " + noAnswer.getMessage()
                    + "; node log " + node.log(), noAnswer);
        } finally {
            if (importer != null) {
                importer.destroyForcibly().waitFor();
            }
            node.close();
        }
    }

    // ---------------------------------------------------------------- the client threads of one cycle

    /** One kill cycle as the client threads see it. */
    private static final class Cycle {
        final int number;
        final ApiClient api;
        final String key;
        volatile boolean stopped;

        Cycle(int number, ApiClient api, String key) {
            this.number = number;
            this.api = api;
            this.key = key;
        }
    }

    private void writeEvents(Cycle c, int writer) {
        Random random = new Random(SEED * 31 + c.number * 7L + writer);
        for (int seq = 0; !c.stopped; seq++) {
            EventBatch batch = new EventBatch("c" + c.number + "-w" + writer + "-b" + seq,
                    MIN_BATCH + random.nextInt(MAX_BATCH - MIN_BATCH + 1));
            ledger.batchesInFlight.put(writer, batch);
            ApiClient.Response r = attempt(() -> c.api.post(eventsPath(), c.key, batch.body()));
            if (r == null) {
                return;
            }
            if (!answered(c, "POST events " + batch.key(), r, 200)) {
                return;
            }
            JsonObject reply = r.json();
            if (reply.getLong("accepted") != batch.size() || !reply.getJsonArray("rejected").isEmpty()) {
                faults.add("cycle " + c.number + ": new batch " + batch.key() + " of " + batch.size() + " answered " + reply);
            }
            ledger.batches.add(batch);
            ledger.batchesInFlight.remove(writer);
            ledger.acknowledgedEvents.addAndGet(batch.size());
        }
    }

    private void writeProducts(Cycle c) {
        Random random = new Random(SEED * 37 + c.number);
        while (!c.stopped) {
            int version = ledger.productWrites.incrementAndGet();
            Set<String> ids = new TreeSet<>();
            while (ids.size() < PRODUCTS_PER_UPSERT) {
                ids.add("p-" + random.nextInt(CATALOG));
            }
            ProductUpsert upsert = new ProductUpsert(version, List.copyOf(ids));
            JsonArray body = new JsonArray();
            ids.forEach(id -> body.add(new JsonObject().put("product_id", id).put("title", upsert.title())
                    .put("price", upsert.price()).put("category", "cat-" + Math.floorMod(id.hashCode(), 12))));
            ledger.productInFlight = upsert;
            ApiClient.Response r = attempt(() -> c.api.put(productsPath(), c.key, body.encode()));
            if (r == null || !answered(c, "PUT products v" + version, r, 200)) {
                return;
            }
            if (r.json().getInteger("accepted") != ids.size()) {
                faults.add("cycle " + c.number + ": product upsert v" + version + " answered " + r.body());
            }
            ids.forEach(id -> ledger.productVersions.put(id, version));
            ledger.productInFlight = null;
            ledger.acknowledgedProducts.addAndGet(ids.size());
        }
    }

    private void writeBindings(Cycle c) {
        while (!c.stopped) {
            // half_life_days doubles as the binding's version: each PUT sets a value no other PUT uses.
            double halfLife = ++ledger.bindingWrites + 0.5;
            String body = new JsonObject().put("strategy", "popular")
                    .put("config", new JsonObject().put("half_life_days", halfLife)).encode();
            ledger.bindingInFlight = halfLife;
            ApiClient.Response r = attempt(() -> c.api.put(bindingPath(), c.key, body));
            if (r == null || !answered(c, "PUT binding " + halfLife, r, 200)) {
                return;
            }
            ledger.binding = halfLife;
            ledger.bindingInFlight = null;
            ledger.acknowledgedBindings++;
        }
    }

    private void writeUsers(Cycle c) {
        while (!c.stopped) {
            String email = "u" + (++ledger.userWrites) + "@crash.example";
            String body = new JsonObject().put("email", email).put("password", password(email))
                    .put("shops", new JsonArray().add(SHOP)).encode();
            ledger.userInFlight = email;
            ApiClient.Response r = attempt(() -> c.api.post("/api/v1/users", ADMIN, body));
            if (r == null || !answered(c, "POST users " + email, r, 201)) {
                return;
            }
            ledger.users.add(email);
            ledger.usersToLogIn.add(email);
            ledger.userInFlight = null;
        }
    }

    /** Sends one write; null when the connection failed (the node is gone), so the write stays in flight. */
    private static ApiClient.Response attempt(Supplier<ApiClient.Response> request) {
        try {
            return request.get();
        } catch (IllegalStateException connectionLost) {
            return null;
        }
    }

    /** A status other than the expected one is the node's own answer (a kill gives no answer at all): a fault. */
    private boolean answered(Cycle c, String what, ApiClient.Response r, int expected) {
        if (r.status() == expected) {
            return true;
        }
        faults.add("cycle " + c.number + ": " + what + " answered " + r.status() + ": " + abbreviate(r.body()));
        return false;
    }

    // ---------------------------------------------------------------- checks after each restart

    private void verifyEvents(Cycle c, ApiClient api, String key, Random random) {
        long stored = eventCount(api, key);
        long atLeast = ledger.storedEvents();
        long inFlight = ledger.batchesInFlight.values().stream().mapToLong(EventBatch::size).sum();
        if (stored < atLeast) {
            // Find out which batches went missing (re-sending them also stores them again for the next cycles).
            resendEveryBatch(api, key, "cycle " + c.number + " (stored " + stored + " < acknowledged " + atLeast + ")");
        } else if (stored > atLeast + inFlight) {
            faults.add("cycle " + c.number + ": " + stored + " events stored, but only " + atLeast + " acknowledged and "
                    + inFlight + " in flight");
        }
        List<String> landed = new ArrayList<>();
        for (EventBatch batch : List.copyOf(ledger.batchesInFlight.values())) {
            JsonObject reply = ok(api.post(eventsPath(), key, batch.body()), 200).json();
            long accepted = reply.getLong("accepted");
            if (accepted == batch.size()) {
                ledger.inFlightNotLanded++;
            } else if (accepted == 0 && reply.getLong("duplicates") == batch.size()) {
                ledger.inFlightLanded++;
                landed.add(batch.key());
            } else {
                faults.add("cycle " + c.number + ": batch " + batch.key() + ", in flight at the kill, was stored in part: "
                        + "re-sent it answers " + reply.getLong("accepted") + " accepted, " + reply.getLong("duplicates")
                        + " duplicates of " + batch.size());
            }
            ledger.batches.add(batch);
        }
        ledger.batchesInFlight.clear();
        List<EventBatch> sample = new ArrayList<>(ledger.batches.subList(ledger.firstBatchOfCycle, ledger.batches.size()));
        for (int i = 0; i < OLDER_BATCHES_RESENT && ledger.firstBatchOfCycle > 0; i++) {
            sample.add(ledger.batches.get(random.nextInt(ledger.firstBatchOfCycle)));
        }
        for (EventBatch batch : sample) {
            resend(api, key, batch, "cycle " + c.number);
        }
        // Every batch is now acknowledged or confirmed by a re-send, so the count must be exact. Fewer means events
        // whose ids the store still knows (re-sending them answers "duplicate") but which reads no longer see.
        long after = eventCount(api, key);
        long expected = ledger.storedEvents();
        if (after < expected) {
            lost.merge("events", expected - after, Long::sum);
            losses.add("cycle " + c.number + ": the events summary counts " + after + " events, but " + expected
                    + " were acknowledged (or were in flight and a re-send answered 'duplicate'): " + (expected - after)
                    + " events are unreadable, yet re-sending them is refused as duplicates; in-flight batches that"
                    + " had landed: " + landed);
        } else if (after > expected) {
            faults.add("cycle " + c.number + ": " + after + " events stored after the re-sends, expected " + expected);
        }
    }

    private void resendEveryBatch(ApiClient api, String key, String when) {
        for (EventBatch batch : List.copyOf(ledger.batches)) {
            resend(api, key, batch, when);
        }
    }

    /** Re-sends an acknowledged batch: every event must be a duplicate; each one accepted again had been lost. */
    private void resend(ApiClient api, String key, EventBatch batch, String when) {
        JsonObject reply = ok(api.post(eventsPath(), key, batch.body()), 200).json();
        long accepted = reply.getLong("accepted");
        if (accepted > 0) {
            lost.merge("events", accepted, Long::sum);
            losses.add(when + ": acknowledged batch " + batch.key() + " re-sent: " + accepted + " of " + batch.size()
                    + " events were gone");
        } else if (reply.getLong("duplicates") != batch.size()) {
            faults.add(when + ": batch " + batch.key() + " re-sent answers " + reply);
        }
    }

    private void verifyProducts(Cycle c, ApiClient api, String key) {
        Map<String, JsonObject> stored = products(api, key);
        ProductUpsert inFlight = ledger.productInFlight;
        int inFlightSeen = 0;
        if (inFlight != null) {
            for (String id : inFlight.ids()) {
                JsonObject p = stored.get(id);
                if (p != null && inFlight.title().equals(p.getString("title"))) {
                    inFlightSeen++;
                }
            }
            if (inFlightSeen != 0 && inFlightSeen != inFlight.ids().size()) {
                faults.add("cycle " + c.number + ": product upsert v" + inFlight.version() + ", in flight at the kill, "
                        + "was stored for " + inFlightSeen + " of its " + inFlight.ids().size() + " products");
            }
            if (inFlightSeen > 0) {
                inFlight.ids().forEach(id -> ledger.productVersions.put(id, inFlight.version()));
            }
        }
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, Integer> e : new TreeMap<>(ledger.productVersions).entrySet()) {
            ProductUpsert expected = new ProductUpsert(e.getValue(), List.of(e.getKey()));
            JsonObject p = stored.get(e.getKey());
            if (p == null || !expected.title().equals(p.getString("title"))
                    || expected.price() != p.getDouble("price")) {
                stale.add(e.getKey() + " is " + (p == null ? "missing" : p.getString("title")) + " instead of "
                        + expected.title());
            }
        }
        if (!stale.isEmpty()) {
            lost.merge("products", (long) stale.size(), Long::sum);
            losses.add("cycle " + c.number + ": " + stale.size() + " products lost their last acknowledged upsert"
                    + (inFlight == null ? "" : " (v" + inFlight.version() + " was in flight, seen on " + inFlightSeen
                    + " products)") + ": " + String.join(", ", stale.subList(0, Math.min(stale.size(), MAX_REPORTED)))
                    + (stale.size() > MAX_REPORTED ? ", …" : ""));
        }
        ledger.productInFlight = null;
    }

    private void verifyBinding(Cycle c, ApiClient api, String key) {
        ApiClient.Response r = api.get(bindingPath(), key);
        Double stored = r.status() == 404 ? null : ok(r, 200).json().getJsonObject("config").getDouble("half_life_days");
        Double inFlight = ledger.bindingInFlight;
        if (stored != null && stored.equals(inFlight)) {
            ledger.binding = inFlight;
        } else if (!java.util.Objects.equals(stored, ledger.binding)) {
            lost.merge("bindings", 1L, Long::sum);
            losses.add("cycle " + c.number + ": the recommender binding has half_life_days " + stored + ", but "
                    + ledger.binding + " was acknowledged" + (inFlight == null ? "" : " (and " + inFlight + " in flight)"));
        }
        ledger.bindingInFlight = null;
    }

    private void verifyUsers(Cycle c, ApiClient api) {
        Set<String> listed = new HashSet<>();
        ok(api.get("/api/v1/users", ADMIN), 200).json().getJsonArray("users")
                .forEach(u -> listed.add(((JsonObject) u).getString("email")));
        String inFlight = ledger.userInFlight;
        if (inFlight != null && listed.contains(inFlight)) {
            ledger.users.add(inFlight);
            ledger.usersToLogIn.add(inFlight);
            ledger.inFlightUsersLanded++;
        }
        List<String> missing = ledger.users.stream().filter(email -> !listed.contains(email)).sorted().toList();
        if (!missing.isEmpty()) {
            lost.merge("users", (long) missing.size(), Long::sum);
            losses.add("cycle " + c.number + ": " + missing.size() + " acknowledged users are not listed: "
                    + String.join(", ", missing.subList(0, Math.min(missing.size(), MAX_REPORTED))));
        }
        // Logging in hashes the password (PBKDF2, ~0.2 s), so each user does it once, after its first crash.
        for (String email : ledger.usersToLogIn) {
            if (listed.contains(email)) {
                ApiClient.Response login = api.post("/api/v1/sessions", null,
                        new JsonObject().put("email", email).put("password", password(email)).encode());
                if (login.status() != 201) {
                    faults.add("cycle " + c.number + ": user " + email + " is listed but cannot log in: "
                            + login.status() + " " + abbreviate(login.body()));
                }
            }
        }
        ledger.usersToLogIn.clear();
        ledger.userInFlight = null;
    }

    /** {@code PRAGMA integrity_check} over plain JDBC, read-only so the check itself changes nothing. */
    private void checkIntegrity(Path data, String when) throws SQLException {
        Path db = data.resolve(DB_FILE);
        assertTrue(Files.isRegularFile(db), when + ": the embedded store " + db + " does not exist");
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db, config.toProperties());
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA integrity_check")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        if (!rows.equals(List.of("ok"))) {
            ledger.integrity = "failed";
            faults.add(when + ": PRAGMA integrity_check says " + rows.subList(0, Math.min(rows.size(), MAX_REPORTED)));
        }
    }

    // ---------------------------------------------------------------- what the clients were told

    /** What the node acknowledged, and the writes in flight at the kill (which may or may not have landed). */
    private static final class Ledger {
        /** Acknowledged batches, plus in-flight ones once re-sent after the restart: all stored from then on. */
        final List<EventBatch> batches = Collections.synchronizedList(new ArrayList<>());
        final Map<Integer, EventBatch> batchesInFlight = new ConcurrentHashMap<>();
        final AtomicLong acknowledgedEvents = new AtomicLong();
        int firstBatchOfCycle;
        long inFlightLanded;
        long inFlightNotLanded;

        /** Product id → version of its last acknowledged upsert (or of an in-flight one seen after the restart). */
        final Map<String, Integer> productVersions = new ConcurrentHashMap<>();
        final AtomicInteger productWrites = new AtomicInteger();
        final AtomicLong acknowledgedProducts = new AtomicLong();
        volatile ProductUpsert productInFlight;

        volatile Double binding;
        volatile Double bindingInFlight;
        volatile int bindingWrites;
        volatile long acknowledgedBindings;

        final Set<String> users = ConcurrentHashMap.newKeySet();
        final Set<String> usersToLogIn = ConcurrentHashMap.newKeySet();
        volatile String userInFlight;
        volatile int userWrites;
        int inFlightUsersLanded;

        String integrity = "ok";

        void startCycle() {
            firstBatchOfCycle = batches.size();
        }

        long storedEvents() {
            synchronized (batches) {
                return batches.stream().mapToLong(EventBatch::size).sum();
            }
        }
    }

    /** An event batch, regenerated from its key whenever it is sent, so the ledger holds keys, not megabytes of JSON. */
    record EventBatch(String key, int size) {
        String body() {
            StringBuilder b = new StringBuilder(size * 200).append('[');
            int h = key.hashCode();
            for (int i = 0; i < size; i++) {
                String id = key + "-" + i;
                String customer = "cust-" + Math.floorMod(h + 7 * i, CUSTOMERS);
                String product = "p-" + Math.floorMod(h + 13 * i, CATALOG);
                int kind = Math.floorMod(h + i, 20);
                String type = kind < 15 ? "Product Viewed" : kind < 18 ? "Product Added" : "Order Completed";
                JsonObject properties = type.equals("Order Completed")
                        ? new JsonObject().put("order_id", id).put("currency", "EUR").put("products", new JsonArray()
                                .add(new JsonObject().put("product_id", product).put("price", 19.5).put("quantity", 1)))
                        : new JsonObject().put("product_id", product);
                b.append(i == 0 ? "" : ",").append(new JsonObject().put("event_id", id).put("type", type)
                        .put("timestamp", EVENT_TIME.plusSeconds(i).toString()).put("customer_id", customer)
                        .put("properties", properties).encode());
            }
            return b.append(']').toString();
        }
    }

    /** One product upsert: every product in it gets the title and price of the write's version. */
    record ProductUpsert(int version, List<String> ids) {
        String title() {
            return "v" + version;
        }

        double price() {
            return version / 100.0;
        }
    }

    // ---------------------------------------------------------------- the import test's file and process

    /** A generated events CSV: views, cart adds and multi-line orders of 2,000 customers over 300 products. */
    record EventFile(Path path, long events, Map<String, Long> byType) {
        static EventFile write(Path path, int events, Random random) throws IOException {
            Map<String, Long> byType = new TreeMap<>();
            Instant start = Instant.now().minus(Duration.ofDays(90)).truncatedTo(ChronoUnit.SECONDS);
            long step = Duration.ofDays(89).toSeconds() / events;
            try (BufferedWriter w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
                w.write("event_id,type,timestamp,customer_id,product_id,price,quantity,order_id,revenue,currency\n");
                for (int i = 0; i < events; i++) {
                    String ts = start.plusSeconds(i * step).toString();
                    String customer = "cust-" + random.nextInt(CUSTOMERS);
                    double r = random.nextDouble();
                    String type = r < 0.75 ? "Product Viewed" : r < 0.92 ? "Product Added" : "Order Completed";
                    byType.merge(type, 1L, Long::sum);
                    int lines = type.equals("Order Completed") ? 1 + random.nextInt(3) : 1;
                    for (int line = 0; line < lines; line++) {
                        int product = random.nextInt(CATALOG);
                        String price = String.format(Locale.ROOT, "%.2f", 4.99 + product % 50);
                        w.write(type.equals("Order Completed")
                                ? String.join(",", "o-" + i, type, ts, customer, "p-" + product, price,
                                        Integer.toString(1 + random.nextInt(2)), "o-" + i, "", "EUR")
                                : String.join(",", "e-" + i, type, ts, customer, "p-" + product, price, "", "", "", ""));
                        w.write('\n');
                    }
                }
            }
            return new EventFile(path, events, byType);
        }
    }

    /**
     * Polls the shop's stored event count until it reaches {@code target}; false when the importer ended first.
     * Bounded by {@link #IMPORT_TIMEOUT}.
     */
    private static boolean awaitStored(ApiClient api, String key, long target, Process importer)
            throws InterruptedException {
        long deadline = System.nanoTime() + IMPORT_TIMEOUT.toNanos();
        while (importer.isAlive()) {
            long stored = ok(api.get("/api/v1/shops/imp/events/summary", key), 200).json().getLong("total");
            if (stored >= target) {
                return true;
            }
            assertTrue(System.nanoTime() < deadline, "the import stored " + stored + " events in " + IMPORT_TIMEOUT
                    + "; the kill waited for " + target);
            importer.waitFor(PROGRESS_POLL.toMillis(), TimeUnit.MILLISECONDS);
        }
        return false;
    }

    private static Process startImport(int port, String key, Path file, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(NodeProcess.javaCommand("-Xmx256m", "dev.merchantry.platform.cli.Main",
                "import", "--url", "http://127.0.0.1:" + port, "--shop", "imp", "--events", file.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("MERCHANTRY_API_KEY", key);
        return pb.start();
    }

    // ---------------------------------------------------------------- small helpers

    private static String createShop(ApiClient api, String id) {
        return ok(api.post("/api/v1/shops", ADMIN, new JsonObject().put("id", id).put("name", id).encode()), 201)
                .json().getString("api_key");
    }

    private static long eventCount(ApiClient api, String key) {
        return ok(api.get(eventsPath() + "/summary", key), 200).json().getLong("total");
    }

    private static Map<String, JsonObject> products(ApiClient api, String key) {
        Map<String, JsonObject> out = new HashMap<>();
        String cursor = null;
        do {
            JsonObject page = ok(api.get(productsPath() + "?limit=1000" + (cursor == null ? "" : "&cursor=" + cursor),
                    key), 200).json();
            page.getJsonArray("products").forEach(p -> out.put(((JsonObject) p).getString("product_id"), (JsonObject) p));
            cursor = page.getString("next_cursor");
        } while (cursor != null);
        return out;
    }

    private static ApiClient.Response ok(ApiClient.Response r, int expected) {
        assertEquals(expected, r.status(), r.body());
        return r;
    }

    private static String eventsPath() {
        return "/api/v1/shops/" + SHOP + "/events";
    }

    private static String productsPath() {
        return "/api/v1/shops/" + SHOP + "/products";
    }

    private static String bindingPath() {
        return "/api/v1/shops/" + SHOP + "/strategies/recommender";
    }

    private static String password(String email) {
        return "pw-" + email;
    }

    private long totalLost() {
        return lost.values().stream().mapToLong(Long::longValue).sum();
    }

    private String report() {
        List<String> all = new ArrayList<>();
        synchronized (losses) {
            all.addAll(losses.subList(0, Math.min(losses.size(), MAX_REPORTED)));
        }
        synchronized (faults) {
            all.addAll(faults.subList(0, Math.min(faults.size(), MAX_REPORTED)));
        }
        return String.join("\n", all);
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    private static Path fresh(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }
}
