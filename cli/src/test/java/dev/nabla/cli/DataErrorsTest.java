package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data errors name where the data was named: the model file's line (with the line and a caret) or the flag,
 * the folder searched, and the closest existing file or unused column.
 */
class DataErrorsTest {
    @TempDir
    Path dir;

    private Path spiralsWith(String from, String to) throws IOException {
        Path model = Cli.copySample("spirals", dir);
        String text = Files.readString(model);
        assertTrue(text.contains(from), from);
        Files.writeString(model, text.replace(from, to));
        return model;
    }

    @Test
    void aMisspelledDataFileIsReportedAtTheDataLineWithTheFolderAndTheClosestName() throws IOException {
        Path model = spiralsWith("csv(\"spirals.csv\"", "csv(\"spiral.csv\"");
        Cli.Result r = Cli.run("train", model, "--epochs", 1).assertUserError();
        String first = r.err().lines().findFirst().orElseThrow();
        assertTrue(first.startsWith(model + ":22:16: error: data file 'spiral.csv' not found in " + dir.toAbsolutePath()), r.toString());
        assertTrue(first.contains("did you mean 'spirals.csv'?"), r.toString());
        assertTrue(r.err().contains("   22 |     data       csv(\"spiral.csv\""), "the model line is shown:\n" + r);
        assertTrue(r.err().contains("^~~~"), "a caret under the data source:\n" + r);
        assertFalse(r.err().startsWith("nabla: "), "a located diagnostic, not a bare message:\n" + r);
        assertEquals("", r.out(), "nothing trained");
    }

    @Test
    void aMisspelledDataFlagNamesTheFlagTheFolderAndTheClosestName() throws IOException {
        Cli.copySample("spirals", dir);
        Path typo = dir.resolve("spirls.csv");
        Cli.run("train", dir.resolve("spirals.nabla"), "--data", typo)
                .assertUserError("--data: data file '" + typo + "' not found in " + dir.toAbsolutePath(), "did you mean 'spirals.csv'?");
    }

    @Test
    void aMissingFolderIsSaid() throws IOException {
        Path model = spiralsWith("csv(\"spirals.csv\"", "csv(\"data/spirals.csv\"");
        Cli.run("train", model).assertUserError(":22:16: error: data file 'data/spirals.csv' not found: folder "
                + dir.toAbsolutePath().resolve("data") + " does not exist");
    }

    @Test
    void withoutASimilarFileTheOtherCsvFilesAreListed() throws IOException {
        Path model = spiralsWith("csv(\"spirals.csv\"", "csv(\"moons.csv\"");
        Files.writeString(dir.resolve("circles.csv"), "x1,x2,arm\n");
        Cli.run("train", model).assertUserError("data file 'moons.csv' not found in", "(csv files there: circles.csv, spirals.csv)");
    }

    @Test
    void aMissingLabelColumnSuggestsAColumnNotAlreadyUsed() throws IOException {
        // x2 is closest to x3 but is already a feature: the suggestion must be an unused column
        Path model = spiralsWith("label: \"arm\"", "label: \"x3\", features: \"x1, x2\"");
        Files.writeString(dir.resolve("spirals.csv"), Files.readString(dir.resolve("spirals.csv")).replaceFirst("arm", "x4"));
        Cli.Result r = Cli.run("train", model).assertUserError(model + ":22:16: error: no column 'x3' (the label) in spirals.csv",
                "did you mean 'x4'?", "its columns: x1, x2, x4");
        assertFalse(r.err().contains("did you mean 'x2'"), r.toString());
        assertFalse(r.err().contains("did you mean 'x1'"), r.toString());
    }

    @Test
    void aMissingFeatureColumnIsReportedAtTheDataLine() throws IOException {
        Path model = spiralsWith("label: \"arm\"", "label: \"arm\", features: \"x1, xx2\"");
        Cli.run("train", model).assertUserError(model + ":22:16: error: no column 'xx2' (a feature) in spirals.csv",
                "did you mean 'x2'?");
    }

    @Test
    void withoutATrainBlockTheMessageShowsOneAndTheDataFlag() throws IOException {
        Path model = Cli.copySample("spirals", dir);
        String text = Files.readString(model);
        Files.writeString(model, text.substring(0, text.indexOf("train Spirals")));
        Cli.Result r = Cli.run("train", model).assertUserError("has no train block for model Spirals",
                "    train Spirals {", "        data   csv(\"train.csv\", label: \"y\")", "        epochs 20", "    }",
                "nabla train " + model + " --data train.csv --label y");
        assertFalse(r.err().contains("add 'data csv"), r.toString());
    }

    @Test
    void aTrainBlockWithoutDataGetsTheLineToAdd() throws IOException {
        Path model = spiralsWith("    data       csv(\"spirals.csv\", label: \"arm\", standardize: true)\n", "");
        Cli.run("train", model).assertUserError("the train block of Spirals in " + model + " names no training data",
                "        data   csv(\"train.csv\", label: \"y\")", "--data train.csv --label y");
    }

    @Test
    void theDataFlagWithAMissingLabelColumnNamesTheFlag() throws IOException {
        Path model = Cli.copySample("spirals", dir);
        Path data = Files.writeString(dir.resolve("other.csv"), "x1,x2,arms\n1,2,inner\n");
        Cli.run("train", model, "--data", data).assertUserError(
                "--data: no column 'arm' (the label) in other.csv; did you mean 'arms'?");
    }
}
