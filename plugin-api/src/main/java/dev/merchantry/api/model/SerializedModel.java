package dev.merchantry.api.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * A model as bytes.
 *
 * @param strategyId id of the strategy that wrote it
 * @param formatVersion version of the byte layout, bumped whenever the layout changes; old versions stay readable
 * @param bytes the payload, opaque to the platform
 * @since 0.1.0
 */
public record SerializedModel(String strategyId, int formatVersion, byte[] bytes) {

    public SerializedModel {
        Objects.requireNonNull(strategyId, "strategyId");
        Objects.requireNonNull(bytes, "bytes");
        if (formatVersion < 1) {
            throw new IllegalArgumentException("formatVersion must be at least 1");
        }
    }

    /**
     * Checks that this model was written by {@code expectedStrategy} in a version up to {@code maxVersion}.
     *
     * @throws ModelFormatException otherwise
     * @since 0.1.0
     */
    public void requireFormat(String expectedStrategy, int maxVersion) {
        if (!strategyId.equals(expectedStrategy)) {
            throw new ModelFormatException("model was written by strategy '" + strategyId + "', not '" + expectedStrategy + "'");
        }
        if (formatVersion > maxVersion) {
            throw new ModelFormatException("model format version " + formatVersion + " of '" + strategyId
                    + "' is newer than this plugin reads (up to " + maxVersion + ")");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SerializedModel other && strategyId.equals(other.strategyId)
                && formatVersion == other.formatVersion && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(strategyId, formatVersion, Arrays.hashCode(bytes));
    }

    @Override
    public String toString() {
        return "SerializedModel[" + strategyId + " v" + formatVersion + ", " + bytes.length + " bytes]";
    }
}
