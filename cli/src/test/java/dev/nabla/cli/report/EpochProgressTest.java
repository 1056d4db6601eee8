package dev.nabla.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EpochProgressTest {

    @Test
    void disabledPrintsNothing() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            try (EpochProgress bar = EpochProgress.start(false, 3, 200, 100)) {
                assertFalse(bar.isEnabled());
                for (int i = 0; i < 100; i++) bar.step(1.0 / (i + 1));
                bar.step();
                bar.stepTo(100, 0.5);
                assertEquals(0, bar.current());
            }
            try (EpochProgress bar = EpochProgress.disabled()) {
                bar.step(0.1);
            }
        } finally {
            System.setErr(original);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
    }

    @Test
    void quietAndJsonModesAreNeverShown() {
        assertFalse(EpochProgress.shouldShow(true, false));
        assertFalse(EpochProgress.shouldShow(false, true));
        assertFalse(EpochProgress.shouldShow(true, true));
        assertEquals(System.console() != null, EpochProgress.shouldShow(false, false));
    }

    @Test
    void enabledDrawsAnAsciiBarWithTaskNameProgressAndLoss() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
        try (EpochProgress bar = EpochProgress.start(true, 3, 200, 50, out, 100)) {
            assertTrue(bar.isEnabled());
            for (int i = 1; i <= 50; i++) bar.step(0.5 / i);
            assertEquals(50, bar.current());
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("Epoch 3/200"), text);
        assertTrue(text.contains("50/50"), text);
        assertTrue(text.contains("loss 0.0100"), text);
        assertTrue(text.chars().allMatch(c -> c < 128), "non-ASCII output: " + text);
        for (String line : text.split("[\r\n]+")) assertTrue(line.length() <= 100, "line wider than 100: " + line);
    }

    @Test
    void closeTwiceAndStepAfterCloseAreHarmless() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
        EpochProgress bar = EpochProgress.start(true, 1, 1, 10, out, 80);
        bar.stepTo(4, 0.25);
        bar.close();
        int size = captured.size();
        bar.step(0.1);
        bar.close();
        assertEquals(size, captured.size(), "nothing drawn after close");
    }

    @Test
    void disabledFactoryIsShared() {
        assertSame(EpochProgress.disabled(), EpochProgress.start(false, 1, 1, 1));
    }

    @Test
    void argumentsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> EpochProgress.start(false, 0, 10, 5));
        assertThrows(IllegalArgumentException.class, () -> EpochProgress.start(false, 11, 10, 5));
        assertThrows(IllegalArgumentException.class, () -> EpochProgress.start(false, 1, 10, -1));
    }

    @Test
    void lossMessageIsLocaleIndependent() {
        assertEquals("loss 0.3127", EpochProgress.lossMessage(0.31274));
        assertEquals("loss nan", EpochProgress.lossMessage(Double.NaN));
        assertEquals("Epoch 3/200", EpochProgress.taskName(3, 200));
    }
}
