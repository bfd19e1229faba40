package dev.merchantry.platform.tools.evaluation.pricing;

import dev.merchantry.platform.cli.Main;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code merchantry evaluate pricing} through the CLI: JSON report, CSV curve, PNG plot, and one-line errors. */
class EvaluatePricingCommandTest {

    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void writesTheReportTheRegretCurveAndThePlot() throws Exception {
        Path csv = tmp.resolve("regret.csv");
        Path png = tmp.resolve("regret.png");
        Run r = run("evaluate", "pricing", "--strategy", "thompson-pricing", "--demand", "constant-elasticity",
                "--param", "elasticity=3", "--periods", "300", "--runs", "3", "--seed", "5", "--csv", csv.toString(),
                "--plot", png.toString(), "--format", "json", "--plugins-dir", "target/merchantry/plugins");
        assertEquals(0, r.code(), r.err());
        JsonObject report = new JsonObject(r.out());
        assertEquals("constant-elasticity", report.getJsonObject("demand").getString("family"));
        assertEquals(3.0, report.getJsonObject("demand").getJsonObject("params").getDouble("elasticity"));
        assertEquals(14.0, report.getJsonObject("oracle").getDouble("price"), "elasticity 3: the cheapest price");
        assertEquals(List.of(10, 25, 50, 100, 250, 300), report.getJsonArray("regret").stream()
                .map(o -> ((JsonObject) o).getInteger("period")).toList());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("period,mean_regret,sd_regret,mean_reward,oracle_reward", lines.get(0));
        assertEquals(301, lines.size());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(900, image.getWidth());
    }

    @Test
    void badInputIsOneLineAndExitCodeTwo() {
        Run unknown = run("evaluate", "pricing", "--demand", "linear", "--param", "curvature=1", "--plugins-dir",
                "target/merchantry/plugins");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().startsWith("error: --param: 'curvature' is not a parameter"), unknown.err());
        Run setting = run("evaluate", "pricing", "--demand", "linear", "--set", "price_points=1", "--plugins-dir",
                "target/merchantry/plugins");
        assertEquals(2, setting.code());
        assertTrue(setting.err().contains("price_points: must be at least 2"), setting.err());
        Run wrongKind = run("evaluate", "pricing", "--strategy", "popular", "--demand", "linear", "--plugins-dir",
                "target/merchantry/plugins");
        assertEquals(2, wrongKind.code());
        assertTrue(wrongKind.err().contains("is a recommender, not a pricing"), wrongKind.err());
        Run periods = run("evaluate", "pricing", "--demand", "logit", "--periods", "3");
        assertEquals(2, periods.code());
        assertTrue(periods.err().contains("--periods: must be between 8"), periods.err());
    }
}
