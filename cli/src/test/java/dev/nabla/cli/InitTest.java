package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nabla init NAME} makes a project that trains as created. */
class InitTest {
    @TempDir
    Path dir;

    @Test
    void theNewProjectTrainsAsCreated() throws IOException {
        Path project = dir.resolve("my-first_model");
        Cli.Result r = Cli.run("init", project).assertOk();
        assertEquals(List.of("README.md", "moons.csv", "my-first_model.nabla"), Cli.listing(project));
        Path model = project.resolve("my-first_model.nabla");
        assertTrue(r.out().contains("nabla train " + model), r.toString());
        assertTrue(Files.readString(model).contains("model MyFirstModel {"), Files.readString(model));
        assertEquals(InitCommand.ROWS + 1, Files.readAllLines(project.resolve("moons.csv")).size());

        Cli.run("check", model).assertOk();
        Map<String, Double> s = Cli.summary(Cli.run("train", model).assertOk());
        assertTrue(s.get("val_accuracy") >= 0.97, "the README promises about 99% validation accuracy: " + s);
    }

    @Test
    void theReadmesCommandsWork() throws IOException {
        Path project = dir.resolve("demo");
        Cli.run("init", project).assertOk();
        String readme = Files.readString(project.resolve("README.md"));
        Path w = project.resolve("demo.safetensors");
        for (String command : List.of("nabla train demo.nabla --save demo.safetensors --plot curves.svg --report report.html",
                "nabla predict demo.nabla --weights demo.safetensors --input moons.csv --output predictions.csv",
                "nabla eval demo.nabla --weights demo.safetensors --data moons.csv")) {
            assertTrue(readme.contains("    " + command + "\n"), "the README shows `" + command + "`");
            String[] words = command.substring("nabla ".length()).split(" ");
            Object[] args = new Object[words.length];
            for (int i = 0; i < words.length; i++) {
                args[i] = words[i].matches("[\\w.-]+\\.(nabla|safetensors|svg|html|csv)") ? project.resolve(words[i]) : words[i];
            }
            Cli.run(args).assertOk();
        }
        assertTrue(Files.size(w) > 0);
        assertEquals(InitCommand.ROWS + 1, Files.readAllLines(project.resolve("predictions.csv")).size());
    }

    @Test
    void anExistingFolderWithFilesIsLeftAlone() throws IOException {
        Path project = Files.createDirectory(dir.resolve("taken"));
        Files.writeString(project.resolve("notes.txt"), "mine");
        Cli.run("init", project).assertUserError("init: " + project + " already exists and is not empty");
        assertEquals(List.of("notes.txt"), Cli.listing(project));
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Cli.run("init", empty).assertOk();
        Cli.run("init", dir.resolve("missing").resolve("x")).assertUserError("does not exist");
    }

    @Test
    void folderNamesBecomeModelNames() {
        assertEquals("MyFirstModel", InitCommand.modelName("my-first_model"));
        assertEquals("M2024Run", InitCommand.modelName("2024-run"));
        assertEquals("Iris", InitCommand.modelName("iris"));
        assertEquals("M", InitCommand.modelName("---"));
    }
}
