package dev.nabla.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EditDistanceTest {
    @Test
    void countsInsertionsDeletionsSubstitutionsAndSwaps() {
        assertEquals(0, EditDistance.between("softmax", "softmax"));
        assertEquals(1, EditDistance.between("softmx", "softmax"), "one insertion");
        assertEquals(1, EditDistance.between("softmaxx", "softmax"), "one deletion");
        assertEquals(1, EditDistance.between("softmex", "softmax"), "one substitution");
        assertEquals(1, EditDistance.between("sotfmax", "softmax"), "one swap of neighbours");
        assertEquals(3, EditDistance.between("kitten", "sitting"));
        assertEquals(5, EditDistance.between("", "hello"));
        assertEquals(3, EditDistance.between("ca", "abc"), "optimal string alignment: a swapped pair is not edited again");
    }
}
