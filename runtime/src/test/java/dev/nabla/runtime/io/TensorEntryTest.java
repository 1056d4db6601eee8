package dev.nabla.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import org.junit.jupiter.api.Test;

class TensorEntryTest {
    @Test
    void eachFactoryKeepsDtypeShapeAndValues() {
        TensorEntry f = TensorEntry.f32(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertEquals(DType.F32, f.dtype());
        assertArrayEquals(new long[] {2, 3}, f.shape());
        assertArrayEquals(new int[] {2, 3}, f.intShape());
        assertEquals(2, f.rank());
        assertEquals(6, f.elementCount());
        assertEquals(24, f.byteSize());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, f.toFloatArray());

        assertArrayEquals(new double[] {0.25, -1e300}, TensorEntry.f64(new double[] {0.25, -1e300}, 2).toDoubleArray());
        assertArrayEquals(new int[] {Integer.MIN_VALUE, 7}, TensorEntry.i32(new int[] {Integer.MIN_VALUE, 7}, 1, 2).toIntArray());
        assertArrayEquals(new long[] {Long.MAX_VALUE}, TensorEntry.i64(new long[] {Long.MAX_VALUE}, 1).toLongArray());
    }

    @Test
    void intShapeOverloadsMatchLongShapes() {
        int[] shape = {2, 1};
        assertEquals(TensorEntry.f32(new float[] {1, 2}, 2, 1), TensorEntry.f32(new float[] {1, 2}, shape));
        assertEquals(TensorEntry.f64(new double[] {1, 2}, 2, 1), TensorEntry.f64(new double[] {1, 2}, shape));
        assertEquals(TensorEntry.i32(new int[] {1, 2}, 2, 1), TensorEntry.i32(new int[] {1, 2}, shape));
        assertEquals(TensorEntry.i64(new long[] {1, 2}, 2, 1), TensorEntry.i64(new long[] {1, 2}, shape));
    }

    @Test
    void dataIsLittleEndianRowMajor() {
        TensorEntry t = TensorEntry.i32(new int[] {0x01020304, -2}, 2);
        ByteBuffer data = t.data();
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        assertArrayEquals(FileBytes.i32(0x01020304, -2), bytes);
        assertArrayEquals(new byte[] {4, 3, 2, 1, -2, -1, -1, -1}, bytes);
    }

    @Test
    void scalarHasEmptyShapeAndOneElement() {
        TensorEntry s = TensorEntry.f64(new double[] {3.5});
        assertEquals(0, s.rank());
        assertArrayEquals(new long[0], s.shape());
        assertEquals(1, s.elementCount());
        assertEquals(8, s.byteSize());
        assertEquals("F64[]", s.toString());
    }

    @Test
    void zeroDimensionHoldsNoElements() {
        TensorEntry e = TensorEntry.f32(new float[0], 0, 5);
        assertEquals(0, e.byteSize());
        assertEquals(0, e.toFloatArray().length);
    }

    @Test
    void isImmutable() {
        float[] values = {1, 2};
        long[] shape = {2};
        TensorEntry t = TensorEntry.f32(values, shape);
        values[0] = 99;
        shape[0] = 7;
        t.shape()[0] = 8;
        t.toFloatArray()[1] = 42;
        assertArrayEquals(new float[] {1, 2}, t.toFloatArray());
        assertArrayEquals(new long[] {2}, t.shape());
        assertTrue(t.data().isReadOnly());
        assertThrows(ReadOnlyBufferException.class, () -> t.data().put(0, (byte) 1));
    }

    @Test
    void rawBytesAreCopiedFromTheRemainingPartOfABufferWithoutMovingIt() {
        ByteBuffer buffer = ByteBuffer.wrap(FileBytes.concat(new byte[] {9, 9}, FileBytes.f32(1.5f, -2f)));
        buffer.position(2);
        TensorEntry t = TensorEntry.of(DType.F32, new long[] {2}, buffer);
        assertEquals(2, buffer.position());
        buffer.put(2, (byte) 0x7F);
        assertArrayEquals(new float[] {1.5f, -2f}, t.toFloatArray());
        assertEquals(t, TensorEntry.of(DType.F32, new long[] {2}, FileBytes.f32(1.5f, -2f)));
    }

    @Test
    void rejectsValuesThatDoNotFitTheShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TensorEntry.f32(new float[63], 16, 4));
        assertEquals("shape [16,4] has 64 elements but 63 values were given", e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> TensorEntry.of(DType.I64, new long[] {2}, new byte[12]));
        assertEquals("dtype I64 with shape [2] needs 16 bytes but 12 were given", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> TensorEntry.i32(new int[0], 2, -1));
        assertEquals("shape [2,-1] has a negative dimension", e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> TensorEntry.of(DType.F64, new long[] {1L << 40}, new byte[0]));
        assertEquals("dtype F64 with shape [1099511627776] is larger than one Java array can hold", e.getMessage());
    }

    @Test
    void arrayAccessorsRequireTheirDtype() {
        TensorEntry t = TensorEntry.i32(new int[] {1}, 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, t::toFloatArray);
        assertEquals("the tensor holds I32 values, not F32", e.getMessage());
        assertThrows(IllegalStateException.class, t::toLongArray);
        assertThrows(IllegalStateException.class, t::toDoubleArray);
    }

    @Test
    void equalityIsByDtypeShapeAndBytes() {
        TensorEntry a = TensorEntry.f32(new float[] {Float.NaN, 1}, 2);
        assertEquals(a, TensorEntry.f32(new float[] {Float.NaN, 1}, 2));
        assertEquals(a.hashCode(), TensorEntry.f32(new float[] {Float.NaN, 1}, 2).hashCode());
        assertNotEquals(a, TensorEntry.f32(new float[] {Float.NaN, 1}, 1, 2));
        assertNotEquals(TensorEntry.i32(new int[] {0}, 1), TensorEntry.f32(new float[] {0}, 1));
        assertEquals("F32[2]", a.toString());
    }

    @Test
    void intShapeRejectsHugeDimensions() {
        TensorEntry t = TensorEntry.of(DType.F32, new long[] {0, 1L << 33}, new byte[0]);
        assertThrows(ArithmeticException.class, t::intShape);
    }
}
