package dev.nabla.cli;

import dev.nabla.runtime.ModelSignature;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Settings written for people: optimizers as they are called in the model file, numbers as Python prints them. */
final class Describe {
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    private Describe() {}

    /**
     * The optimizer as a call with every hyper-parameter, the learning rate in use first:
     * {@code adam(lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-08, weight_decay: 0)}.
     */
    static String optimizer(ModelSignature sig, double lr) {
        StringBuilder sb = new StringBuilder(sig.optimizer()).append("(lr: ").append(number(lr));
        for (Map.Entry<String, Double> h : sig.optimizerHyperParameters().entrySet()) {
            if (!h.getKey().equals("lr")) sb.append(", ").append(h.getKey()).append(": ").append(number(h.getValue()));
        }
        return sb.append(')').toString();
    }

    /** A number as Python prints it: {@code 0.01}, {@code 32}, {@code 1e-08}. */
    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return Double.toString(v);
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        double a = Math.abs(v);
        if (a >= 1e-4 && a < 1e16) return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        BigDecimal d = BigDecimal.valueOf(v).stripTrailingZeros();
        int exp = d.precision() - d.scale() - 1;
        return d.movePointLeft(exp).toPlainString() + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    /** A command line as a POSIX shell would take it back: arguments quoted where needed. */
    static String commandLine(List<String> args) {
        StringBuilder sb = new StringBuilder("nabla");
        for (String a : args) {
            sb.append(' ');
            if (!a.isEmpty() && SHELL_SAFE.matcher(a).matches()) sb.append(a);
            else sb.append('\'').append(a.replace("'", "'\\''")).append('\'');
        }
        return sb.toString();
    }
}
