package dev.nabla.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.runtime.schedule.LearningRateSchedule;
import org.junit.jupiter.api.Test;

class TrainOptionsBuilderTest {
    @Test
    void unsetValuesAreTheDefaults() {
        assertEquals(TrainOptions.defaults(), TrainOptions.builder().build());
        TrainOptions d = TrainOptions.defaults();
        assertEquals(10, d.epochs());
        assertEquals(32, d.batchSize());
        assertTrue(d.shuffle());
        assertEquals(42, d.seed());
        assertNull(d.schedule());
        assertNull(d.earlyStop());
        assertEquals(0, d.initialEpoch());
    }

    @Test
    void settersNameTheValues() {
        TrainOptions.EarlyStopping early = new TrainOptions.EarlyStopping("val_loss", 5, 0.001, true);
        LearningRateSchedule schedule = new LearningRateSchedule() {
            @Override public double lr(double baseLr, long t) { return baseLr / (1 + t); }

            @Override public String description() { return "inverse"; }
        };
        TrainOptions o = TrainOptions.builder().epochs(60).batchSize(16).shuffle(false).seed(3)
                .schedule(schedule, true).earlyStop(early).initialEpoch(7).build();
        assertEquals(new TrainOptions(60, 16, false, 3, schedule, true, early, 7), o);
        assertSame(schedule, o.schedule());
    }

    @Test
    void toBuilderChangesOneValueAndKeepsTheRest() {
        TrainOptions o = new TrainOptions(60, 16, true, 3);
        assertEquals(new TrainOptions(60, 64, true, 3), o.toBuilder().batchSize(64).build());
        assertEquals(o, o.toBuilder().build());
    }

    @Test
    void buildChecksTheValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainOptions.builder().epochs(0).build());
        assertEquals("epochs must be at least 1, got 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainOptions.builder().batchSize(-1).build());
        assertThrows(IllegalArgumentException.class, () -> TrainOptions.builder().initialEpoch(-2).build());
    }
}
