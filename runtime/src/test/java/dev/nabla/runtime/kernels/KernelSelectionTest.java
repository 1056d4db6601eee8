package dev.nabla.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Which kernels are active. The build runs this class in three JVMs (see runtime/pom.xml): with
 * {@code --add-modules jdk.incubator.vector} (expects vector), without the module (expects plain) and with
 * the module but {@code -Dnabla.vector=false} (expects plain); {@code nabla.kernels.expect} says which.
 */
class KernelSelectionTest {
    private static final String EXPECT = System.getProperty("nabla.kernels.expect", "");

    @Test void activePathIsTheOneThisJvmWasStartedFor() {
        String impl = Kernels.implementation();
        System.out.println("[kernels] expect=" + (EXPECT.isEmpty() ? "(unset)" : EXPECT) + " active=" + impl);
        if (EXPECT.equals("vector")) {
            assertTrue(Kernels.isVectorized(), impl);
            assertTrue(impl.startsWith("vector"), impl);
            assertTrue(Kernels.vectorLanes() >= 4, impl);
        } else if (EXPECT.equals("plain")) {
            assertFalse(Kernels.isVectorized(), impl);
            assertTrue(impl.startsWith("plain ("), impl);
            assertEquals(1, Kernels.vectorLanes());
        } else {
            assertEquals(Kernels.isVectorized(), impl.startsWith("vector"));
        }
    }

    @Test void withoutTheModuleThePlainKernelsSayHowToEnableTheVectorOnes() {
        KernelProvider k = Kernels.select("auto", false);
        assertEquals(1, k.lanes());
        assertTrue(k.description().contains("--add-modules jdk.incubator.vector"), k.description());
        assertEquals(1, Kernels.select("true", false).lanes());
    }

    @Test void propertyFalseForcesPlain() {
        KernelProvider k = Kernels.select("false", Kernels.vectorModulePresent());
        assertEquals(1, k.lanes());
        assertTrue(k.description().contains("nabla.vector=false"), k.description());
        assertEquals(1, Kernels.select(" FALSE ", true).lanes());
    }

    @Test void vectorKernelsExactlyWhenTheModuleIsPresent() {
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertEquals(present, Kernels.vectorModulePresent());
        if (!present) {
            assertFalse(Kernels.isVectorized());
            assertEquals(null, Kernels.vectorOrNull());
        } else {
            // nabla.vector=true takes the vector kernels whenever the module is there
            KernelProvider k = Kernels.select("true", true);
            assertTrue(k.lanes() > 1, k.description());
            assertTrue(k.description().startsWith("vector (jdk.incubator.vector, "), k.description());
            assertNotNull(Kernels.vectorOrNull());
        }
    }

    /** Classes that load unconditionally must not mention any jdk.incubator.vector type. */
    @Test void classesThatAlwaysLoadDoNotReferenceTheIncubatorModule() throws IOException {
        for (Class<?> c : new Class<?>[] {Gemm.class, Elementwise.class, Kernels.class, KernelProvider.class,
                PlainKernels.class}) {
            assertFalse(constantPool(c).contains("jdk/incubator/vector"), c.getName());
        }
        try (InputStream in = Kernels.class.getResourceAsStream("VectorKernels.class")) {
            assertNotNull(in);
            assertTrue(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains("jdk/incubator/vector"));
        }
    }

    private static String constantPool(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            assertNotNull(in, c.getName());
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
