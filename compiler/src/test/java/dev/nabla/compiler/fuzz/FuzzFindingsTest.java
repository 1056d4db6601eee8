package dev.nabla.compiler.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cases the fuzzer found, kept by seed and index (the mutant is the same text on every run) with what they
 * showed. Each is a regression test of the fix.
 */
class FuzzFindingsTest {
    private static final List<Seeds.Seed> SEEDS = Seeds.all();

    /**
     * Seed 11, case 6110: a 70,000-character name on a file whose lines end in lone carriage returns, so
     * the whole file is one line for diagnostics; 25 errors each quoting that line ran out of memory.
     * Excerpts now show a window of the line around the error.
     */
    @Test
    void errorsOnAVeryLongLineDoNotQuoteItWhole() {
        String model = ModelFuzzTest.mutant(SEEDS, 11, 6110);
        assertTrue(model.length() > 1_000_000, "the reproducer is the long text: " + model.length());
        FuzzCase.Outcome o = FuzzCase.run(model, 6110);
        assertEquals(FuzzCase.Kind.DIAGNOSED, o.kind(), o.detail());
    }
}
