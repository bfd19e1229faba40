package dev.merchantry.platform.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the distribution directory (where merchantry.jar sits) to find the bundled plugins and libraries. */
final class Distribution {

    private Distribution() {
    }

    /** {@code <dist>/plugins} when running from the distribution jar, else {@code ./plugins}. */
    static Path defaultPluginsDir() {
        return home().resolve("plugins");
    }

    /** {@code <dist>/lib} when running from the distribution jar, else {@code ./lib}. */
    static Path libDir() {
        return home().resolve("lib");
    }

    private static Path home() {
        try {
            Path code = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(code) && code.getParent() != null) {
                return code.getParent();
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // fall through to the working directory
        }
        return Path.of("");
    }
}
