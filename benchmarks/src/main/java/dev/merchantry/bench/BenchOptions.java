package dev.merchantry.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Command-line flags of {@link IngestBenchmark}; plain parsing so the benchmark has no CLI dependency. */
record BenchOptions(int events, int warmup, int duplicates, int batch, int concurrency, List<String> databases,
                    boolean pgDurable, boolean baseline, int profileEvents, int quietWait, long seed, Path out) {

    static final String USAGE = """
            Usage: java -jar benchmarks/target/benchmarks.jar [options]
              --events N           events in the measured run (default 500000)
              --warmup N           warm-up events before each measured run (default 50000)
              --duplicates N       already-stored events re-sent to time the duplicates path (default 100000)
              --batch N            events per request (default 1000, at most 10000)
              --concurrency N      requests in flight (default 4)
              --db sqlite|postgres|all|none
                                   database(s) behind the node (default all; none: baseline only)
              --pg-durable         run PostgreSQL with fsync=on and synchronous_commit=on (default: off, as
                                   EmbeddedPostgres.start() does, i.e. -F and synchronous_commit=off)
              --no-baseline        skip the bare Vert.x HTTP baseline
              --profile N          after the measurements, ingest N more events per database while sampling
                                   the server's threads, and print where the time goes (default 0: off)
              --quiet-wait S       before each measured phase, wait up to S seconds for other processes to
                                   leave the CPUs idle (default 120; 0: do not wait)
              --seed N             seed of the generated events (default 42)
              --out FILE           JSON report (default benchmarks/target/ingest-benchmark.json)
            """;

    static BenchOptions parse(String[] args) {
        int events = 500_000;
        int warmup = 50_000;
        int duplicates = 100_000;
        int batch = 1000;
        int concurrency = 4;
        String db = "all";
        boolean durable = false;
        int quietWait = 120;
        boolean baseline = true;
        int profile = 0;
        long seed = 42;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                value = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "-h", "--help" -> {
                    System.out.print(USAGE);
                    System.exit(0);
                }
                case "--no-baseline" -> baseline = false;
                case "--pg-durable" -> durable = true;
                case "--events", "--warmup", "--duplicates", "--batch", "--concurrency", "--db",
                        "--quiet-wait", "--profile", "--seed", "--out" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(a + " needs a value");
                        }
                        value = args[++i];
                    }
                    switch (a) {
                        case "--events" -> events = positive(a, value, 1);
                        case "--warmup" -> warmup = positive(a, value, 0);
                        case "--duplicates" -> duplicates = positive(a, value, 0);
                        case "--batch" -> batch = positive(a, value, 1);
                        case "--concurrency" -> concurrency = positive(a, value, 1);
                        case "--db" -> db = value.toLowerCase(Locale.ROOT);
                        case "--quiet-wait" -> quietWait = positive(a, value, 0);
                        case "--profile" -> profile = positive(a, value, 0);
                        case "--seed" -> seed = Long.parseLong(value);
                        default -> out = Path.of(value);
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
            }
        }
        if (batch > 10_000) {
            throw new IllegalArgumentException("--batch is at most 10000 (the API's limit per request)");
        }
        List<String> dbs = new ArrayList<>();
        switch (db) {
            case "sqlite" -> dbs.add("sqlite");
            case "postgres", "postgresql", "pg" -> dbs.add("postgres");
            case "all" -> {
                dbs.add("sqlite");
                dbs.add("postgres");
            }
            case "none" -> {
                // baseline only
            }
            default -> throw new IllegalArgumentException("--db is sqlite, postgres, all or none, not " + db);
        }
        duplicates = Math.min(duplicates, events);
        return new BenchOptions(events, warmup, duplicates, batch, concurrency, List.copyOf(dbs), durable, baseline,
                profile, quietWait, seed, out);
    }

    private static int positive(String flag, String value, int min) {
        int n;
        try {
            n = Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a whole number, not " + value);
        }
        if (n < min) {
            throw new IllegalArgumentException(flag + " must be at least " + min);
        }
        return n;
    }
}
