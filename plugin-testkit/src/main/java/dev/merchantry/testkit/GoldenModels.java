package dev.merchantry.testkit;

import dev.merchantry.api.model.SerializedModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Model files written by earlier versions of a strategy, kept in the plugin's sources so that every later version is
 * tested against them: {@code src/test/resources/golden-models/<strategy-id>/v<format>.model}, the bytes of a
 * {@link SerializedModel} of that format version.
 *
 * <p>The contracts' {@code modelsWrittenByEarlierVersionsStillLoad} checks load each file. Record the current format's
 * file with {@code mvn test -Dmerchantry.testkit.recordGoldenModels=true} (it never overwrites one), and commit it; do
 * that whenever a release writes a new format version.
 *
 * @since 0.1.0
 */
public final class GoldenModels {

    /** System property: the golden-models directory (merchantry-plugin-parent sets it to the project's). */
    public static final String DIRECTORY = "merchantry.testkit.goldenModels";
    /** System property: {@code true} writes the current format's file when it is missing. */
    public static final String RECORD = "merchantry.testkit.recordGoldenModels";

    private static final Pattern FILE = Pattern.compile("v(\\d+)\\.model");

    private GoldenModels() {
    }

    /** The directory of {@code strategyId}'s golden models. */
    public static Path directory(String strategyId) {
        String dir = System.getProperty(DIRECTORY);
        return Path.of(dir == null || dir.isBlank() ? "src/test/resources/golden-models" : dir).resolve(strategyId);
    }

    /** Every golden model of {@code strategyId}, oldest format first; empty when none was recorded. */
    public static List<SerializedModel> read(String strategyId) {
        Path dir = directory(strategyId);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<SerializedModel> models = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                Matcher m = FILE.matcher(f.getFileName().toString());
                if (m.matches()) {
                    models.add(new SerializedModel(strategyId, Integer.parseInt(m.group(1)), Files.readAllBytes(f)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        models.sort(java.util.Comparator.comparingInt(SerializedModel::formatVersion));
        return models;
    }

    /** Writes {@code current} as its format's golden model if recording is asked for and the file is missing. */
    public static void recordIfAsked(SerializedModel current) {
        if (!Boolean.parseBoolean(System.getProperty(RECORD))) {
            return;
        }
        Path file = directory(current.strategyId()).resolve("v" + current.formatVersion() + ".model");
        if (Files.exists(file)) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, current.bytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the golden model " + file, e);
        }
    }

    /**
     * The models to check, after recording the current one if asked. Skips the calling test (a JUnit assumption)
     * when the strategy has none yet, and fails when files exist but none has {@code current}'s format version.
     */
    static List<SerializedModel> toCheck(SerializedModel current) {
        recordIfAsked(current);
        List<SerializedModel> golden = read(current.strategyId());
        org.junit.jupiter.api.Assumptions.assumeFalse(golden.isEmpty(), "no golden models of " + current.strategyId()
                + " in " + directory(current.strategyId()) + "; record one with -D" + RECORD + "=true and commit it");
        org.junit.jupiter.api.Assertions.assertTrue(golden.stream().anyMatch(
                g -> g.formatVersion() == current.formatVersion()), current.strategyId() + " now writes format "
                + current.formatVersion() + " but " + directory(current.strategyId()) + " has no v"
                + current.formatVersion() + ".model: record it with -D" + RECORD + "=true and commit it, keeping the"
                + " older files");
        return golden;
    }
}
