package dev.nabla.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;

/**
 * A {@link PrintWriter} on standard output that remembers why a write failed ({@code No space left on
 * device}, {@code Broken pipe}), so that the command can stop and say so with exit code 1 instead of
 * reporting success for output that was lost.
 */
final class CheckedOutput extends PrintWriter {
    private final Guard guard;
    private final String name;

    private CheckedOutput(Guard guard, String name) {
        super(guard, true);
        this.guard = guard;
        this.name = name;
    }

    /** A writer on {@code stream} in {@code charset}; {@code name} is how messages call it. */
    static CheckedOutput of(OutputStream stream, Charset charset, String name) {
        return new CheckedOutput(new Guard(new OutputStreamWriter(stream, charset)), name);
    }

    /**
     * Flushes, and throws a {@link UserError} ({@code cannot write to standard output: No space left on
     * device}) when any write so far failed.
     */
    static void check(PrintWriter out) {
        boolean failed = out.checkError();
        if (!failed) return;
        if (out instanceof CheckedOutput c) throw new UserError(c.failure());
        throw new UserError("cannot write the output");
    }

    /** The message for the first failed write. */
    String failure() {
        IOException e = guard.failure;
        String reason = e == null || e.getMessage() == null ? "write error" : e.getMessage();
        return "cannot write to " + name + ": " + reason;
    }

    /** Passes everything on, and keeps the first exception. */
    private static final class Guard extends Writer {
        private final Writer out;
        private IOException failure;

        Guard(Writer out) {
            this.out = out;
        }

        private IOException remember(IOException e) {
            if (failure == null) failure = e;
            return e;
        }

        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            try {
                out.write(buf, off, len);
            } catch (IOException e) {
                throw remember(e);
            }
        }

        @Override
        public void write(String s, int off, int len) throws IOException {
            try {
                out.write(s, off, len);
            } catch (IOException e) {
                throw remember(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw remember(e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } catch (IOException e) {
                throw remember(e);
            }
        }
    }
}
