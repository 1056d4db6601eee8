package dev.nabla.runtime.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Directory helpers for tests: what a directory holds, including hidden temporary files. */
final class TestDirs {
    private TestDirs() {}

    /** Every entry of {@code dir}, sorted, hidden files included. */
    static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().toList();
        }
    }
}
