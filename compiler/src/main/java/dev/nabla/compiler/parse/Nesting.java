package dev.nabla.compiler.parse;

import dev.nabla.grammar.NablaParser;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * The nesting limit of expressions and train-block values ({@link ModelParser#MAX_NESTING} levels), enforced
 * in two places so that no step of the compiler ever recurses deeper than the limit allows:
 * <ul>
 *   <li>while parsing: the parser counts the rules it is inside ({@link Guarded}) and stops with
 *       {@link TooDeep} before it recurses past what the limit needs (parentheses, unary minus, {@code **},
 *       calls and right operands make it recurse);</li>
 *   <li>after parsing, before the tree is walked recursively: {@link #tooDeep} measures every expression
 *       without recursion. A chain of {@code +} or {@code *} is parsed in a loop but is as deep as it is long
 *       in the tree ({@code a + b + c} is {@code (a + b) + c}), and the later stages walk that tree.</li>
 * </ul>
 * A level is one operator ({@code + - * / @ **}, unary minus, {@code .T}), one function call or one pair
 * of parentheses; a name or a number is level 1. So {@code tanh(W @ x + b)} is 4 levels deep, and a sum of
 * n terms is n levels deep.
 */
final class Nesting {
    private Nesting() {}

    /** Rules the parser may be inside at once: two per level (a call is {@code expr} then {@code arg}) and the statement around. */
    static final int MAX_RULE_DEPTH = 2 * ModelParser.MAX_NESTING + 8;

    /** Thrown by the parser when it would recurse past the limit; {@code at} is where the too-deep part starts. */
    static final class TooDeep extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Token at;

        TooDeep(Token at) {
            super(null, null, false, false);
            this.at = at;
        }
    }

    /** The parser, counting the rules it is inside. */
    static final class Guarded extends NablaParser {
        private int depth;

        Guarded(TokenStream input) {
            super(input);
        }

        private void enter() {
            if (++depth > MAX_RULE_DEPTH) {
                depth--; // the finally block of the rule that throws still exits it
                throw new TooDeep(getCurrentToken());
            }
        }

        @Override
        public void enterRule(ParserRuleContext localctx, int state, int ruleIndex) {
            enter();
            super.enterRule(localctx, state, ruleIndex);
        }

        @Override
        public void enterRecursionRule(ParserRuleContext localctx, int state, int ruleIndex, int precedence) {
            enter();
            super.enterRecursionRule(localctx, state, ruleIndex, precedence);
        }

        @Override
        public void exitRule() {
            depth--;
            super.exitRule();
        }

        @Override
        public void unrollRecursionContexts(ParserRuleContext parentctx) {
            depth--;
            super.unrollRecursionContexts(parentctx);
        }
    }

    /** An expression or value nested deeper than the limit: where the level past the limit starts. */
    record Deep(Token at) {}

    /**
     * The first part of the tree (in source order, innermost first) that is nested more than
     * {@link ModelParser#MAX_NESTING} levels deep, or null. Iterative: safe on any tree the parser built.
     */
    static Deep tooDeep(ParseTree root) {
        Map<ParseTree, Integer> height = new IdentityHashMap<>();
        ArrayDeque<ParseTree> stack = new ArrayDeque<>();
        ArrayDeque<Boolean> expanded = new ArrayDeque<>();
        stack.push(root);
        expanded.push(false);
        while (!stack.isEmpty()) {
            ParseTree node = stack.peek();
            if (!expanded.peek()) {
                expanded.pop();
                expanded.push(true);
                for (int i = node.getChildCount() - 1; i >= 0; i--) {
                    ParseTree child = node.getChild(i);
                    if (child.getChildCount() > 0) {
                        stack.push(child);
                        expanded.push(false);
                    }
                }
                continue;
            }
            stack.pop();
            expanded.pop();
            int below = 0;
            for (int i = 0; i < node.getChildCount(); i++) {
                Integer h = height.remove(node.getChild(i));
                if (h != null) below = Math.max(below, h);
            }
            int h = below + (isLevel(node) ? 1 : 0);
            if (h > ModelParser.MAX_NESTING) return new Deep(where(node));
            height.put(node, h);
        }
        return null;
    }

    /** Expressions and train-block values make a level; statements, arguments and the like do not. */
    private static boolean isLevel(ParseTree node) {
        return node instanceof NablaParser.ExprContext || node instanceof NablaParser.ValueContext;
    }

    /** The operator of a binary expression, else the first token. */
    private static Token where(ParseTree node) {
        if (node instanceof NablaParser.AddExprContext c) return c.op;
        if (node instanceof NablaParser.MulExprContext c) return c.op;
        if (node instanceof NablaParser.PowExprContext c) return c.POW().getSymbol();
        if (node instanceof NablaParser.TransposeExprContext c) return c.DOT().getSymbol();
        return ((ParserRuleContext) node).getStart();
    }
}
