package dev.merchantry.bench;

import dev.merchantry.platform.MerchantryNode;
import dev.merchantry.platform.NodeOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Sustained event ingestion of a real Merchantry node, in events/s, on the embedded SQLite default and on a real (embedded)
 * PostgreSQL, against the ceiling of the HTTP transport alone (a bare Vert.x server answering the same bodies,
 * measured in the same run with the same client). Prints a table and writes it as JSON; see docs/benchmarks.md.
 *
 * <pre>mvn -q package -DskipTests &amp;&amp; java -jar benchmarks/target/benchmarks.jar [--events N] [--db sqlite|postgres|all]</pre>
 */
public final class IngestBenchmark {

    static final String ADMIN_TOKEN = "bench-admin-token-0123456789";
    private static final String SHOP = "bench";
    /** Other processes using more than this many cores make a phase "measured on a busy machine". */
    private static final double QUIET_CORES = 0.15;
    /** The run stops when the disk holding the database has less than this left (the machine may be shared). */
    private static final long FREE_SPACE_FLOOR = 1L << 30;

    /** One line of the results table. */
    record Row(String target, String phase, LoadDriver.Run run, CpuMeter.Usage cpu) {
    }

    private final BenchOptions options;
    private final LoadDriver driver;
    private final CpuMeter cpu = new CpuMeter();
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, JsonObject> databaseInfo = new LinkedHashMap<>();
    private final Map<String, JsonObject> profiles = new LinkedHashMap<>();
    private List<EventCorpus.Batch> warmup;
    private List<EventCorpus.Batch> measured;
    private List<EventCorpus.Batch> duplicates;
    private List<EventCorpus.Batch> profiling;

    private IngestBenchmark(BenchOptions options) {
        this.options = options;
        this.driver = new LoadDriver(options.concurrency());
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("logback.configurationFile") == null) {
            // Quiet node logs (warnings and errors only) unless the caller chose a configuration.
            System.setProperty("logback.configurationFile", "bench-logback.xml");
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        new IngestBenchmark(options).run();
        // Hazelcast/Vert.x/embedded PostgreSQL leave no non-daemon threads we need; make sure the JVM ends.
        System.exit(0);
    }

    private void run() throws Exception {
        JsonObject environment = environment();
        System.out.println("== Merchantry ingestion benchmark, " + environment.getString("date"));
        System.out.printf(Locale.ROOT, "JVM: %s %s (%s), available processors: %d, max heap: %d MiB, GC: %s%n",
                environment.getString("java_vm"), environment.getString("java_version"),
                environment.getString("os"), environment.getInteger("available_processors"),
                environment.getLong("max_heap_mib"), environment.getString("gc"));
        System.out.printf(Locale.ROOT, "CPU: %s; memory: %s%n", environment.getString("cpu_model"),
                environment.getString("memory"));
        System.out.printf(Locale.ROOT, "Platform: %s (git %s)%n", environment.getString("platform_jar"),
                environment.getString("git"));
        System.out.printf(Locale.ROOT, "Run: %,d measured events after %,d warm-up events per target, batches of %,d,"
                        + " %d requests in flight; duplicates path: %,d events re-sent; databases: %s%n",
                options.events(), options.warmup(), options.batch(), options.concurrency(), options.duplicates(),
                options.databases());

        long t0 = System.nanoTime();
        EventCorpus corpus = new EventCorpus(options.seed(), Instant.now());
        warmup = corpus.batches(options.warmup(), options.batch());
        measured = corpus.batches(options.events(), options.batch());
        int duplicateBatches = (options.duplicates() + options.batch() - 1) / options.batch();
        duplicates = measured.subList(0, Math.min(duplicateBatches, measured.size()));
        profiling = options.profileEvents() > 0 ? corpus.batches(options.profileEvents(), options.batch()) : List.of();
        long bytes = measured.stream().mapToLong(b -> b.body().length).sum();
        System.out.printf(Locale.ROOT, "Generated and serialized %,d events in %.1f s (%.0f bytes/event on the wire)%n%n",
                options.warmup() + options.events() + options.profileEvents(), (System.nanoTime() - t0) / 1e9,
                (double) bytes / options.events());

        if (options.baseline()) {
            baseline();
        }
        for (String db : options.databases()) {
            node(db);
        }
        report(environment);
    }

