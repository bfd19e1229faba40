package dev.merchantry.platform.plugins;

/**
 * The parent-first rule of plugin class loaders (as Kafka Connect's): the JDK, PF4J, SLF4J and the Merchantry plugin
 * API always come from the host, so a plugin that bundles its own copy still shares the host's types (otherwise
 * "X cannot be cast to X"); everything else is plugin-first.
 */
public final class PluginIsolation {

    private static final String[] HOST_FIRST = {"java.", "javax.", "jdk.", "sun.", "org.pf4j.", "org.slf4j.",
        "dev.merchantry.api."};

    private PluginIsolation() {
    }

    public static boolean hostFirst(String className) {
        for (String prefix : HOST_FIRST) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
