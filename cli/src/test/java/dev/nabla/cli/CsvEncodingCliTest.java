package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonParser;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training data that is not UTF-8 stops {@code nabla train} with the line and column of the first bytes
 * that are not, instead of merging classes whose names it cannot decode; {@code encoding:} in
 * {@code csv(...)} reads such a file as what it is.
 */
class CsvEncodingCliTest {
    @TempDir
    Path dir;

    private Path model(String csvOptions) throws Exception {
        return Files.writeString(dir.resolve("cafes.nabla"), """
                model Cafes {
                    input  x[2]
                    target y: class(3)
                    param  W[3, 2]
                    param  b[3]
                    logits = W @ x + b
                    output p = softmax(logits)
                    loss   cross_entropy(logits, y)
                }
                train Cafes {
                    data   csv("cafes.csv", label: "label"%s)
                    epochs 1
                    batch  4
                }
                """.formatted(csvOptions));
    }

    private void data(Charset charset) throws Exception {
        String[] labels = {"café", "cafè", "naïve"};
        StringBuilder sb = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 12; i++) sb.append(i % 5).append(',').append(i % 3).append(',').append(labels[i % 3]).append('\n');
        Files.write(dir.resolve("cafes.csv"), sb.toString().getBytes(charset));
    }

    @Test
    void latin1LabelsInTrainingDataAreAnErrorWithLineAndColumn() throws Exception {
        data(StandardCharsets.ISO_8859_1);
        Cli.run("train", model(""), "--quiet").assertUserError(
                "cafes.csv:2:3: column 'label': the byte 0xE9 is not valid UTF-8 text",
                "encoding: \"latin-1\"");
    }

    @Test
    void theEncodingSettingReadsLatin1AndKeepsEveryClass() throws Exception {
        data(StandardCharsets.ISO_8859_1);
        Path weights = dir.resolve("w.safetensors");
        Cli.run("train", model(", encoding: \"latin-1\""), "--quiet", "--save", weights).assertOk();
        String encoding = Cli.checkpoint(weights).metadata().get("nabla.encoding");
        List<String> classes = new ArrayList<>();
        JsonParser.parseString(encoding).getAsJsonObject().getAsJsonArray("classNames").forEach(e -> classes.add(e.getAsString()));
        assertEquals(List.of("cafè", "café", "naïve"), classes);
    }

    @Test
    void dataGivenWithTheFlagIsReadInTheTrainBlocksEncoding() throws Exception {
        data(StandardCharsets.ISO_8859_1);
        Path other = Files.move(dir.resolve("cafes.csv"), dir.resolve("other.csv"));
        Path weights = dir.resolve("w.safetensors");
        Cli.run("train", model(", encoding: \"latin-1\""), "--data", other, "--quiet", "--save", weights).assertOk();
        String encoding = Cli.checkpoint(weights).metadata().get("nabla.encoding");
        assertEquals(3, JsonParser.parseString(encoding).getAsJsonObject().getAsJsonArray("classNames").size());
    }

    @Test
    void anUnknownEncodingIsAModelError() throws Exception {
        data(StandardCharsets.UTF_8);
        Cli.run("check", model(", encoding: \"klingon\"")).assertUserError(
                "cafes.nabla:11:55: error: csv: unknown encoding 'klingon'");
    }
}
