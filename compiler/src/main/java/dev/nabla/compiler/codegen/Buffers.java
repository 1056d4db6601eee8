package dev.nabla.compiler.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeName;
import dev.nabla.compiler.ir.ElementwiseOp;
import dev.nabla.compiler.ir.Leaf;
import dev.nabla.compiler.ir.ModelIr;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import dev.nabla.compiler.ir.Root;
import dev.nabla.compiler.ir.TType;
import dev.nabla.compiler.opt.FusionPlan;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * The buffers of a generated class: one field per parameter, input and target, per value that the fusion
 * plan materializes, and per kernel scratch array, each allocated once in the constructor for the largest
 * batch. Fields are named after the model: parameters, inputs and outputs by their names, gradients
 * {@code d_NAME}, intermediate values after the statement that computes them ({@code h_matmul}).
 */
final class Buffers {
    private final ModelIr model;
    private final FusionPlan plan;
    private final Num num;
    private final Names names;
    private final Map<Node, String> fields = new IdentityHashMap<>();
    private final Map<String, String> paramFields = new LinkedHashMap<>();
    private final Map<String, String> inputFields = new LinkedHashMap<>();
    private final Map<String, String> targetFields = new LinkedHashMap<>();
    private final List<FieldSpec> specs = new ArrayList<>();
    private final List<CodeBlock> allocation = new ArrayList<>();

    Buffers(ModelIr model, FusionPlan plan, Num num, Names names) {
        this.model = model;
        this.plan = plan;
        this.num = num;
        this.names = names;
        declareLeaves();
        declareValues();
    }

    Num num() { return num; }

    /** The field holding a node's value. */
    String field(Node n) {
        String f = fields.get(n);
        if (f == null) throw new IllegalStateException("no buffer for " + n);
        return f;
    }

    boolean hasField(Node n) { return fields.containsKey(n); }

    String paramField(String param) { return paramFields.get(param); }

    String inputField(String input) { return inputFields.get(input); }

    String targetField(String target) { return targetFields.get(target); }

    /** The field of a root, or null when the graph has no such root. */
    String rootField(Root root) {
        Node n = model.graph().root(root);
        return n == null ? null : fields.get(n);
    }

    /** Every field declaration, in order. */
    List<FieldSpec> specs() { return specs; }

    /** The statements that allocate (and fill) the fields, in the constructor or methods it calls. */
    List<CodeBlock> allocation() { return allocation; }

    TypeName type(TType t) {
        if (t.isClass()) return ArrayTypeName.of(TypeName.INT);
        return ArrayTypeName.of(ArrayTypeName.of(num.isFloat() ? TypeName.FLOAT : TypeName.DOUBLE));
    }

    /** A scratch array of a kernel ({@code T[rows][cols]}, or one row per example when {@code batchRows}). */
    String scratch(String base, boolean batchRows, int rows, int cols) {
        String f = names.allocate(base);
        specs.add(FieldSpec.builder(type(TType.scalar()), f, Modifier.FINAL).addJavadoc("Scratch space of a kernel.\n").build());
        allocation.add(CodeBlock.builder().addStatement("$L", "this." + f + " = new " + num.type() + "["
                + (batchRows ? "maxBatch" : rows) + "][" + cols + "]").build());
        return f;
    }

    /** A field allocated for the type; a {@code shared} one (a parameter) comes from the instance a replica shares. */
    private void field(String name, TType t, String doc, boolean shared) {
        specs.add(FieldSpec.builder(type(t), name, Modifier.FINAL).addJavadoc("$L", doc).build());
        String alloc;
        if (t.isClass()) {
            alloc = "new int[maxBatch]";
        } else {
            String rows = t.batched() ? "maxBatch" : Integer.toString(t.storageRows());
            alloc = "new " + num.type() + "[" + rows + "][" + t.storageCols() + "]";
        }
        if (shared) alloc = "shared != null ? shared." + name + " : " + alloc;
        allocation.add(CodeBlock.builder().addStatement("$L", "this." + name + " = " + alloc).build());
    }

