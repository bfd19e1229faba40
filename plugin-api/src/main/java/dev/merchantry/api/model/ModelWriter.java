package dev.merchantry.api.model;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes a model payload: primitives, strings and arrays in a compact big-endian layout that {@link ModelReader}
 * reads back in the same order. Not thread-safe.
 *
 * @since 0.1.0
 */
public final class ModelWriter {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(buffer);

    public ModelWriter writeInt(int v) {
        return run(() -> out.writeInt(v));
    }

    public ModelWriter writeLong(long v) {
        return run(() -> out.writeLong(v));
    }

    public ModelWriter writeDouble(double v) {
        return run(() -> out.writeDouble(v));
    }

    public ModelWriter writeBoolean(boolean v) {
        return run(() -> out.writeBoolean(v));
    }

    /**
     * Writes a string (may be {@code null}) as UTF-8 of any length.
     *
     * @since 0.1.0
     */
    public ModelWriter writeString(String s) {
        return run(() -> {
            if (s == null) {
                out.writeInt(-1);
                return;
            }
            byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
        });
    }

    public ModelWriter writeDoubles(double[] a) {
        return run(() -> {
            out.writeInt(a.length);
            for (double v : a) {
                out.writeDouble(v);
            }
        });
    }

    public ModelWriter writeFloats(float[] a) {
        return run(() -> {
            out.writeInt(a.length);
            for (float v : a) {
                out.writeFloat(v);
            }
        });
    }

    public ModelWriter writeInts(int[] a) {
        return run(() -> {
            out.writeInt(a.length);
            for (int v : a) {
                out.writeInt(v);
            }
        });
    }

    public ModelWriter writeStrings(List<String> a) {
        writeInt(a.size());
        for (String s : a) {
            writeString(s);
        }
        return this;
    }

    /**
     * Writes a nested payload (e.g. another model's bytes).
     *
     * @since 0.1.0
     */
    public ModelWriter writeBytes(byte[] b) {
        return run(() -> {
            out.writeInt(b.length);
            out.write(b);
        });
    }

    public byte[] toByteArray() {
        run(out::flush);
        return buffer.toByteArray();
    }

    /**
     * Wraps the payload written so far.
     *
     * @since 0.1.0
     */
    public SerializedModel toModel(String strategyId, int formatVersion) {
        return new SerializedModel(strategyId, formatVersion, toByteArray());
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private ModelWriter run(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen with an in-memory buffer
        }
        return this;
    }
}
