package dev.nabla.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeSpec;
import dev.nabla.compiler.ir.Num;
import java.util.List;

/** Plain stochastic gradient descent: {@code p -= lr * grad}. */
public final class SgdEmitter implements OptimizerEmitter {
    @Override
    public void declareState(TypeSpec.Builder cls, CodeBlock.Builder constructor, List<Target> targets, Names names, Num num) {
        // no state
    }

    @Override
    public CodeBlock update(List<Target> targets, Names names, Num num) {
        CodeBlock.Builder b = CodeBlock.builder();
        String t = num.type();
        b.addStatement("$L", "final " + t + " lr = " + (num.isFloat() ? "(float) " : "") + "this.lr");
        for (Target p : targets) {
            Names local = new Names(names);
            String r = local.allocate("r"), c = local.allocate("c");
            String pr = local.allocate(p.param() + "_r"), gr = local.allocate(p.gradient() + "_r");
            b.beginControlFlow("$L", "for (int " + r + " = 0; " + r + " < " + p.param() + ".length; " + r + "++)");
            b.addStatement("$L", "final " + t + "[] " + pr + " = this." + p.param() + "[" + r + "]");
            b.addStatement("$L", "final " + t + "[] " + gr + " = this." + p.gradient() + "[" + r + "]");
            b.beginControlFlow("$L", "for (int " + c + " = 0; " + c + " < " + pr + ".length; " + c + "++)");
            b.addStatement("$L", pr + "[" + c + "] -= lr * " + gr + "[" + c + "]");
            b.endControlFlow();
            b.endControlFlow();
        }
        return b.build();
    }

    @Override
    public CodeBlock reset(List<Target> targets, Num num) { return CodeBlock.builder().build(); }
}
