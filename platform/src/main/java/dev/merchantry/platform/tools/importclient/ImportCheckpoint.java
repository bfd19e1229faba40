package dev.merchantry.platform.tools.importclient;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * How much of a file the server has confirmed: its leading {@code rows} data rows (up to line {@code line}) all
 * landed or were rejected. Kept next to the input as {@code FILE.import-checkpoint} so a re-run after an
 * interruption skips them; it is only trusted for the same file (size and modification time), kind, server and
 * shop. Written atomically, so a crash leaves the old or the new checkpoint, never half of one.
 */
record ImportCheckpoint(String kind, String url, String shop, long fileSize, long fileModifiedMillis, long rows,
                        long line) {

    static Path pathFor(Path input) {
        return input.resolveSibling(input.getFileName() + ".import-checkpoint");
    }

    /** The checkpoint at {@code path}, or null when there is none or it cannot be read. */
    static ImportCheckpoint load(Path path) {
        if (!Files.isRegularFile(path)) {
            return null;
        }
        try {
            JsonObject j = new JsonObject(Files.readString(path, StandardCharsets.UTF_8));
            return new ImportCheckpoint(j.getString("kind"), j.getString("url"), j.getString("shop"),
                    j.getLong("file_size"), j.getLong("file_modified_ms"), j.getLong("rows"), j.getLong("line"));
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    /** Whether this checkpoint was written for the same import of the same, unchanged file. */
    boolean matches(ImportCheckpoint current) {
        return kind.equals(current.kind) && url.equals(current.url) && shop.equals(current.shop)
                && fileSize == current.fileSize && fileModifiedMillis == current.fileModifiedMillis;
    }

    ImportCheckpoint at(long rows, long line) {
        return new ImportCheckpoint(kind, url, shop, fileSize, fileModifiedMillis, rows, line);
    }

    void save(Path path) throws IOException {
        JsonObject j = new JsonObject().put("kind", kind).put("url", url).put("shop", shop)
                .put("file_size", fileSize).put("file_modified_ms", fileModifiedMillis)
                .put("rows", rows).put("line", line).put("updated_at", Instant.now().toString());
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.writeString(tmp, j.encodePrettily() + "\n", StandardCharsets.UTF_8);
        try {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
