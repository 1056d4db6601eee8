package dev.nabla.runtime.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CsvOptionsTest {
    @Test
    void defaults() {
        CsvOptions o = CsvOptions.defaults();
        assertNull(o.labelColumn());
        assertNull(o.featureColumns());
        assertEquals(List.of(), o.categoricalColumns());
        assertNull(o.classification());
        assertNull(o.classNames());
        assertEquals(MissingPolicy.ERROR, o.onMissing());
        assertEquals(',', o.delimiter());
    }

    @Test
    void toBuilderKeepsEverything() {
        CsvOptions o = CsvOptions.builder().label("y").features("a", "b").categorical("b").classNames(List.of("p", "q"))
                .onMissing(MissingPolicy.DROP).delimiter('\t').build();
        assertEquals(o, o.toBuilder().build());
        assertEquals("z", o.toBuilder().label("z").classNames(null).build().labelColumn());
    }

    @Test
    void contradictionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> CsvOptions.builder().classNames(List.of("a")).build());
        assertThrows(IllegalArgumentException.class,
                () -> CsvOptions.builder().label("y").classification(false).classNames(List.of("a")).build());
        assertThrows(IllegalArgumentException.class, () -> CsvOptions.builder().label("y").classNames(List.of()).build());
        assertThrows(IllegalArgumentException.class, () -> CsvOptions.builder().classification(true).build());
        assertThrows(IllegalArgumentException.class, () -> CsvOptions.builder().features(List.of()).build());
        assertThrows(IllegalArgumentException.class, () -> CsvOptions.builder().features("a", "a").build());
        assertThrows(IllegalArgumentException.class, () -> CsvOptions.builder().delimiter('"').build());
    }
}
