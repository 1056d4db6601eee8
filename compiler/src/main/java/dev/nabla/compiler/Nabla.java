package dev.nabla.compiler;

import dev.nabla.compiler.diag.Diagnostic;
import dev.nabla.compiler.diag.SourceFile;
import dev.nabla.compiler.diag.Span;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The entry point for applications that compile Nabla models at run time.
 *
 * <pre>{@code
 * CompiledModel compiled = Nabla.compile(Path.of("iris.nabla"));
 * Trainer trainer = compiled.trainer(new TrainOptions(200, 16, true, 7));
 * trainer.fit(Examples.classification(x, y), null, TrainingListener.NONE);
 * Predictor predictor = compiled.predictor(trainer.model());
 * float[] probs = predictor.predict(new float[] {5.1f, 3.5f, 1.4f, 0.2f});
 * }</pre>
 *
 * <p>Compiling runs the whole pipeline (parse, check, differentiate, optimize, emit Java) and then
 * compiles the emitted class in process with Janino, so that every problem surfaces here and not at the
 * first training step. Compiled classes are cached by a hash of the emitted source: compiling the same
 * model twice costs one pipeline run and no second class.
 *
 * <p><b>Errors.</b> A model that cannot be compiled throws a {@link NablaException} whose
 * {@link NablaException#diagnostics() diagnostics} hold every problem found, each with its
 * {@code file:line:col} location; its message is what a user should see. No parser, Janino or other
 * internal exception escapes: an internal failure also becomes a {@code NablaException} whose message
 * starts with {@code internal compiler error}.
 *
 * <p><b>Threads.</b> The methods of this class may be called from any number of threads at once.
 */
public final class Nabla {
    /** The display name of a model given as a string, used in diagnostics and generated comments. */
    public static final String DEFAULT_SOURCE_NAME = "model.nabla";

    private Nabla() {}

    /**
     * Compiles the model file at {@code file} (UTF-8) with the default options.
     *
     * @throws NablaException if the model has errors or the file is not UTF-8 text
     * @throws IOException    if the file cannot be read
     */
    public static CompiledModel compile(Path file) throws IOException {
        return compile(file, CompileOptions.defaults());
    }

    /**
     * Compiles the model file at {@code file} (UTF-8); diagnostics name the file as {@code file.toString()}.
     *
     * @throws NablaException if the model has errors or the file is not UTF-8 text
     * @throws IOException    if the file cannot be read
     */
    public static CompiledModel compile(Path file, CompileOptions options) throws IOException {
        Objects.requireNonNull(file, "file");
        return compile(file.toString(), readUtf8(file, file.toString()), options);
    }

    /** Compiles model source text with the default options; diagnostics name it {@value #DEFAULT_SOURCE_NAME}. */
    public static CompiledModel compile(String source) {
        return compile(DEFAULT_SOURCE_NAME, source, CompileOptions.defaults());
    }

    /** Compiles model source text; diagnostics name it {@value #DEFAULT_SOURCE_NAME}. */
    public static CompiledModel compile(String source, CompileOptions options) {
        return compile(DEFAULT_SOURCE_NAME, source, options);
    }

    /**
     * Compiles model source text that diagnostics and generated comments call {@code name}.
     *
     * @throws NablaException with every diagnostic when the model has errors
     */
    public static CompiledModel compile(String name, String source, CompileOptions options) {
        Compilation c = translate(name, source, options);
        try {
            return c.load();
        } catch (NablaException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw internalError(c.source(), e);
        }
    }

    /**
     * Runs the pipeline up to Java source without loading a class: what the Maven plugin writes out, and what
     * {@code nabla dump} prints (every stage is kept). {@link Compilation#load()} makes it a {@link CompiledModel}.
     *
     * @throws NablaException with every diagnostic when the model has errors
     */
    public static Compilation translate(String name, String source, CompileOptions options) {
        SourceFile file = sourceFile(name, source, options);
        try {
            return Compilation.compile(file, options);
        } catch (NablaException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw internalError(file, e);
        }
    }

    /**
     * Parses and checks only: every model of the text (or the one {@code options} names) and every train block.
     * Returns the warnings and notes.
     *
     * @throws NablaException with every diagnostic when the model has errors
     */
    public static List<Diagnostic> check(String name, String source, CompileOptions options) {
        SourceFile file = sourceFile(name, source, options);
        try {
            return Compilation.check(file, options);
        } catch (NablaException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw internalError(file, e);
        }
    }

    private static SourceFile sourceFile(String name, String source, CompileOptions options) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(options, "options");
        return new SourceFile(name, source);
    }

    /** Reads a file as strict UTF-8; text that is not UTF-8 is a model error, not an I/O error. */
    static String readUtf8(Path file, String displayName) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            SourceFile empty = new SourceFile(displayName, "");
            throw new NablaException(List.of(Diagnostic.error(new Span(empty, 0, 0, 0), "not a UTF-8 text file")));
        }
    }

    /**
     * A failure of the compiler itself as a NablaException. NablaException carries no cause, so the
     * first frames of the stack go into the message: that is what a bug report needs.
     */
    static NablaException internalError(SourceFile file, Throwable e) {
        StringBuilder sb = new StringBuilder("internal compiler error while compiling this model: ").append(e);
        StackTraceElement[] frames = e.getStackTrace();
        for (int i = 0; i < Math.min(8, frames.length); i++) sb.append("\n    at ").append(frames[i]);
        sb.append("\n(please report it with the model file)");
        return new NablaException(List.of(Diagnostic.error(new Span(file, 0, 0, 0), sb.toString())));
    }
}
