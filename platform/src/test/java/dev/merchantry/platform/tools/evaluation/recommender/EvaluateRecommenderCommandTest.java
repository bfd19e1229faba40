package dev.merchantry.platform.tools.evaluation.recommender;

import dev.merchantry.platform.cli.Main;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code merchantry evaluate recommender} through the CLI entry point, with the bundled plugins. */
class EvaluateRecommenderCommandTest {

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--plugins-dir";
        all[args.length + 1] = "target/merchantry/plugins";
        int code = Main.run(all, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private Path ratings() throws IOException {
        StringBuilder sb = new StringBuilder("userId,movieId,rating,timestamp\n");
        for (Rating r : SyntheticRatings.generate(new SyntheticRatings.Shape(60, 300, 3000, 20), 3).ratings()) {
            sb.append(r.user()).append(',').append(r.item()).append(',').append(r.value()).append(',')
                    .append(r.timestampMillis() / 1000).append('\n');
        }
        return Files.writeString(dir.resolve("ratings.csv"), sb);
    }

    @Test
    void crossValidatesAndPrintsJsonWithFoldsAndMean() throws IOException {
        Result r = run("evaluate", "recommender", "--strategy", "svd", "--ratings", ratings().toString(),
                "--folds", "3", "--set", "factors=10", "--set", "epochs=5", "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonObject json = new JsonObject(r.out());
        assertEquals("svd", json.getString("strategy"));
        assertEquals(10, json.getJsonObject("config").getInteger("factors"));
        assertEquals(3, json.getJsonArray("folds").size());
        JsonObject fold = json.getJsonArray("folds").getJsonObject(0);
        for (String key : new String[] {"fold", "train_size", "test_size", "rmse", "mae", "precision_at_10",
                "recall_at_10", "ndcg_at_10", "map_at_10", "coverage", "fit_seconds", "fit_cpu_seconds", "predict_seconds"}) {
            assertTrue(fold.containsKey(key), key + " missing in " + fold);
        }
        double sum = 0;
        for (int f = 0; f < 3; f++) {
            sum += json.getJsonArray("folds").getJsonObject(f).getDouble("rmse");
        }
        assertEquals(sum / 3, json.getJsonObject("mean").getDouble("rmse"), 1e-12);
    }

    @Test
    void givenSplitWorksForAStrategyOfAnotherPluginAndPrintsATable() throws IOException {
        Path train = Files.writeString(dir.resolve("train.csv"), "user,item\nu1,a\nu1,b\nu2,a\nu2,c\nu3,b\n");
        Path test = Files.writeString(dir.resolve("test.csv"), "user,item\nu1,c\nu3,a\n");
        Result r = run("evaluate", "recommender", "--strategy", "popular", "--train", train.toString(), "--test",
                test.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("ndcg_at_10"), r.out());
        assertFalse(r.out().contains("rmse"), "no ratings, no RMSE");

        // Weighted implicit rows (e.g. events × their interaction weights) are implicit too.
        Path weighted = Files.writeString(dir.resolve("weighted.csv"),
                "user,item,weight\nu1,a,1\nu1,b,5\nu2,a,3\nu2,c,1\nu3,b,1\n");
        r = run("evaluate", "recommender", "--strategy", "als", "--train", weighted.toString(), "--test",
                test.toString(), "--format", "json");
        assertEquals(0, r.code(), r.err());
        assertFalse(r.out().contains("rmse"), "weights are implicit feedback: no RMSE");
    }

    @Test
    void badInputExitsWithTwoAndNamesTheProblem() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.csv"), "user,item,rating\nu1,a,5\nu2,b,lots\n");
        Result r = run("evaluate", "recommender", "--strategy", "svd", "--ratings", bad.toString(), "--folds", "2");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("bad.csv line 3: rating") && r.err().contains("lots"), r.err());

        Path noItem = Files.writeString(dir.resolve("noitem.csv"), "user,thing\nu1,a\n");
        r = run("evaluate", "recommender", "--strategy", "svd", "--ratings", noItem.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no item column"), r.err());

        Path badWeight = Files.writeString(dir.resolve("weights.csv"), "user,item,weight\nu1,a,3\nu2,b,-1\n");
        r = run("evaluate", "recommender", "--strategy", "als", "--ratings", badWeight.toString(), "--folds", "2");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("weights.csv line 3: weight") && r.err().contains("positive"), r.err());

        Path both = Files.writeString(dir.resolve("both.csv"), "user,item,rating,weight\nu1,a,3,1\n");
        r = run("evaluate", "recommender", "--strategy", "als", "--ratings", both.toString(), "--folds", "2");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("both a rating and a weight"), r.err());

        r = run("evaluate", "recommender", "--strategy", "svd", "--ratings", ratings().toString(), "--set",
                "factors=0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("factors"), r.err());

        r = run("evaluate", "recommender", "--strategy", "no-such", "--ratings", ratings().toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("item-knn"), "lists the strategies that exist: " + r.err());

        r = run("evaluate", "recommender", "--strategy", "svd", "--ratings", dir.resolve("missing.csv").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("file not found"), r.err());
        assertFalse(r.err().contains("Exception"), "no stack trace: " + r.err());
    }
}
