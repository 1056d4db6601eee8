package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bundled samples train from the command line, with their own train blocks, to a stated quality. */
class SampleTrainingTest {
    /**
     * The sine sample's targets are {@code sin(3x) + 0.3x} plus Gaussian noise of standard deviation 0.05
     * (MakeSine.java), so no model can have an expected validation RMSE below 0.05: that is the noise floor.
     * On the 100 validation rows the RMSE of the noise alone varies by about 0.05 / sqrt(2 * 100) = 0.0035.
     * 0.07 = 1.4 x the noise allows a model error of up to sqrt(0.07^2 - 0.05^2) = 0.049 on top of the
     * noise, under 4 % of the function's range (about 2.6): a fit that follows the curve passes, one that
     * cuts across its bends does not.
     */
    static final double SINE_MAX_VAL_RMSE = 0.07;

    @Test
    void spiralsReachesValidationAccuracyOf95Percent() {
        Cli.Result r = Cli.run("train", Cli.sample("spirals", "spirals.nabla"), "--log-format", "json").assertOk();
        JsonObject done = Cli.done(r);
        assertEquals("Spirals", done.get("model").getAsString());
        assertEquals(300, done.get("epochs").getAsInt(), "the train block asks for 300 epochs");
        double acc = Cli.number(done, "val_accuracy");
        assertTrue(acc >= 0.95, "spirals validation accuracy " + acc + " < 0.95\n" + r);
    }

    @Test
    void spiralsTextSummaryStatesTheQuality() {
        Cli.Result r = Cli.run("train", Cli.sample("spirals", "spirals.nabla"), "--quiet").assertOk();
        assertEquals(1, r.outLines().size(), "--quiet prints only the summary line:\n" + r);
        assertTrue(r.out().startsWith("Trained Spirals for 300 epochs in "), r.toString());
        Map<String, Double> m = Cli.summary(r);
        assertTrue(m.keySet().containsAll(java.util.List.of("loss", "accuracy", "val_loss", "val_accuracy")), m.toString());
        assertTrue(m.get("val_accuracy") >= 0.95, "spirals validation accuracy " + m.get("val_accuracy") + " < 0.95");
    }

    /**
     * The sine sample as committed, in its configured epochs, gets close to the noise of its data.
     */
    @Test
    void sineReachesValidationRmseNearTheNoiseInItsConfiguredEpochs() {
        Cli.Result r = Cli.run("train", Cli.sample("sine", "sine.nabla"), "--log-format", "json").assertOk();
        JsonObject done = Cli.done(r);
        assertEquals(1500, done.get("epochs").getAsInt());
        double rmse = Cli.number(done, "val_rmse");
        assertTrue(rmse < SINE_MAX_VAL_RMSE, "sine validation RMSE " + rmse + " >= " + SINE_MAX_VAL_RMSE);
    }

    /**
     * The sine model itself can reach the noise floor from the command line (so the failure above is the
     * sample's training length, not the regression path): with 1500 epochs it does.
     */
    @Test
    void sineModelReachesValidationRmseNearTheNoiseWhenTrainedLonger() {
        Cli.Result r = Cli.run("train", Cli.sample("sine", "sine.nabla"), "--log-format", "json", "--epochs", 1500).assertOk();
        JsonObject done = Cli.done(r);
        double rmse = Cli.number(done, "val_rmse");
        assertTrue(rmse < SINE_MAX_VAL_RMSE, "sine validation RMSE " + rmse + " >= " + SINE_MAX_VAL_RMSE);
        assertTrue(rmse > 0.04, "validation RMSE " + rmse + " below the noise 0.05: the validation split leaks?");
        assertEquals(Math.sqrt(Cli.number(done, "val_loss")), rmse, 1e-4, "val_rmse is the root of the MSE val_loss");
    }
}
