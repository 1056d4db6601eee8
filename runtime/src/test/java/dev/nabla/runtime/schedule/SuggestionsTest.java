package dev.nabla.runtime.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    private static final List<String> PARAMS = List.of("max_lr", "total_steps", "pct_start", "anneal_strategy",
            "div_factor", "final_div_factor", "three_phase");

    @Test
    void findsTheIntendedNameThroughCaseSeparatorsTyposAndTruncation() {
        assertEquals(Optional.of("max_lr"), Suggestions.closest("MaxLR", PARAMS));
        assertEquals(Optional.of("total_steps"), Suggestions.closest("total-steps", PARAMS));
        assertEquals(Optional.of("pct_start"), Suggestions.closest("pct_strat", PARAMS));
        assertEquals(Optional.of("anneal_strategy"), Suggestions.closest("anneal", PARAMS));
        assertEquals(Optional.of("final_div_factor"), Suggestions.closest("final_div", PARAMS));
        assertEquals(Optional.of("div_factor"), Suggestions.closest("divfactor", PARAMS));
    }

    @Test
    void suggestsNothingFarFromEveryName() {
        assertEquals(Optional.empty(), Suggestions.closest("momentum", PARAMS));
        assertEquals(Optional.empty(), Suggestions.closest("lr", PARAMS));
        assertEquals(Optional.empty(), Suggestions.closest(null, PARAMS));
    }

    @Test
    void countsAnAdjacentTranspositionAsOneEdit() {
        assertEquals(1, Suggestions.distance("stpe", "step"));
        assertEquals(2, Suggestions.distance("gama", "gamma2"));
    }
}
