package dev.nabla.compiler.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The hostile-input audit kept as a test: mutants of every model file in the repository ({@link Seeds},
 * mutated by {@link Mutator}) go through {@code Nabla.compile}; each must end in diagnostics that all carry
 * a {@code file:line:col} location, or in a model that compiles and runs a training step
 * ({@link FuzzCase}); nothing else, and nothing that takes longer than the per-case deadline.
 *
 * <p>The default run (a fixed seed, {@value #DEFAULT_CASES} cases) is short. A longer run takes system
 * properties: {@code -Dnabla.fuzz.cases=100000 -Dnabla.fuzz.seed=7 -Dnabla.fuzz.deadline=120} (seconds per
 * case); see docs/security.md. Case {@code i} of a seed is always the same text, so a failure is reproduced
 * by its seed and index, and its text is printed.
 */
class ModelFuzzTest {
    static final int DEFAULT_CASES = 2000;
    static final long DEFAULT_SEED = 0x5EED_2024L;

    private static final int CASES = Integer.getInteger("nabla.fuzz.cases", DEFAULT_CASES);
    private static final long SEED = Long.getLong("nabla.fuzz.seed", DEFAULT_SEED);
    private static final long DEADLINE_SECONDS = Long.getLong("nabla.fuzz.deadline", 60);

    /**
     * The text of case {@code index} of {@code seed}: a mutant of one of the seeds, chosen by the case's own
     * Random; four times in five a seed meant to be valid, so that many mutants reach code generation.
     */
    static String mutant(List<Seeds.Seed> seeds, long seed, int index) {
        Random r = new Random(mix(seed, index));
        List<Seeds.Seed> valid = seeds.stream().filter(Seeds.Seed::meantValid).toList();
        List<Seeds.Seed> from = r.nextInt(5) < 4 && !valid.isEmpty() ? valid : seeds;
        return new Mutator(r).mutate(from.get(r.nextInt(from.size())).text());
    }

    /** The seed of one case: seed and index through SplitMix64's finalizer, so that nearby seeds give unrelated cases. */
    static long mix(long seed, int index) {
        long z = seed * 0x9E3779B97F4A7C15L + index;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Test
    void everyMutantEndsInLocatedDiagnosticsOrAModelThatTrains() throws Exception {
        List<Seeds.Seed> seeds = Seeds.all();
        assertTrue(seeds.size() >= 50, "the seed models were found: " + seeds.size());
        int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "fuzz");
            t.setDaemon(true); // a case that hangs must not keep the test JVM alive
            return t;
        });
        Map<FuzzCase.Kind, Integer> counts = new EnumMap<>(FuzzCase.Kind.class);
        List<String> failures = new ArrayList<>();
        long start = System.nanoTime();
        try {
            List<Future<FuzzCase.Outcome>> running = new ArrayList<>();
            for (int i = 0; i < CASES; i++) {
                int index = i;
                running.add(pool.submit(() -> FuzzCase.run(mutant(seeds, SEED, index), SEED + index)));
                if (running.size() == 4 * threads || i == CASES - 1) {
                    for (int k = 0; k < running.size(); k++) {
                        int caseIndex = i - running.size() + 1 + k;
                        FuzzCase.Outcome o;
                        try {
                            o = running.get(k).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
                        } catch (TimeoutException e) {
                            fail("case " + caseIndex + " of seed " + SEED + " took more than " + DEADLINE_SECONDS + " s:\n"
                                    + excerpt(mutant(seeds, SEED, caseIndex)));
                            return;
                        }
                        counts.merge(o.kind(), 1, Integer::sum);
                        if (o.kind() == FuzzCase.Kind.FAILURE && failures.size() < 20) {
                            failures.add("case " + caseIndex + " of seed " + SEED + ": " + o.detail() + "\n--- model ---\n"
                                    + excerpt(mutant(seeds, SEED, caseIndex)));
                        }
                    }
                    running.clear();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("model fuzzing: %d cases of seed %d in %.1f s: %s%n", CASES, SEED,
                (System.nanoTime() - start) / 1e9, counts);
        if (!failures.isEmpty()) {
            fail(counts.getOrDefault(FuzzCase.Kind.FAILURE, 0) + " of " + CASES + " mutants ended otherwise than in located "
                    + "diagnostics or a training step:\n\n" + String.join("\n\n", failures));
        }
        assertTrue(counts.getOrDefault(FuzzCase.Kind.TRAINED, 0) > CASES / 50,
                "some mutants still compile and train: " + counts);
        assertTrue(counts.getOrDefault(FuzzCase.Kind.DIAGNOSED, 0) > CASES / 4, "most mutants are diagnosed: " + counts);
    }

    /** A model text for a failure report: printable, and not megabytes long. */
    static String excerpt(String s) {
        String t = s.length() > 4000 ? s.substring(0, 4000) + "\n... (" + s.length() + " characters in all)" : s;
        StringBuilder sb = new StringBuilder();
        t.codePoints().forEach(c -> {
            if (c < 0x20 && c != '\n' && c != '\t' || c == 0x7f || c >= 0x80 && !Character.isLetter(c)) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }
}