    // ---------------------------------------------------------------------------------------------- baseline

    private void baseline() throws InterruptedException {
        String target = "baseline: bare Vert.x HTTP";
        System.out.println("-- " + target);
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer server = vertx.createHttpServer()
                    .requestHandler(req -> req.body().onSuccess(b -> req.response().end("{\"accepted\":0}")))
                    .listen(0).await();
            URI uri = URI.create("http://127.0.0.1:" + server.actualPort() + "/api/v1/shops/" + SHOP + "/events");
            LoadDriver.ReplyCheck ok = (batch, status, body) -> status == 200 ? null : "HTTP " + status + ": " + body;
            // Stores nothing, so it can warm up on the measured bodies too, and it repeats them so the measured
            // run lasts a few seconds (one pass takes well under a second and would mostly measure the JIT).
            if (!warmup.isEmpty()) {
                driver.send(uri, null, warmup, ok);
            }
            double pass = driver.send(uri, null, measured, ok).seconds();
            int passes = (int) Math.max(1, Math.min(10, Math.ceil(3.0 / Math.max(pass, 1e-3))));
            List<EventCorpus.Batch> repeated = new ArrayList<>(measured.size() * passes);
            for (int p = 0; p < passes; p++) {
                repeated.addAll(measured);
            }
            rows.add(measure(target, passes == 1 ? "transport ceiling" : "transport ceiling x" + passes, uri, null,
                    repeated, ok));
        } finally {
            vertx.close().await();
        }
    }

    // -------------------------------------------------------------------------------------------------- node

    private void node(String db) throws Exception {
        boolean postgres = db.equals("postgres");
        Path dir = Files.createTempDirectory("merchantry-bench-");
        EmbeddedPostgres pg = null;
        MerchantryNode node = null;
        DiskWatch disk = null;
        try {
            String target;
            String url = null;
            String user = null;
            String password = null;
            JsonObject info = new JsonObject();
            if (postgres) {
                System.out.println("-- starting embedded PostgreSQL");
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
                if (options.pgDurable()) {
                    // Overrides the builder's defaults (-F, i.e. fsync=off, and synchronous_commit=off).
                    builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
                }
                pg = builder.start();
                String[] postmaster = postmaster(pg.getPort());
                cpu.databaseProcess(postmaster == null ? -1 : Long.parseLong(postmaster[0]));
                disk = new DiskWatch(postmaster == null ? dir : Path.of(postmaster[1]), FREE_SPACE_FLOOR);
                url = pg.getJdbcUrl("postgres", "postgres");
                user = "postgres";
                password = "postgres";
                try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                    info.put("version", scalar(s, "SHOW server_version"));
                    for (String setting : List.of("synchronous_commit", "fsync", "shared_buffers", "wal_level",
                            "max_wal_size")) {
                        info.put(setting, scalar(s, "SHOW " + setting));
                    }
                }
                target = "PostgreSQL " + info.getString("version") + " (fsync=" + info.getString("fsync")
                        + ", sync_commit=" + info.getString("synchronous_commit") + ")";
            } else {
                info.put("version", org.sqlite.SQLiteJDBCLoader.getVersion());
                info.put("mode", "embedded file database in a temporary directory (the node's default: WAL,"
                        + " synchronous=FULL, one group-committing writer)");
                target = "SQLite " + org.sqlite.SQLiteJDBCLoader.getVersion() + " (embedded file)";
                disk = new DiskWatch(dir, FREE_SPACE_FLOOR);
            }
            DiskWatch watch = disk;
            databaseInfo.put(db, info);
            System.out.println("-- " + target);
            node = MerchantryNode.start(NodeOptions.builder().host("127.0.0.1").port(0).dataDir(dir.resolve("data"))
                    .database(url, user, password).pluginsDir(Files.createDirectories(dir.resolve("plugins")))
                    .adminToken(ADMIN_TOKEN).build());
            String base = "http://127.0.0.1:" + node.port();
            String key = createShop(base);
            URI uri = URI.create(base + "/api/v1/shops/" + SHOP + "/events");
            String auth = "Bearer " + key;
            LoadDriver.ReplyCheck stored = (batch, status, body) -> {
                if (watch.problem() != null) {
                    return watch.problem();
                }
                if (status != 200) {
                    return "HTTP " + status + ": " + abbreviate(body);
                }
                JsonObject reply = new JsonObject(body);
                int accepted = reply.getInteger("accepted", -1);
                JsonArray rejected = reply.getJsonArray("rejected", new JsonArray());
                return accepted == batch.events() && rejected.isEmpty() ? null : "expected accepted=" + batch.events()
                        + " but the reply was " + abbreviate(body);
            };
            LoadDriver.ReplyCheck duplicate = (batch, status, body) -> {
                if (status != 200) {
                    return "HTTP " + status + ": " + abbreviate(body);
                }
                JsonObject reply = new JsonObject(body);
                return reply.getInteger("accepted", -1) == 0 && reply.getInteger("duplicates", -1) == batch.events()
                        ? null : "expected accepted=0, duplicates=" + batch.events() + " but the reply was "
                        + abbreviate(body);
            };
            if (!warmup.isEmpty()) {
                long w0 = System.nanoTime();
                driver.send(uri, auth, warmup, stored);
                System.out.printf(Locale.ROOT, "   warm-up: %,d events in %.1f s%n", options.warmup(),
                        (System.nanoTime() - w0) / 1e9);
            }
            rows.add(measure(target, "ingest (new events)", uri, auth, measured, stored));
            long onDisk = DiskWatch.size(dir.resolve("data"));
            if (postgres) {
                try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                    onDisk = Long.parseLong(scalar(s, "SELECT pg_database_size('postgres')"));
                }
            }
            info.put("size_on_disk_mib_after_measured_run", onDisk >> 20)
                    .put("bytes_on_disk_per_event", onDisk / ((long) options.warmup() + options.events()))
                    .put("peak_directory_mib_during_run", watch.peakBytes() >> 20);
            System.out.printf(Locale.ROOT, "   database size: %,d MiB for %,d events (%,d bytes/event); peak size of"
                            + " its directory while writing: %,d MiB%n", onDisk >> 20,
                    (long) options.warmup() + options.events(), onDisk / ((long) options.warmup() + options.events()),
                    watch.peakBytes() >> 20);
            long total = storedEvents(base, auth);
            long expected = (long) options.warmup() + options.events();
            if (total != expected) {
                throw new IllegalStateException("the shop holds " + total + " events, expected " + expected);
            }
            System.out.printf(Locale.ROOT, "   check: the shop holds %,d events, as sent%n", total);
            if (!duplicates.isEmpty()) {
                rows.add(measure(target, "re-send (duplicates)", uri, auth, duplicates, duplicate));
            }
            if (!profiling.isEmpty()) {
                profiles.put(db, profile(target, uri, auth, stored));
            }
        } finally {
            if (disk != null) {
                disk.close();
            }
            if (node != null) {
                node.close();
            }
            if (pg != null) {
                cpu.databaseProcess(-1);
                pg.close();
            }
            deleteRecursively(dir);
        }
    }

    private String createShop(String base) throws IOException, InterruptedException {
        HttpResponse<String> reply = driver.client().send(HttpRequest.newBuilder(URI.create(base + "/api/v1/shops"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + SHOP + "\",\"name\":\"Bench\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() != 201 && reply.statusCode() != 200) {
            throw new IllegalStateException("creating the shop answered HTTP " + reply.statusCode() + ": "
                    + reply.body());
        }
        String key = new JsonObject(reply.body()).getString("api_key");
        if (key == null) {
            throw new IllegalStateException("creating the shop returned no api_key: " + reply.body());
        }
        return key;
    }

    private long storedEvents(String base, String auth) throws IOException, InterruptedException {
        HttpResponse<String> reply = driver.client().send(HttpRequest.newBuilder(
                        URI.create(base + "/api/v1/shops/" + SHOP + "/events/summary")).header("Authorization", auth)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() != 200) {
            throw new IllegalStateException("event summary answered HTTP " + reply.statusCode() + ": " + reply.body());
        }
        return new JsonObject(reply.body()).getLong("total");
    }

    private Row measure(String target, String phase, URI uri, String auth, List<EventCorpus.Batch> batches,
                        LoadDriver.ReplyCheck check) throws InterruptedException {
        System.gc();
        if (options.quietWait() > 0) {
            long w0 = System.nanoTime();
            double others = cpu.awaitQuietMachine(QUIET_CORES, options.quietWait());
            if (others > QUIET_CORES) {
                System.out.printf(Locale.ROOT, "   note: other processes still use %.2f cores after waiting %d s;"
                        + " this phase is measured on a busy machine%n", others, options.quietWait());
            } else if (System.nanoTime() - w0 > 3_000_000_000L) {
                System.out.printf(Locale.ROOT, "   (waited %.0f s for other processes to leave the CPUs idle)%n",
                        (System.nanoTime() - w0) / 1e9);
            }
        }
        CpuMeter.Snapshot before = cpu.snapshot();
        LoadDriver.Run run = driver.send(uri, auth, batches, check);
        CpuMeter.Usage usage = cpu.between(before, cpu.snapshot());
        double[] deciles = run.deciles();
        System.out.printf(Locale.ROOT, "   %-22s %,9d events in %6.1f s = %,8.0f events/s  (p50 %.0f ms, p99 %.0f ms;"
                        + " slowest/fastest tenth %,.0f/%,.0f events/s)%n", phase, run.events(), run.seconds(),
                run.eventsPerSecond(), run.latencyMillis(50), run.latencyMillis(99), min(deciles), max(deciles));
        System.out.println("   CPU (cores busy): " + usage.coreSeconds().entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / usage.wallSeconds()))
                .collect(Collectors.joining(", ")) + String.format(Locale.ROOT, "; GC %d pauses, %d ms",
                usage.gcCount(), usage.gcMillis()));
        return new Row(target, phase, run, usage);
    }

    private JsonObject profile(String target, URI uri, String auth, LoadDriver.ReplyCheck check) {
        System.out.printf(Locale.ROOT, "   profiling pass: %,d more events while sampling the node's threads every 5 ms"
                + " (not part of the figures)%n", options.profileEvents());
        CpuMeter.Snapshot before = cpu.snapshot();
        LoadDriver.Run run;
        StackSampler sampler = new StackSampler(5);
        try {
            run = driver.send(uri, auth, profiling, check);
        } finally {
            sampler.close();
        }
        CpuMeter.Usage usage = cpu.between(before, cpu.snapshot());
        int working = Math.max(1, sampler.workingSamples());
        JsonObject out = new JsonObject().put("target", target).put("events", run.events())
                .put("events_per_second_while_sampling", Math.round(run.eventsPerSecond()))
                .put("working_samples", sampler.workingSamples());
        System.out.printf(Locale.ROOT, "   (%,.0f events/s while sampling; %d samples of server threads on CPU)%n",
                run.eventsPerSecond(), sampler.workingSamples());
        System.out.println("   Server CPU samples by component (nearest owning frame from the top of the stack):");
        JsonObject components = new JsonObject();
        sampler.components().forEach((k, v) -> {
            components.put(k, v);
            System.out.printf(Locale.ROOT, "     %5.1f%%  %s%n", 100.0 * v / working, k);
        });
        System.out.println("   Platform methods on the stack (inclusive, % of server samples on CPU):");
        JsonObject inclusive = new JsonObject();
        sampler.inclusive().forEach((k, v) -> {
            inclusive.put(k, v);
            System.out.printf(Locale.ROOT, "     %5.1f%%  %s%n", 100.0 * v / working, k);
        });
        System.out.println("   Database engine/driver methods on the stack (inclusive):");
        JsonObject dbMethods = new JsonObject();
        sampler.databaseMethods().forEach((k, v) -> {
            dbMethods.put(k, v);
            System.out.printf(Locale.ROOT, "     %5.1f%%  %s%n", 100.0 * v / working, k);
        });
        System.out.println("   Hottest top-of-stack frames:");
        JsonObject top = new JsonObject();
        sampler.topFrames().forEach((k, v) -> {
            top.put(k, v);
            System.out.printf(Locale.ROOT, "     %5.1f%%  %s%n", 100.0 * v / working, k);
        });
        System.out.println("   Server thread states (all samples):");
        JsonObject states = new JsonObject();
        sampler.states().forEach((k, v) -> {
            states.put(k, v);
            System.out.printf(Locale.ROOT, "     %6d  %s%n", v, k);
        });
        System.out.println("   Where busy server threads waited (samples):");
        JsonObject waits = new JsonObject();
        sampler.waits().forEach((k, v) -> {
            waits.put(k, v);
            System.out.printf(Locale.ROOT, "     %6d  %s%n", v, k);
        });
        JsonObject cores = new JsonObject();
        usage.coreSeconds().forEach((k, v) -> cores.put(k, round(v / usage.wallSeconds(), 2)));
        return out.put("components", components).put("platform_methods_inclusive", inclusive)
                .put("database_methods_inclusive", dbMethods).put("waits", waits)
                .put("top_frames", top).put("thread_states", states).put("cpu_cores", cores);
    }

    // ------------------------------------------------------------------------------------------------ report

    private void report(JsonObject environment) throws IOException {
        Row baseline = rows.stream().filter(r -> r.target().startsWith("baseline")).findFirst().orElse(null);
        String format = "%-44s %-22s %9s %8s %10s %8s %8s %8s %8s %6s %6s%n";
        System.out.println();
        System.out.printf(Locale.ROOT, format, "target", "phase", "events", "seconds", "events/s", "p50 ms", "p95 ms",
                "p99 ms", "vs base", "cores", "others");
        System.out.println("-".repeat(150));
        JsonArray results = new JsonArray();
        for (Row row : rows) {
            LoadDriver.Run r = row.run();
            Double ratio = baseline == null ? null : r.eventsPerSecond() / baseline.run().eventsPerSecond();
            System.out.printf(Locale.ROOT, format, row.target(), row.phase(), String.format(Locale.ROOT, "%,d",
                            r.events()), String.format(Locale.ROOT, "%.1f", r.seconds()),
                    String.format(Locale.ROOT, "%,.0f", r.eventsPerSecond()),
                    String.format(Locale.ROOT, "%.1f", r.latencyMillis(50)),
                    String.format(Locale.ROOT, "%.1f", r.latencyMillis(95)),
                    String.format(Locale.ROOT, "%.1f", r.latencyMillis(99)),
                    ratio == null ? "-" : String.format(Locale.ROOT, "%.3f", ratio),
                    String.format(Locale.ROOT, "%.2f", row.cpu().busyCores()),
                    String.format(Locale.ROOT, "%.2f", row.cpu().coreSeconds().get("other processes")
                            / row.cpu().wallSeconds()));
            JsonObject cores = new JsonObject();
            row.cpu().coreSeconds().forEach((k, v) -> cores.put(k, round(v / row.cpu().wallSeconds(), 3)));
            JsonArray deciles = new JsonArray();
            for (double d : r.deciles()) {
                deciles.add(Math.round(d));
            }
            results.add(new JsonObject().put("target", row.target()).put("phase", row.phase())
                    .put("events", r.events()).put("requests", r.requests()).put("seconds", round(r.seconds(), 3))
                    .put("events_per_second", Math.round(r.eventsPerSecond()))
                    .put("latency_ms", new JsonObject().put("p50", round(r.latencyMillis(50), 2))
                            .put("p95", round(r.latencyMillis(95), 2)).put("p99", round(r.latencyMillis(99), 2))
                            .put("max", round(r.latencyMillis(100), 2)))
                    .put("ratio_to_baseline", ratio == null ? null : round(ratio, 4))
                    .put("events_per_second_by_tenth_of_run", deciles)
                    .put("cpu_cores_busy", cores)
                    .put("gc", new JsonObject().put("pauses", row.cpu().gcCount()).put("millis", row.cpu().gcMillis())));
        }
        System.out.println("-".repeat(150));
        System.out.println("vs base = events/s divided by the bare Vert.x HTTP server's events/s in this run;"
                + " cores = CPU cores busy on the whole machine (of " + Runtime.getRuntime().availableProcessors()
                + "), benchmark client included; others = cores used meanwhile by unrelated processes (should be ~0).");
        String command = "mvn -q package -DskipTests && java -jar benchmarks/target/benchmarks.jar --events "
                + options.events() + " --batch " + options.batch() + " --concurrency " + options.concurrency()
                + " --db " + (options.databases().size() == 2 ? "all" : options.databases().isEmpty() ? "none"
                : options.databases().get(0))
                + (options.databases().contains("postgres") && options.pgDurable() ? " --pg-durable" : "");
        JsonObject json = new JsonObject().put("benchmark", "ingest").put("command", command)
                .put("environment", environment)
                .put("options", new JsonObject().put("events", options.events()).put("warmup", options.warmup())
                        .put("duplicates", options.duplicates()).put("batch", options.batch())
                        .put("concurrency", options.concurrency()).put("databases", new JsonArray(options.databases()))
                        .put("pg_durable", options.pgDurable()).put("seed", options.seed()))
                .put("databases", new JsonObject(new LinkedHashMap<>(databaseInfo)))
                .put("results", results);
        if (!profiles.isEmpty()) {
            json.put("profiles", new JsonObject(new LinkedHashMap<>(profiles)));
        }
        Path out = options.out() != null ? options.out() : defaultOutput();
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, json.encodePrettily() + "\n");
        System.out.println("Command: " + command);
        System.out.println("JSON: " + out.toAbsolutePath().normalize());
    }

    /** target/ingest-benchmark.json next to the benchmark jar (or classes directory). */
    private static Path defaultOutput() {
        try {
            Path location = Path.of(IngestBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = location.getParent();
            if (target != null && target.getFileName() != null && target.getFileName().toString().equals("target")) {
                return target.resolve("ingest-benchmark.json");
            }
        } catch (Exception ignored) {
            // fall through to the working directory
        }
        return Path.of("benchmarks", "target", "ingest-benchmark.json");
    }

    private static JsonObject environment() {
        Runtime rt = Runtime.getRuntime();
        String gc = ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(", "));
        return new JsonObject().put("date", Instant.now().toString())
                .put("java_version", System.getProperty("java.version"))
                .put("java_vm", System.getProperty("java.vm.name"))
                .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"))
                .put("available_processors", rt.availableProcessors())
                .put("max_heap_mib", rt.maxMemory() >> 20)
                .put("gc", gc)
                .put("jvm_args", new JsonArray(ManagementFactory.getRuntimeMXBean().getInputArguments()))
                .put("git", git())
                .put("platform_jar", platformJar())
                .put("cpu_model", procValue("/proc/cpuinfo", "model name"))
                .put("memory", procValue("/proc/meminfo", "MemTotal"));
    }

    /** The commit of the working directory the benchmark runs from, "+dirty" when platform/ has local edits. */
    private static String git() {
        try {
            String head = run("git", "rev-parse", "--short", "HEAD");
            if (head.isEmpty()) {
                return "unknown";
            }
            String dirty = run("git", "status", "--porcelain", "--", "platform", "plugin-api");
            return head + (dirty.isEmpty() ? "" : "+dirty");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        return p.waitFor() == 0 ? out : "";
    }

    /** Which platform build is measured: the jar on the class path and when it was built. */
    private static String platformJar() {
        try {
            Path jar = Path.of(MerchantryNode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getFileName() + " built " + Files.getLastModifiedTime(jar).toInstant();
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static String procValue(String file, String key) {
        try (Stream<String> lines = Files.lines(Path.of(file))) {
            return lines.filter(l -> l.startsWith(key)).map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst()
                    .orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** {pid, data directory} of the postmaster listening on {@code port} (command line {@code -p port}), or null. */
    private static String[] postmaster(int port) {
        String flag = " -p " + port + " ";
        return ProcessHandle.allProcesses().map(p -> {
            try {
                String cmdline = Files.readString(Path.of("/proc/" + p.pid() + "/cmdline")).replace('\0', ' ');
                if (cmdline.contains("/bin/postgres ") && cmdline.contains(flag)) {
                    int d = cmdline.indexOf(" -D ");
                    String data = d < 0 ? "/tmp" : cmdline.substring(d + 4, cmdline.indexOf(' ', d + 4));
                    return new String[] {String.valueOf(p.pid()), data};
                }
            } catch (IOException | RuntimeException e) {
                // not ours, or gone
            }
            return null;
        }).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    private static String scalar(Statement s, String sql) throws java.sql.SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static String abbreviate(String body) {
        return body == null ? "(no body)" : body.length() > 500 ? body.substring(0, 500) + "..." : body;
    }

    private static double round(double v, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(v * scale) / scale;
    }

    private static double min(double[] values) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : values) {
            m = Math.min(m, v);
        }
        return m;
    }

    private static double max(double[] values) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a temp dir left behind is harmless
                }
            });
        } catch (IOException ignored) {
            // nothing to clean
        }
    }
}
