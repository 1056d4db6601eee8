package dev.nabla.compiler.jit;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.compiler.CompiledModel;
import dev.nabla.compiler.Nabla;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compile cache shares a class while it is in use and lets it go (class loader and all) when it is not. */
class CompileCacheTest {
    private static String model(int i) {
        return "model M" + i + " {\n input x[3]\n target y[1]\n param W[1, 3]\n loss mse(W @ x, y) * " + (i + 1) + "\n}\n";
    }

    @Test
    void aClassInUseIsShared() {
        CompiledModel a = Nabla.compile(model(0));
        CompiledModel b = Nabla.compile(model(0));
        assertSame(a.modelClass(), b.modelClass(), "the same source compiles once");
    }

    @Test
    void classesNoLongerReferencedAreUnloaded() throws InterruptedException {
        int before = JaninoCompiler.cachedClasses();
        List<WeakReference<Class<?>>> classes = new ArrayList<>();
        for (int i = 1; i <= 40; i++) classes.add(new WeakReference<>(Nabla.compile(model(1000 + i)).modelClass()));
        long deadline = System.nanoTime() + 20_000_000_000L;
        int alive = classes.size();
        while (alive > 0 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
            alive = (int) classes.stream().filter(r -> r.get() != null).count();
        }
        assertTrue(alive == 0, alive + " of 40 unreferenced model classes are still loaded");
        // the cache forgets them too
        CompiledModel kept = Nabla.compile(model(1));
        assertTrue(JaninoCompiler.cachedClasses() <= before + 1, "cache holds " + JaninoCompiler.cachedClasses()
                + " live classes, " + before + " before the 40 were compiled");
        assertTrue(kept.modelClass() != null);
    }
}
