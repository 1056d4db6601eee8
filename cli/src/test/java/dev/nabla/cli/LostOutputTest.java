package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Output that cannot be written (a full disk) is exit code 1 with "cannot write", never a silent success. */
class LostOutputTest {
    /** Takes {@code room} bytes, then fails as a full disk does. */
    static final class FullDisk extends OutputStream {
        int room;

        FullDisk(int room) {
            this.room = room;
        }

        @Override
        public void write(int b) throws IOException {
            if (room-- <= 0) throw new IOException("No space left on device");
        }
    }

    static Cli.Result run(int room, Object... args) {
        String[] a = new String[args.length];
        for (int i = 0; i < args.length; i++) a[i] = String.valueOf(args[i]);
        StringWriter err = new StringWriter();
        int code = Main.run(a, System.in, CheckedOutput.of(new FullDisk(room), StandardCharsets.UTF_8, "standard output"),
                new PrintWriter(err, true));
        return new Cli.Result(String.join(" ", a), code, "", err.toString());
    }

    @Test
    void dumpToAFullDiskIsExitCodeOne() {
        Cli.Result r = run(100, "dump", "--stage", "java", Cli.sample("spirals", "spirals.nabla"));
        assertEquals(Main.USER_ERROR, r.code(), r.toString());
        assertEquals("nabla: cannot write to standard output: No space left on device\n", r.err());
    }

    @Test
    void predictionsToAFullDiskStopWithExitCodeOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path weights = dir.resolve("w.safetensors");
        Cli.run("train", Cli.sample("spirals", "spirals.nabla"), "--epochs", 1, "--quiet", "--save", weights).assertOk();
        Cli.Result r = run(50, "predict", Cli.sample("spirals", "spirals.nabla"), "--weights", weights,
                "--input", Cli.sample("spirals", "spirals.csv"));
        assertEquals(Main.USER_ERROR, r.code(), r.toString());
        assertTrue(r.err().contains("cannot write to standard output: No space left on device"), r.toString());
        assertEquals(r.err().indexOf("cannot write"), r.err().lastIndexOf("cannot write"), "said once:\n" + r);
    }

    @Test
    void trainingStopsAtTheFirstEpochLineThatCannotBeWritten() {
        Cli.Result r = run(300, "train", Cli.sample("spirals", "spirals.nabla"), "--epochs", 50);
        assertEquals(Main.USER_ERROR, r.code(), r.toString());
        assertTrue(r.err().contains("nabla: cannot write to standard output: No space left on device"), r.toString());
        assertFalse(r.err().contains("internal error"), r.toString());
    }

    @Test
    void helpToAFullDiskIsExitCodeOneToo() {
        assertEquals(Main.USER_ERROR, run(10, "--help").code());
        assertEquals(Main.OK, run(1_000_000, "--help").code(), "with room enough it succeeds");
    }
}
