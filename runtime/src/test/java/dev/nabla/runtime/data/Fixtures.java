package dev.nabla.runtime.data;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Test fixtures under {@code src/test/resources/data/}, and the public datasets beside the repository. */
final class Fixtures {
    private Fixtures() {}

    /** A fixture file by name (or the fixture folder itself for ""). */
    static Path path(String name) {
        URL url = Fixtures.class.getResource("/data/" + name);
        if (url == null) throw new IllegalArgumentException("no fixture " + name);
        try {
            return Paths.get(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The shared public datasets folder ({@code shared/datasets} next to the repository root); tests run
     * with the module directory as working directory. May not exist.
     */
    static Path sharedDatasets() {
        return Paths.get("").toAbsolutePath().getParent().resolveSibling("shared").resolve("datasets");
    }

    static boolean hasSharedDatasets() {
        return Files.isDirectory(sharedDatasets());
    }

    /** A loading step that may fail with a DataException. */
    interface Load {
        void run() throws DataException;
    }

    /** Asserts that {@code load} fails with exactly {@code message} and returns the exception. */
    static DataException assertDataError(String message, Load load) {
        DataException e = assertThrows(DataException.class, load::run);
        assertEquals(message, e.getMessage());
        return e;
    }
}
