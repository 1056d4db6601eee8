package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input anywhere gets exit code 1, a specific message on standard error, and no stack trace
 * ({@link Cli.Result#assertUserError} checks for "Exception" and "\tat ").
 */
class BadInputTest {
    @TempDir
    static Path shared;

    /** Weights of the spirals sample (2 epochs) and of the sine sample, for predict and eval. */
    static Path spiralsWeights, sineWeights;

    @TempDir
    Path dir;

    static final Path SPIRALS = Cli.sample("spirals", "spirals.nabla");
    static final Path SPIRALS_CSV = Cli.sample("spirals", "spirals.csv");

    @BeforeAll
    static void weights() {
        spiralsWeights = shared.resolve("spirals.safetensors");
        Cli.run("train", SPIRALS, "--epochs", 2, "--quiet", "--save", spiralsWeights).assertOk();
        sineWeights = shared.resolve("sine.safetensors");
        Cli.run("train", Cli.sample("sine", "sine.nabla"), "--epochs", 2, "--quiet", "--save", sineWeights).assertOk();
    }

    private Path csv(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    // ---------------------------------------------------------------- command line

    @Test
    void unknownCommand() {
        Cli.run("frobnicate", SPIRALS).assertUserError("Unmatched argument", "'frobnicate'", "nabla --help");
    }

    @Test
    void unknownFlagGetsPicocliSuggestion() {
        Cli.Result r = Cli.run("train", SPIRALS, "--epoch", 3).assertUserError("Unknown option", "'--epoch'", "nabla train --help");
        assertTrue(Pattern.compile("(?s)(Possible solutions|Did you mean).*--epochs").matcher(r.err()).find(),
                "no suggestion of --epochs:\n" + r);
    }

    /**
     * {@code nabla} alone names every command.
     */
    @Test
    void noCommandNamesEveryCommand() {
        Cli.run().assertUserError("missing command", "check", "dump", "train", "predict", "eval");
    }

    @Test
    void noCommandIsAUserError() {
        Cli.run().assertUserError("missing command", "nabla --help");
    }

    @Test
    void epochsZero() {
        Cli.run("train", SPIRALS, "--epochs", 0).assertUserError("--epochs must be at least 1, got 0");
    }

    @Test
    void epochsNotANumber() {
        Cli.run("train", SPIRALS, "--epochs", "ten").assertUserError("--epochs", "'ten'");
    }

    @Test
    void batchZero() {
        Cli.run("train", SPIRALS, "--batch", 0).assertUserError("--batch must be at least 1, got 0");
    }

    @Test
    void threadsZero() {
        Cli.run("train", SPIRALS, "--threads", 0).assertUserError("--threads must be between 1 and 256, got 0");
    }

    @Test
    void negativeLearningRate() {
        Cli.run("train", SPIRALS, "--lr", -1).assertUserError("--lr must be a finite number greater than 0, got -1");
        Cli.run("train", SPIRALS, "--lr", "1e400").assertUserError("--lr must be a finite number greater than 0, got Infinity");
    }

    @Test
    void validationFractionAboveOne() {
        Cli.run("train", SPIRALS, "--validation", 1.5).assertUserError("--validation must be at least 0 and below 1, got 1.5");
    }

    @Test
    void unknownLogFormat() {
        Cli.run("train", SPIRALS, "--log-format", "xml").assertUserError("--log-format must be text or json, got 'xml'");
        Cli.run("eval", SPIRALS, "--weights", spiralsWeights, "--data", SPIRALS_CSV, "--log-format", "xml")
                .assertUserError("--log-format must be text or json, got 'xml'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"train", "predict", "eval"})
    void unknownMissingPolicy(String command) {
        Object[] args = switch (command) {
            case "train" -> new Object[] {"train", SPIRALS, "--on-missing", "maybe"};
            case "predict" -> new Object[] {"predict", SPIRALS, "--weights", spiralsWeights, "--input", SPIRALS_CSV,
                "--on-missing", "maybe"};
            default -> new Object[] {"eval", SPIRALS, "--weights", spiralsWeights, "--data", SPIRALS_CSV, "--on-missing", "maybe"};
        };
        Cli.run(args).assertUserError("--on-missing must be error or drop, got 'maybe'");
    }

    @Test
    void predictWithoutWeights() {
        Cli.run("predict", SPIRALS, "--input", SPIRALS_CSV).assertUserError("Missing required option", "--weights");
    }

    @Test
    void evalWithoutData() {
        Cli.run("eval", SPIRALS, "--weights", spiralsWeights).assertUserError("Missing required option", "--data");
    }

    // ---------------------------------------------------------------- model files

    @ParameterizedTest
    @ValueSource(strings = {"check", "dump", "train", "predict", "eval"})
    void missingModelFile(String command) {
        Path missing = dir.resolve("nothing.nabla");
        Cli.run(modelArgs(command, missing)).assertUserError(missing + ": no such file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"check", "dump", "train", "predict", "eval"})
    void aDirectoryAsModelFile(String command) {
        Cli.run(modelArgs(command, dir)).assertUserError(dir + ": is a directory, not a model file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"check", "dump", "train", "predict", "eval"})
    void aModelFileWithASyntaxError(String command) {
        Path bad = Cli.fixture(dir, "syntax.nabla");
        Cli.Result r = Cli.run(modelArgs(command, bad)).assertUserError();
        assertTrue(Pattern.compile("(?m)^" + Pattern.quote(bad.toString()) + ":(9|10):\\d+: error: \\S").matcher(r.err()).find(),
                "no 'file:line:col: error:' line:\n" + r);
    }

    @Test
    void aModelFileThatIsNotUtf8() throws IOException {
        Path bin = Files.write(dir.resolve("binary.nabla"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3});
        Cli.run("check", bin).assertUserError(bin + ": not a UTF-8 text file");
    }

    @Test
    void noTrainingData() throws IOException {
        String text = Files.readString(SPIRALS);
        Path model = Files.writeString(dir.resolve("nodata.nabla"), text.substring(0, text.indexOf("train Spirals")));
        Cli.run("train", model).assertUserError("no training data", "--data");
    }

    @Test
    void aModelNameThatIsNotInTheFile() {
        Cli.run("train", SPIRALS, "--model", "Nope").assertUserError("no model named 'Nope'", "Spirals");
    }

    @Test
    void aFileWithTwoModelsNeedsTheModelFlag() throws IOException {
        String spirals = Files.readString(SPIRALS);
        String sine = Files.readString(Cli.sample("sine", "sine.nabla"));
        Files.copy(SPIRALS_CSV, dir.resolve("spirals.csv"));
        Files.copy(Cli.sample("sine", "sine.csv"), dir.resolve("sine.csv"));
        Path both = Files.writeString(dir.resolve("both.nabla"), spirals + "\n" + sine);
        Cli.run("train", both, "--epochs", 1).assertUserError("has 2 models", "--model NAME");
        Cli.Result r = Cli.run("train", both, "--epochs", 1, "--quiet", "--model", "Sine").assertOk();
        assertTrue(r.out().startsWith("Trained Sine for 1 epochs"), r.toString());
    }

    private Object[] modelArgs(String command, Path model) {
        return switch (command) {
            case "check" -> new Object[] {"check", model};
            case "dump" -> new Object[] {"dump", "--stage", "ir", model};
            case "train" -> new Object[] {"train", model};
            case "predict" -> new Object[] {"predict", model, "--weights", spiralsWeights, "--input", SPIRALS_CSV};
            default -> new Object[] {"eval", model, "--weights", spiralsWeights, "--data", SPIRALS_CSV};
        };
    }

    // ---------------------------------------------------------------- data

    @Test
    void aBadNumberNamesTheRowAndColumn() throws IOException {
        Path data = csv("bad.csv", "x1,x2,arm\n0.1,0.2,inner\n0.3,0.4,outer\n0.5,abc,inner\n");
        Cli.run("train", SPIRALS, "--data", data).assertUserError("bad.csv:4:", "column 'x2'", "'abc'");
    }

    @Test
    void aBadNumberInPredictAndEvalInput() throws IOException {
        Path data = csv("bad.csv", "x1,x2,arm\n0.1,0.2,inner\n0.3,1e,outer\n");
        Cli.run("predict", SPIRALS, "--weights", spiralsWeights, "--input", data).assertUserError("bad.csv:3:", "column 'x2'", "'1e'");
        Cli.run("eval", SPIRALS, "--weights", spiralsWeights, "--data", data).assertUserError("bad.csv:3:", "column 'x2'", "'1e'");
    }

    @Test
    void aLabelColumnThatDoesNotExist() {
        Cli.run("train", SPIRALS, "--data", SPIRALS_CSV, "--label", "colour")
                .assertUserError("--label colour: no column 'colour' (the label) in spirals.csv", "x1, x2, arm");
    }

    @Test
    void evalDataWithoutTheLabelColumn() throws IOException {
        Path data = csv("points.csv", "x1,x2\n0.1,0.2\n");
        Cli.run("eval", SPIRALS, "--weights", spiralsWeights, "--data", data).assertUserError("label column 'arm' not found");
    }

    @Test
    void aFeatureCountThatDoesNotMatchTheInput() throws IOException {
        Path data = csv("three.csv", "x1,x2,x3,arm\n0.1,0.2,0.3,inner\n0.3,0.1,0.2,outer\n");
        Cli.run("train", SPIRALS, "--data", data).assertUserError("three.csv", "3 feature columns", "input 'p' takes 2");
    }

    @Test
    void predictInputWithoutAFeatureColumnOfTheTrainingData() throws IOException {
        Path data = csv("one.csv", "x1\n0.1\n");
        Cli.run("predict", SPIRALS, "--weights", spiralsWeights, "--input", data).assertUserError("one.csv", "column 'x2' not found");
    }

    @Test
    void moreClassesThanTheTargetHolds() throws IOException {
        Path data = csv("three-classes.csv", "x1,x2,arm\n0.1,0.2,a\n0.3,0.1,b\n0.3,0.1,c\n");
        Cli.run("train", SPIRALS, "--data", data).assertUserError("three-classes.csv", "3 classes", "class(2)");
    }

    @Test
    void anUnknownClassInEvalData() throws IOException {
        Path data = csv("other.csv", "x1,x2,arm\n0.1,0.2,inner\n0.3,0.1,middle\n");
        Cli.run("eval", SPIRALS, "--weights", spiralsWeights, "--data", data).assertUserError("other.csv:3", "'middle'");
    }

    @Test
    void missingAndEmptyDataFiles() throws IOException {
        Path none = dir.resolve("none.csv");
        Cli.run("train", SPIRALS, "--data", none).assertUserError("none.csv");
        Cli.run("train", SPIRALS, "--data", csv("empty.csv", "")).assertUserError("empty.csv", "empty");
        Cli.run("predict", SPIRALS, "--weights", spiralsWeights, "--input", csv("header.csv", "x1,x2\n"))
                .assertUserError("header.csv", "no data rows");
    }

    @Test
    void earlyStoppingOnValidationLossWithoutAValidationSplit() throws IOException {
        Path model = Cli.fixture(dir, "plateau.nabla", "plateau.csv");
        Cli.run("train", model, "--validation", 0).assertUserError("val_loss", "no validation split");
    }

    // ---------------------------------------------------------------- weights

    @ParameterizedTest
    @ValueSource(strings = {"predict", "eval"})
    void aTruncatedWeightsFile(String command) throws IOException {
        byte[] all = Files.readAllBytes(spiralsWeights);
        Path header = Files.write(dir.resolve("header-cut.safetensors"), Arrays.copyOf(all, 100));
        Cli.run(weightsArgs(command, header)).assertUserError("header-cut.safetensors", "truncated");
        Path data = Files.write(dir.resolve("data-cut.safetensors"), Arrays.copyOf(all, all.length - 100));
        Cli.run(weightsArgs(command, data)).assertUserError("data-cut.safetensors", "truncated");
        Path empty = Files.write(dir.resolve("empty.safetensors"), new byte[0]);
        Cli.run(weightsArgs(command, empty)).assertUserError("empty.safetensors", "empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"predict", "eval"})
    void aCorruptWeightsFile(String command) throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage.safetensors"), "this is not a checkpoint at all\n");
        Cli.run(weightsArgs(command, garbage)).assertUserError("garbage.safetensors", "not a safetensors file");
        byte[] all = Files.readAllBytes(spiralsWeights);
        all[20] = '{'; // inside the JSON header
        Path broken = Files.write(dir.resolve("broken.safetensors"), all);
        Cli.run(weightsArgs(command, broken)).assertUserError("broken.safetensors");
    }

    @ParameterizedTest
    @ValueSource(strings = {"predict", "eval"})
    void weightsOfAnotherModel(String command) {
        Cli.run(weightsArgs(command, sineWeights)).assertUserError("sine.safetensors", "'W1' has shape [32,1] in the checkpoint",
                "[32,2] in the model");
    }

    @ParameterizedTest
    @ValueSource(strings = {"predict", "eval"})
    void missingWeightsFile(String command) {
        Path none = dir.resolve("none.safetensors");
        Cli.run(weightsArgs(command, none)).assertUserError("none.safetensors", "no such file");
    }

    @Test
    void resumeFromAMissingFile() {
        Path none = dir.resolve("none.safetensors");
        Cli.run("train", SPIRALS, "--resume", none).assertUserError("none.safetensors", "no such file");
    }

    @Test
    void resumeFromWeightsOfAnotherModel() {
        Cli.run("train", SPIRALS, "--resume", sineWeights).assertUserError("sine.safetensors", "'W1' has shape");
    }

    private static Object[] weightsArgs(String command, Path weights) {
        return command.equals("predict") ? new Object[] {"predict", SPIRALS, "--weights", weights, "--input", SPIRALS_CSV}
                : new Object[] {"eval", SPIRALS, "--weights", weights, "--data", SPIRALS_CSV};
    }

    @Test
    void exitCodesAreTheDocumentedOnes() {
        assertEquals(0, Main.OK);
        assertEquals(1, Main.USER_ERROR);
        assertEquals(2, Main.INTERNAL_ERROR);
    }
}
