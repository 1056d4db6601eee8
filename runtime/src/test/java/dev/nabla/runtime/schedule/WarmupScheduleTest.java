package dev.nabla.runtime.schedule;

import static dev.nabla.runtime.schedule.Tolerance.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The milestone of {@link WarmupSchedule}, spelled out on small numbers. */
class WarmupScheduleTest {

    @Test
    void theNextScheduleStartsAtItsOwnTZeroAtTheMilestone() {
        // SequentialLR([LinearLR(start_factor=0.25, total_iters=3), StepLR(step_size=2, gamma=0.5)], milestones=[3])
        WarmupSchedule schedule = new WarmupSchedule(3, 0.25, new StepSchedule(2, 0.5));
        double[] expected = {0.025, 0.05, 0.075, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025};
        for (int t = 0; t < expected.length; t++) assertClose(expected[t], schedule.lr(0.1, t), "t=" + t);
    }

    @Test
    void matchesPyTorchsSequentialLrReplayedStepByStep() {
        double[] pytorch = PyTorchRecursions.sequential(PyTorchRecursions.linearLr(1.0 / 3, 1.0, 5),
                PyTorchRecursions.cosineAnnealingLr(0.1, 15, 0.001), 5, 0.1, 40);
        WarmupSchedule schedule = new WarmupSchedule(new CosineAnnealingSchedule(15, 0.001));
        for (int t = 0; t < pytorch.length; t++) assertClose(pytorch[t], schedule.lr(0.1, t), "t=" + t);
        assertEquals(0.001, schedule.lr(0.1, 20));
    }

    @Test
    void aOneCycleAfterTheWarmupStartsAtItsOwnInitialRate() {
        WarmupSchedule schedule = new WarmupSchedule(2, 0.5, new OneCycleSchedule(1.0, 10));
        assertClose(0.05, schedule.lr(0.1, 0), "t=0");
        assertClose(0.04, schedule.lr(0.1, 2), "t=2, one-cycle's t=0");
    }

    @Test
    void needsTheNextSchedule() {
        assertEquals("the schedule after the warm-up (then) must be given",
                assertThrows(IllegalArgumentException.class, () -> new WarmupSchedule(5, 0.5, null)).getMessage());
    }
}