    private void declareLeaves() {
        Map<String, Node> paramNodes = new LinkedHashMap<>();
        for (Node n : model.graph().nodes()) {
            if (n.op() instanceof Leaf leaf && leaf.leafKind() == Leaf.Kind.PARAM) paramNodes.put(leaf.leafName(), n);
        }
        for (ModelIr.Decl d : model.params()) {
            String f = names.allocate(d.name());
            paramFields.put(d.name(), f);
            Node node = paramNodes.get(d.name());
            TType stored = node == null ? d.type() : node.type();
            boolean transposed = node != null && ((Leaf) node.op()).storedTransposed();
            String layout = transposed ? ", stored transposed as " + stored.shapeString() : "";
            field(f, stored, "Parameter {@code " + d.name() + "} " + d.type().shapeString() + layout + " ("
                    + Comments.where(d.span()) + ").\n", true);
        }
        for (ModelIr.Decl d : model.inputs()) {
            String f = names.allocate(d.name());
            inputFields.put(d.name(), f);
            field(f, d.type(), "Input {@code " + d.name() + "}, one row per example (" + Comments.where(d.span()) + ").\n", false);
        }
        for (ModelIr.Decl d : model.targets()) {
            String f = names.allocate(d.name());
            targetFields.put(d.name(), f);
            field(f, d.type(), "Target {@code " + d.name() + "}, one row per example (" + Comments.where(d.span()) + ").\n", false);
        }
        for (Node n : model.graph().nodes()) {
            if (!(n.op() instanceof Leaf leaf)) continue;
            fields.put(n, switch (leaf.leafKind()) {
                case PARAM -> paramFields.get(leaf.leafName());
                case INPUT -> inputFields.get(leaf.leafName());
                case TARGET -> targetFields.get(leaf.leafName());
            });
        }
    }

    /** The name a materialized value's field starts from. */
    private String baseName(Node n, Map<Node, String> preferred) {
        String p = preferred.get(n);
        if (p != null) return p;
        if (n.name() != null) return n.name();
        String statement = model.statementName(n);
        if (statement == null) return "t" + n.id();
        return (n.role() == Node.Role.BACKWARD ? "d_" : "") + statement + "_" + n.op().name();
    }

    private void declareValues() {
        Map<Node, String> preferred = new IdentityHashMap<>();
        for (Map.Entry<Root, Node> e : model.graph().roots().entrySet()) {
            String name = null;
            if (e.getKey() instanceof Root.Grad g) name = "d_" + g.param();
            else if (e.getKey() instanceof Root.InputGrad g) name = "d_" + g.input();
            else if (e.getKey() instanceof Root.Output o) name = o.name();
            else if (e.getKey() instanceof Root.Objective) name = "objective";
            if (name != null) preferred.putIfAbsent(e.getValue(), name);
        }
        for (Node n : model.graph().nodes()) {
            if (!plan.isMaterialized(n) || fields.containsKey(n)) continue;
            String f = names.allocate(baseName(n, preferred));
            fields.put(n, f);
            String doc = (n.role() == Node.Role.BACKWARD ? "Gradient buffer" : "Buffer") + " " + n.ref() + " "
                    + n.op().name() + " " + n.type() + (n.span().isKnown() ? " (" + Comments.where(n.span()) + ")" : "") + ".\n";
            field(f, n.type(), doc, false);
            if (plan.constantBuffers().contains(n)) {
                String v = ((ElementwiseOp) n.op()).emit(num, new String[0]);
                allocation.add(CodeBlock.builder().beginControlFlow("$L", "for (int r = 0; r < this." + f + ".length; r++)")
                        .addStatement("$L", "java.util.Arrays.fill(this." + f + "[r], " + v + ")").endControlFlow().build());
            }
        }
    }
}
