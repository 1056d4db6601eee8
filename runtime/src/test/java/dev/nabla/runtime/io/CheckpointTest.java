package dev.nabla.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointTest {
    @Test
    void keepsOrderAndCannotBeModified() {
        Map<String, TensorEntry> tensors = new LinkedHashMap<>();
        tensors.put("z", TensorEntry.i32(new int[] {1}, 1));
        tensors.put("a", TensorEntry.i32(new int[] {2}, 1));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("seed", "7");
        metadata.put("epoch", "3");
        Checkpoint c = new Checkpoint(tensors, metadata);
        tensors.clear();
        metadata.clear();

        assertEquals(List.of("z", "a"), List.copyOf(c.tensors().keySet()));
        assertEquals(List.of("seed", "epoch"), List.copyOf(c.metadata().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> c.tensors().remove("z"));
        assertThrows(UnsupportedOperationException.class, () -> c.metadata().put("x", "y"));
        assertEquals(Map.of(), new Checkpoint(Map.of()).metadata());
    }

    @Test
    void rejectsNulls() {
        Map<String, TensorEntry> withNull = new HashMap<>();
        withNull.put("W", null);
        NullPointerException e = assertThrows(NullPointerException.class, () -> new Checkpoint(withNull));
        assertEquals("tensors value for 'W' is null", e.getMessage());
        Map<String, String> nullKey = new HashMap<>();
        nullKey.put(null, "x");
        e = assertThrows(NullPointerException.class, () -> new Checkpoint(Map.of(), nullKey));
        assertEquals("a key of metadata is null", e.getMessage());
    }
}
