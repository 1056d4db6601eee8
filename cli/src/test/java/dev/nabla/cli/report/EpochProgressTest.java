package dev.nabla.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class EpochProgressTest {
    /** A clock the test moves by hand, in milliseconds. */
    static final class Clock {
        long millis;

        long nanos() {
            return millis * 1_000_000L;
        }
    }

    static String fourDecimals(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    @Test
    void quietAndJsonModesAreNeverShown() {
        assertFalse(EpochProgress.shouldShow(true, false));
        assertFalse(EpochProgress.shouldShow(false, true));
        assertFalse(EpochProgress.shouldShow(true, true));
    }

    @Test
    void notShownWhenStandardOutputIsNotATerminal() {
        // the test JVM's standard output is a pipe to the build, never a terminal
        assertFalse(EpochProgress.isInteractiveTerminal());
        assertFalse(EpochProgress.shouldShow(false, false));
    }

    @Test
    void redrawsInPlaceAtMostEveryHundredMillisecondsThenEndsInTheResultLine() {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        Clock clock = new Clock();
        EpochProgress p = EpochProgress.start(out, 3, 200, 10, clock::nanos, EpochProgressTest::fourDecimals);
        for (int step = 1; step <= 10; step++) {
            clock.millis += 40; // a redraw every third step at most
            p.step(step, 1.0 / step);
        }
        p.finish("Epoch   3/200 - 0.40s - loss: 0.2929");
        String s = text.toString();
        assertFalse(s.substring(0, s.length() - 1).contains("\n"), "one line until the result: " + s);
        List<String> frames = Arrays.stream(s.split("\r")).filter(f -> !f.isEmpty()).toList();
        assertEquals(List.of(
                "Epoch   3/200  0/10 [................]",
                "Epoch   3/200  3/10 [====>...........] - ETA 0s - loss 0.3333",
                "Epoch   3/200  6/10 [=========>......] - ETA 0s - loss 0.1667",
                "Epoch   3/200  9/10 [==============>.] - ETA 0s - loss 0.1111"), frames.subList(0, 4));
        // the result line covers what is left of the longer live line, and ends the line
        String result = "Epoch   3/200 - 0.40s - loss: 0.2929";
        assertEquals(result + " ".repeat(frames.get(3).length() - result.length()) + "\n", frames.get(4));
        assertEquals(5, frames.size());
    }

    @Test
    void frameShowsProgressEtaAndLoss() {
        assertEquals("Epoch 3/200  420/1000 [======>.........] - ETA 3s - loss 0.3127",
                EpochProgress.frame("Epoch 3/200", 420, 1000, 2_000_000_000L, "0.3127"));
        assertEquals("Epoch 1/1 10/10 [================] - loss 1.0000e-05",
                EpochProgress.frame("Epoch 1/1", 10, 10, 5_000_000_000L, "1.0000e-05"));
        assertEquals("Epoch 1/1 0/0 [================]", EpochProgress.frame("Epoch 1/1", 0, 0, 0, null));
        // 1,000 epochs of 100,000 steps, an hour to go, a tiny loss
        String widest = EpochProgress.frame(EpochProgress.label(1000, 1000), 50_000, 100_000, 3_600_000_000_000L, "1.2345e-05");
        assertTrue(widest.length() <= 80, "the live line fits 80 columns: " + widest.length() + " " + widest);
    }

    @Test
    void labelAlignsTheEpochToTheWidthOfTheCount() {
        assertEquals("Epoch   3/200", EpochProgress.label(3, 200));
        assertEquals("Epoch 200/200", EpochProgress.label(200, 200));
        assertEquals("Epoch 1/1", EpochProgress.label(1, 1));
    }

    @Test
    void durationsReadLikeAClock() {
        assertEquals("0s", EpochProgress.duration(0.2));
        assertEquals("59s", EpochProgress.duration(59.4));
        assertEquals("1:05", EpochProgress.duration(65));
        assertEquals("2:03:07", EpochProgress.duration(2 * 3600 + 3 * 60 + 7));
    }

    @Test
    void rejectsEpochsOutOfRange() {
        PrintWriter out = new PrintWriter(new StringWriter());
        assertThrows(IllegalArgumentException.class, () -> EpochProgress.start(out, 0, 10, 5, System::nanoTime, Double::toString));
        assertThrows(IllegalArgumentException.class, () -> EpochProgress.start(out, 11, 10, 5, System::nanoTime, Double::toString));
        assertThrows(IllegalArgumentException.class, () -> EpochProgress.start(out, 1, 10, -1, System::nanoTime, Double::toString));
    }
}
