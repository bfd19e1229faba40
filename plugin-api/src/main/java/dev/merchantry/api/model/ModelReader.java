package dev.merchantry.api.model;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what {@link ModelWriter} wrote. Truncated or corrupt input fails with {@link ModelFormatException}, never
 * with an {@link OutOfMemoryError} from a garbage length. Not thread-safe.
 *
 * @since 0.1.0
 */
public final class ModelReader {

    private final DataInputStream in;
    private final int size;

    public ModelReader(byte[] bytes) {
        this.in = new DataInputStream(new ByteArrayInputStream(bytes));
        this.size = bytes.length;
    }

    public ModelReader(SerializedModel model) {
        this(model.bytes());
    }

    public int readInt() {
        return read(in::readInt);
    }

    public long readLong() {
        return read(in::readLong);
    }

    public double readDouble() {
        return read(in::readDouble);
    }

    public boolean readBoolean() {
        return read(in::readBoolean);
    }

    public String readString() {
        int n = readInt();
        if (n == -1) {
            return null;
        }
        byte[] b = new byte[length(n, 1)];
        read(() -> {
            in.readFully(b);
            return null;
        });
        return new String(b, StandardCharsets.UTF_8);
    }

    public double[] readDoubles() {
        double[] a = new double[length(readInt(), 8)];
        for (int i = 0; i < a.length; i++) {
            a[i] = readDouble();
        }
        return a;
    }

    public float[] readFloats() {
        float[] a = new float[length(readInt(), 4)];
        for (int i = 0; i < a.length; i++) {
            a[i] = read(in::readFloat);
        }
        return a;
    }

    public int[] readInts() {
        int[] a = new int[length(readInt(), 4)];
        for (int i = 0; i < a.length; i++) {
            a[i] = readInt();
        }
        return a;
    }

    public List<String> readStrings() {
        int n = length(readInt(), 4);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(readString());
        }
        return out;
    }

    public byte[] readBytes() {
        byte[] b = new byte[length(readInt(), 1)];
        read(() -> {
            in.readFully(b);
            return null;
        });
        return b;
    }

    private int length(int n, int bytesPerElement) {
        if (n < 0 || (long) n * bytesPerElement > size) {
            throw new ModelFormatException("corrupt model payload: length " + n + " exceeds the " + size + " bytes given");
        }
        return n;
    }

    private interface IoRead<T> {
        T read() throws IOException;
    }

    private <T> T read(IoRead<T> r) {
        try {
            return r.read();
        } catch (IOException e) {
            throw new ModelFormatException("truncated model payload", e);
        }
    }
}
