package dev.nabla.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeSpec;
import dev.nabla.compiler.ir.Num;
import dev.nabla.compiler.ir.TType;
import java.util.List;

/**
 * The emission rule of an optimizer: its state fields and the update of every parameter from its
 * gradient, written into the generated class's {@code update()} method.
 */
public interface OptimizerEmitter {
    /** One parameter to update: its field, its gradient's field and its type. */
    record Target(String param, String gradient, TType type) {}

    /** Adds state fields (and their allocation in the constructor) to the class. */
    void declareState(TypeSpec.Builder cls, CodeBlock.Builder constructor, List<Target> targets, Names names, Num num);

    /** The statements of {@code update()}. */
    CodeBlock update(List<Target> targets, Names names, Num num);

    /** The statements of {@code resetOptimizerState()}. */
    CodeBlock reset(List<Target> targets, Num num);
}
