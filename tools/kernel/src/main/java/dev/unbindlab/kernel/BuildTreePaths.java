package dev.unbindlab.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Re-points a copied {@code O=} object tree at another source tree. Kbuild records absolute
 * source paths in the generated Makefile, the {@code source} link and every {@code *.cmd} file
 * (the command line and the dependency list of each object); rewritten, make compares the
 * copied objects with the variant's sources and rebuilds only what the patches touched.
 */
final class BuildTreePaths {

    private BuildTreePaths() {
    }

    /** Replaces each key of {@code replacements} by its value (longest first) in the tree's path-carrying files. */
    static int rewrite(Path tree, Map<String, String> replacements) throws IOException {
        var ordered = replacements.entrySet().stream()
                .sorted((a, b) -> Integer.compare(b.getKey().length(), a.getKey().length())).toList();
        int changed = 0;
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path file : files.filter(f -> Files.isRegularFile(f) && carriesPaths(tree, f)).toList()) {
                String text = Files.readString(file, StandardCharsets.ISO_8859_1);
                String updated = text;
                for (var r : ordered) {
                    updated = updated.replace(r.getKey(), r.getValue());
                }
                if (!updated.equals(text)) {
                    Files.writeString(file, updated, StandardCharsets.ISO_8859_1);
                    changed++;
                }
            }
        }
        Path link = tree.resolve("source");
        if (Files.isSymbolicLink(link)) {
            String target = Files.readSymbolicLink(link).toString();
            for (var r : ordered) {
                target = target.replace(r.getKey(), r.getValue());
            }
            Files.delete(link);
            Files.createSymbolicLink(link, Path.of(target));
        }
        return changed;
    }

    private static boolean carriesPaths(Path tree, Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".cmd") || file.equals(tree.resolve("Makefile"));
    }
}
