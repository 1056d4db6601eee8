package dev.nabla.compiler.ir;

import java.util.EnumSet;
import java.util.Set;

/**
 * A named result of the IR that something outside the graph reads: a prediction output, the loss, the
 * objective, or a gradient. Roots keep their nodes alive through dead-code elimination and decide which
 * {@linkplain Entry entry points} of the generated class compute a node.
 */
public sealed interface Root permits Root.Output, Root.Loss, Root.Objective, Root.Grad, Root.InputGrad {
    /** The entry points of the generated class that compute this root. */
    Set<Entry> entries();

    /** A prediction output declared with {@code output NAME}. */
    record Output(String name) implements Root {
        @Override public Set<Entry> entries() { return EnumSet.of(Entry.PREDICT, Entry.EVAL); }
        @Override public String toString() { return "output:" + name; }
    }

    /** The loss of each example, as the {@code loss} statement writes it. */
    record Loss() implements Root {
        @Override public Set<Entry> entries() { return EnumSet.of(Entry.EVAL); }
        @Override public String toString() { return "loss"; }
    }

    /** The batch mean of the loss: what training minimizes and evaluation reports. */
    record Objective() implements Root {
        @Override public Set<Entry> entries() { return EnumSet.of(Entry.EVAL, Entry.TRAIN); }
        @Override public String toString() { return "objective"; }
    }

    /** The gradient of the objective with respect to a parameter, in the parameter's stored layout. */
    record Grad(String param) implements Root {
        @Override public Set<Entry> entries() { return EnumSet.of(Entry.TRAIN); }
        @Override public String toString() { return "grad:" + param; }
    }

    /** The gradient of the objective with respect to an input (compiled on request, for checks). */
    record InputGrad(String input) implements Root {
        @Override public Set<Entry> entries() { return EnumSet.of(Entry.TRAIN); }
        @Override public String toString() { return "grad_input:" + input; }
    }

    Root LOSS = new Loss();
    Root OBJECTIVE = new Objective();

    static Root output(String name) { return new Output(name); }

    static Root grad(String param) { return new Grad(param); }

    static Root inputGrad(String input) { return new InputGrad(input); }
}
