package dev.nabla.runtime.kernels;

/** Prints {@link Kernels#implementation()} in a JVM started by {@link JitHintTest}. */
public final class ImplementationProbe {
    private ImplementationProbe() {}

    public static void main(String[] args) {
        System.out.println(Kernels.implementation());
    }
}
