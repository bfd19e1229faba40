package dev.merchantry.platform.plugins;

/**
 * What a plugin archive declares, read by {@link ArchiveInspector} before the archive touches the plugins directory.
 *
 * @param pluginId the PF4J plugin id ({@code plugin.id} or the manifest's {@code Plugin-Id})
 * @param version the declared plugin version, or null when the descriptor has none
 * @param zipLayout true for a PF4J zip ({@code plugin.properties} with {@code lib/} or {@code classes/}), which PF4J
 *        expands next to the archive; false for a plain plugin jar
 */
public record PluginArchive(String pluginId, String version, boolean zipLayout) {

    /** The extension the archive must be stored with for PF4J to load it. */
    public String extension() {
        return zipLayout ? ".zip" : ".jar";
    }
}
