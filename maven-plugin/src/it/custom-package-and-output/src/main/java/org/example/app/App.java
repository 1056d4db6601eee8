package org.example.app;

import org.example.nets.BlobsModel;

/** Compiles only if the generated class is on the compile source path under the configured package. */
public final class App {
    private App() {}

    public static int parameters() {
        return (int) BlobsModel.SIGNATURE.parameterCount();
    }
}
