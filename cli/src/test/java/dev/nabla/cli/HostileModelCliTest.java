package dev.nabla.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model files from the hostile-input audit (base model: bench/models/b4.nabla) end in a located error and
 * exit code 1 from every command that reads a model, never in a crash, an internal error or generated
 * source printed to the terminal.
 */
class HostileModelCliTest {
    @TempDir
    Path dir;

    private Path b4(String z, String train) throws Exception {
        return Files.writeString(dir.resolve("b4.nabla"), "model B4 {\n    input  x[20]\n    target y[1]\n"
                + "    param W[1, 20]\n    param b[1]\n    z = " + z + "\n    output p = sigmoid(z)\n"
                + "    loss bce_with_logits(z, y)\n}\ntrain B4 { " + train + " }\n");
    }

    private void everyCommand(Path model, String... fragments) {
        Cli.run("check", model).assertUserError(fragments);
        Cli.run("dump", "--stage", "java", model).assertUserError(fragments);
        Cli.run("train", model, "--data", Cli.sample("spirals", "spirals.csv"), "--epochs", 1).assertUserError(fragments);
    }

    @Test
    void aSumOf5000TermsIsTooDeep() throws Exception {
        everyCommand(b4("W @ x + b" + " + 1".repeat(5000), "batch 32"),
                "b4.nabla:6:", "error: expression nested too deeply: more than 256 levels");
    }

    @Test
    void chainedPowersAndMinusesAreTooDeep() throws Exception {
        everyCommand(b4("b" + " ** 1".repeat(935), "batch 32"), "b4.nabla:6:", "expression nested too deeply");
        everyCommand(b4("W @ x + " + "-".repeat(1470) + "b", "batch 32"), "b4.nabla:6:", "expression nested too deeply");
    }

    @Test
    void constantsBeyondTheFloatRangeAreErrorsNotBrokenJava() throws Exception {
        everyCommand(b4("W @ x + b * 1e39", "batch 32"),
                "b4.nabla:6:21: error: the number 1e39 is beyond the float range");
        everyCommand(b4("(W @ x + b) ** 1e400", "batch 32"),
                "b4.nabla:6:24: error: the number 1e400 is beyond the double range");
        everyCommand(b4("W @ x + b", "optimizer sgd(lr: 1e400)"),
                "b4.nabla:10:30: error: lr: the number 1e400 is beyond the double range");
    }

    @Test
    void shapesWhoseSizeOverflowsAreErrors() throws Exception {
        Path model = Files.writeString(dir.resolve("big.nabla"), "model Big {\n    input  x[65536, 65537]\n"
                + "    target y[1]\n    param w[1]\n    z = sum(x) * w\n    loss mse(z, y)\n}\n");
        Cli.run("check", model).assertUserError("big.nabla:2:13: error: x[65536, 65537] has 4,295,032,832 elements");
    }

    @Test
    void veryLongNamesAreErrors() throws Exception {
        everyCommand(b4("W @ x + " + "b".repeat(65_536), "batch 32"),
                "b4.nabla:6:17: error: this name is 65,536 characters long; a name has at most 255 characters");
    }
}
