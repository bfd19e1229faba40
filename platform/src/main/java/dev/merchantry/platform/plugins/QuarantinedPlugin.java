package dev.merchantry.platform.plugins;

import java.time.Instant;

/** An archive that was refused and moved out of the load path: its file name, why, and when. */
public record QuarantinedPlugin(String file, String reason, Instant at) {
}
