package dev.nabla.compiler.ast;

import dev.nabla.compiler.diag.Span;
import java.util.List;

/** A {@code train Name { key value ... }} block: how to train the model of the same name. */
public record TrainDecl(String model, Span modelSpan, List<Setting> settings, Span span) {
    public TrainDecl {
        settings = List.copyOf(settings);
    }

    /** One line of a train block, such as {@code batch 16} or {@code optimizer sgd(lr: 0.1)}. */
    public record Setting(String key, Span keySpan, Value value, Span span) {}

    /** A setting's value: a number, a string, a bare word, or a call with (optionally named) values. */
    public sealed interface Value {
        Span span();

        record Number(double value, String text, Span span) implements Value {}

        record Str(String value, Span span) implements Value {}

        record Word(String word, Span span) implements Value {}

        record Call(String name, Span nameSpan, List<Named> args, Span span) implements Value {
            public Call {
                args = List.copyOf(args);
            }
        }

        /** An argument of a call value; {@code key} is null when positional. */
        record Named(String key, Span keySpan, Value value) {}
    }
}
