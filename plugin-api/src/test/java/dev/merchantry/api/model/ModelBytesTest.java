package dev.merchantry.api.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelBytesTest {

    @Test
    void roundTripsEveryType() {
        SerializedModel m = new ModelWriter().writeInt(7).writeLong(-3L).writeDouble(Math.PI).writeBoolean(true)
                .writeString("héllo").writeString(null).writeDoubles(new double[] {1, 2.5})
                .writeFloats(new float[] {0.5f}).writeInts(new int[] {4, 5}).writeStrings(List.of("a", "b"))
                .writeBytes(new byte[] {9}).toModel("svd", 2);
        ModelReader r = new ModelReader(m);
        assertEquals(7, r.readInt());
        assertEquals(-3L, r.readLong());
        assertEquals(Math.PI, r.readDouble());
        assertEquals(true, r.readBoolean());
        assertEquals("héllo", r.readString());
        assertNull(r.readString());
        assertArrayEquals(new double[] {1, 2.5}, r.readDoubles());
        assertArrayEquals(new float[] {0.5f}, r.readFloats());
        assertArrayEquals(new int[] {4, 5}, r.readInts());
        assertEquals(List.of("a", "b"), r.readStrings());
        assertArrayEquals(new byte[] {9}, r.readBytes());
    }

    @Test
    void truncatedOrCorruptPayloadsFailCleanly() {
        byte[] bytes = new ModelWriter().writeDoubles(new double[] {1, 2, 3}).toByteArray();
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 4);
        assertThrows(ModelFormatException.class, () -> new ModelReader(truncated).readDoubles());
        byte[] hugeLength = new ModelWriter().writeInt(Integer.MAX_VALUE).toByteArray();
        assertThrows(ModelFormatException.class, () -> new ModelReader(hugeLength).readDoubles());
    }

    @Test
    void requireFormatRejectsForeignOrNewerModels() {
        SerializedModel m = new SerializedModel("svd", 3, new byte[0]);
        assertThrows(ModelFormatException.class, () -> m.requireFormat("als", 3));
        assertThrows(ModelFormatException.class, () -> m.requireFormat("svd", 2));
        m.requireFormat("svd", 3);
    }
}
