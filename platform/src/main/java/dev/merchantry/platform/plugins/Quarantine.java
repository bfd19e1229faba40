package dev.merchantry.platform.plugins;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code .quarantine} directory inside the plugins directory: refused archives are moved there, each with a
 * {@code <file>.reason.txt}, so they are never loaded again (the host loads only the top level) but stay available
 * for the operator to inspect, fix and move back, or delete.
 */
final class Quarantine {

    static final String DIRECTORY = ".quarantine";
    private static final String REASON_SUFFIX = ".reason.txt";
    private static final Logger LOG = LoggerFactory.getLogger(Quarantine.class);

    private final Path dir;

    Quarantine(Path pluginsDir) {
        this.dir = pluginsDir.resolve(DIRECTORY).toAbsolutePath().normalize();
    }

    /**
     * Moves {@code archive} here (replacing an older one of the same name) and records the reason; false (and logged
     * as an error) when it could not.
     */
    boolean put(Path archive, String reason) {
        String file = archive.getFileName().toString();
        try {
            Files.createDirectories(dir);
            Files.move(archive, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(dir.resolve(file + REASON_SUFFIX), reason + "\n", StandardCharsets.UTF_8);
            return true;
        } catch (IOException e) {
            // Not being able to move it must not leave it in the load path silently: say so loudly.
            LOG.error("could not quarantine plugin archive {} ({}): {}", archive, reason, e.getMessage());
            return false;
        }
    }

    List<QuarantinedPlugin> list() {
        List<QuarantinedPlugin> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.{jar,zip}")) {
            for (Path f : files) {
                Path reasonFile = dir.resolve(f.getFileName() + REASON_SUFFIX);
                String reason = Files.isReadable(reasonFile)
                        ? Files.readString(reasonFile, StandardCharsets.UTF_8).strip() : "no reason recorded";
                var at = Files.getLastModifiedTime(Files.exists(reasonFile) ? reasonFile : f).toInstant();
                out.add(new QuarantinedPlugin(f.getFileName().toString(), reason, at));
            }
        } catch (IOException e) {
            LOG.warn("cannot list quarantined plugins in {}: {}", dir, e.getMessage());
        }
        out.sort(Comparator.comparing(QuarantinedPlugin::file));
        return out;
    }

    /** Deletes a quarantined archive and its reason; false if there is none of that name. */
    boolean delete(String file) {
        Path archive = dir.resolve(file).normalize();
        if (!archive.getParent().equals(dir) || !Files.exists(archive)) {
            return false;
        }
        try {
            Files.deleteIfExists(archive);
            Files.deleteIfExists(dir.resolve(file + REASON_SUFFIX));
            return true;
        } catch (IOException e) {
            throw new PluginException("could not delete quarantined " + file + ": " + e.getMessage(), e);
        }
    }
}
