package dev.nabla.compiler.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.compiler.CompileOptions;
import dev.nabla.compiler.Nabla;
import dev.nabla.compiler.check.TrainSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Options that reach the generated source are checked: the package name, hyper-parameters, clipping. */
class CompileOptionsTest {
    @Test
    void aPackageNameThatIsNotOneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CompileOptions.defaults().withPackage("a; public class X {} //"));
        assertEquals("not a Java package name: \"a; public class X {} //\" (a package name is identifiers separated by "
                + "dots, none of them a Java keyword, such as com.example.models)", e.getMessage());
        for (String bad : new String[] {"com.example.", ".a", "a..b", "class", "a.int.b", "a b", "a\nb", "1a", "a-b", "a/*"}) {
            assertThrows(IllegalArgumentException.class, () -> CompileOptions.defaults().withPackage(bad), bad);
        }
        assertEquals("not a Java package name: \"a\\u000ab\" (a package name is identifiers separated by dots, none of "
                + "them a Java keyword, such as com.example.models)",
                assertThrows(IllegalArgumentException.class, () -> CompileOptions.defaults().withPackage("a\nb")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> CompileOptions.defaults().withPackage(null));
    }

    @Test
    void packageNamesThatAreOneAreUsed() {
        assertEquals("com.example.models", Nabla.compile("m.nabla", Models.withValue("W @ x + b"),
                CompileOptions.defaults().withPackage("com.example.models")).modelClass().getPackageName());
        assertEquals("", CompileOptions.defaults().withPackage("").packageName());
        assertEquals("_x.$y.z9", CompileOptions.defaults().withPackage("_x.$y.z9").packageName());
    }

    @Test
    void hyperParametersAndClippingMustBeFinite() {
        TrainSettings.OptimizerSpec bad = new TrainSettings.OptimizerSpec(dev.nabla.compiler.check.OptimizerKind.SGD,
                Map.of("lr", Double.POSITIVE_INFINITY), Map.of(), null);
        assertEquals("optimizer sgd: hyper-parameter lr must be a finite number, got Infinity",
                assertThrows(IllegalArgumentException.class, () -> CompileOptions.defaults().withOptimizer(bad)).getMessage());
        assertEquals("clip norm must be a positive finite number, got NaN",
                assertThrows(IllegalArgumentException.class, () -> CompileOptions.defaults().withClipping(null, Double.NaN))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> CompileOptions.defaults().withClipping(-1.0, null));
    }
}
