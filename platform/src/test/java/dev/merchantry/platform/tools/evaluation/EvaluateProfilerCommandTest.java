package dev.merchantry.platform.tools.evaluation;

import dev.merchantry.platform.cli.Main;
import io.vertx.core.json.JsonObject;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code merchantry evaluate profiler} end to end on an orders file simulated from the CDNOW estimates (BG/NBD
 * r = 0.243, α = 4.414 per week, a = 0.793, b = 2.426; order values Gamma-Gamma p = 6.25, q = 3.74, γ = 15.44):
 * 4,000 customers whose first purchase falls in the first 12 weeks of 1997, 39 calibration and 39 holdout weeks.
 */
class EvaluateProfilerCommandTest {

    static final Instant START = Instant.parse("1997-01-01T00:00:00Z");
    static final Path PLUGINS = Path.of("target/merchantry/plugins");

    @TempDir
    static Path tmp;
    static Path orders;

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void simulate() throws IOException {
        RandomGenerator rng = new Well19937c(5);
        GammaDistribution rate = new GammaDistribution(rng, 0.243, 1 / 4.414);
        BetaDistribution dropout = new BetaDistribution(rng, 0.793, 2.426);
        GammaDistribution nuPrior = new GammaDistribution(rng, 3.74, 1 / 15.44);
        List<String> lines = new ArrayList<>();
        lines.add("customer_id,order_id,timestamp,product_id,quantity,price");
        int order = 0;
        for (int c = 0; c < 4000; c++) {
            double lambda = rate.sample();
            double p = dropout.sample();
            GammaDistribution value = new GammaDistribution(rng, 6.25, 1 / nuPrior.sample());
            double t = 12 * rng.nextDouble();
            order = write(lines, c, order, t, value.sample());
            while (true) {
                t += -Math.log(1 - rng.nextDouble()) / lambda;
                if (t >= 78) {
                    break;
                }
                order = write(lines, c, order, t, value.sample());
                if (rng.nextDouble() < p) {
                    break; // drop-out, after a repeat purchase
                }
            }
        }
        orders = tmp.resolve("orders.csv");
        Files.write(orders, lines);
    }

    /** An order of value v at week t, as two lines (the evaluation sums an order's lines). */
    private static int write(List<String> lines, int customer, int order, double t, double v) {
        String at = START.plus(Duration.ofSeconds((long) (t * 7 * 86_400))).toString();
        lines.add(String.format(Locale.ROOT, "c%04d,o%d,%s,p1,1,%.4f", customer, order, at, v / 2));
        lines.add(String.format(Locale.ROOT, "c%04d,o%d,%s,p2,2,%.4f", customer, order, at, v / 4));
        return order + 1;
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void jsonReportRecoversTheParametersAndPredictsTheHoldout() {
        // The file is simulated from BG/NBD, so BG/NBD is the model whose parameters must come back.
        Run r = run("evaluate", "profiler", "--strategy", "clv", "--orders", orders.toString(), "--calibration-end",
                "1997-09-30", "--holdout-end", "1998-06-30", "--format", "json", "--plugins-dir", PLUGINS.toString(),
                "--set", "clv_model=bg-nbd");
        assertEquals(0, r.exit(), r.err());
        JsonObject report = new JsonObject(r.out().substring(r.out().indexOf('{')));
        assertEquals("clv", report.getString("strategy"));
        assertEquals("bg-nbd", report.getString("purchase_model"));
        JsonObject p = report.getJsonObject("params");
        // 4,000 customers: about 1.6x the spread of recovery_spread.py's 10,000 (sd r 0.006, alpha 0.14, q 0.14),
        // so r within 0.04, alpha within 1, a/(a+b) within 20 %, the mean order value within 10 %.
        assertEquals(0.243, p.getDouble("r"), 0.04);
        assertEquals(4.414, p.getDouble("alpha"), 1.0);
        assertEquals(0.793 / (0.793 + 2.426), p.getDouble("a") / (p.getDouble("a") + p.getDouble("b")), 0.05);
        assertEquals(15.44 * 6.25 / 2.74, p.getDouble("gamma") * p.getDouble("p") / (p.getDouble("q") - 1), 3.5);
        assertTrue(report.getDouble("log_likelihood") < 0);
        JsonObject h = report.getJsonObject("holdout");
        assertEquals(4000, h.getInteger("customers"));
        assertEquals(273, h.getInteger("days"));
        double actual = h.getDouble("actual_purchases");
        assertEquals(actual, h.getDouble("predicted_purchases"), 0.15 * actual, h.encode());
        assertTrue(h.getDouble("correlation") > 0.5, h.encode());
        assertTrue(h.getDouble("mae_per_customer") > 0);
        assertTrue(report.getDouble("fit_seconds") >= 0);
        assertEquals(4000, report.getJsonObject("calibration").getInteger("customers"));
    }

    @Test
    void tableIsTheDefault() {
        Run r = run("evaluate", "profiler", "--strategy", "clv", "--orders", orders.toString(), "--calibration-end",
                "1997-09-30", "--plugins-dir", PLUGINS.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("MBG/NBD (per week)"), r.out());
        assertTrue(r.out().contains("predicted"), r.out());
    }

    @Test
    void badInputExitsTwoNamingTheField() throws IOException {
        Path noPrice = tmp.resolve("no-price.csv");
        Files.writeString(noPrice, "customer_id,order_id,timestamp,product_id,quantity\nc1,o1,2026-01-01T00:00:00Z,p1,1\n");
        Path badTime = tmp.resolve("bad-time.csv");
        Files.writeString(badTime, "customer_id,order_id,timestamp,product_id,quantity,price\n"
                + "c1,o1,2026-01-01T00:00:00Z,p1,1,5\nc1,o2,yesterday,p1,1,5\n");
        String[][] cases = {
            {"--orders", noPrice.toString(), "missing column 'price'"},
            {"--orders", badTime.toString(), "bad-time.csv line 3: timestamp"},
            {"--orders", tmp.resolve("absent.csv").toString(), "--orders"},
            {"--calibration-end", "soon", "--calibration-end"},
            {"--holdout-end", "1997-01-01", "--holdout-end"},
            {"--strategy", "popular", "is a recommender, not a profiler"},
            {"--set", "discount_rate=2", "discount_rate"},
        };
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of("evaluate", "profiler", "--strategy", "clv", "--orders",
                    orders.toString(), "--calibration-end", "1997-09-30", "--plugins-dir", PLUGINS.toString()));
            int at = args.indexOf(c[0]);
            if (at >= 0) {
                args.set(at + 1, c[1]);
            } else {
                args.add(c[0]);
                args.add(c[1]);
            }
            Run r = run(args.toArray(new String[0]));
            assertEquals(2, r.exit(), String.join(" ", c) + ": " + r.err());
            assertTrue(r.err().contains(c[2]), r.err());
            assertTrue(r.err().startsWith("error: "), r.err());
        }
    }
}
