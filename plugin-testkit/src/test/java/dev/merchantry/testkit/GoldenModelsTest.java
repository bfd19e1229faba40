package dev.merchantry.testkit;

import dev.merchantry.api.model.SerializedModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Golden models: skipped until recorded, recorded only on request and never overwritten, a new format demands a file. */
class GoldenModelsTest {

    @AfterEach
    void clear() {
        System.clearProperty(GoldenModels.DIRECTORY);
        System.clearProperty(GoldenModels.RECORD);
    }

    @Test
    void withoutFilesTheCheckIsSkippedAndNothingIsWritten(@TempDir Path dir) {
        System.setProperty(GoldenModels.DIRECTORY, dir.toString());
        assertThrows(TestAbortedException.class,
                () -> GoldenModels.toCheck(new SerializedModel("s", 1, new byte[] {1, 2})));
        assertFalse(Files.exists(dir.resolve("s")));
    }

    @Test
    void recordingWritesTheMissingFormatOnceAndOlderFilesComeFirst(@TempDir Path dir) throws Exception {
        System.setProperty(GoldenModels.DIRECTORY, dir.toString());
        System.setProperty(GoldenModels.RECORD, "true");
        Files.createDirectories(dir.resolve("s"));
        Files.write(dir.resolve("s/v1.model"), new byte[] {9});
        List<SerializedModel> models = GoldenModels.toCheck(new SerializedModel("s", 2, new byte[] {1, 2}));
        assertEquals(List.of(1, 2), models.stream().map(SerializedModel::formatVersion).toList());
        GoldenModels.recordIfAsked(new SerializedModel("s", 2, new byte[] {7}));
        assertArrayEquals(new byte[] {1, 2}, Files.readAllBytes(dir.resolve("s/v2.model")), "never overwritten");
    }

    @Test
    void aNewFormatWithoutItsFileFails(@TempDir Path dir) throws Exception {
        System.setProperty(GoldenModels.DIRECTORY, dir.toString());
        Files.createDirectories(dir.resolve("s"));
        Files.write(dir.resolve("s/v1.model"), new byte[] {9});
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> GoldenModels.toCheck(new SerializedModel("s", 2, new byte[] {1})));
        assertTrue(e.getMessage().contains("has no v2.model"), e.getMessage());
    }
}
