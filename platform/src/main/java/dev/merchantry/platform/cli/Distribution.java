package dev.merchantry.platform.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the distribution directory (where merchantry.jar sits) to find the bundled plugins. */
final class Distribution {

    private Distribution() {
    }

    /** {@code <dist>/plugins} when running from the distribution jar, else {@code ./plugins}. */
    static Path defaultPluginsDir() {
        try {
            Path code = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(code) && code.getParent() != null) {
                return code.getParent().resolve("plugins");
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // fall through to the working directory
        }
        return Path.of("plugins");
    }
}
