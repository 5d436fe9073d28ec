package dev.unbindlab.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The identity of a guest kernel: a SHA-256 over everything that goes into it (recipe version,
 * source tarball, config fragment, every patch of every series in order, the test modules'
 * sources, the compiler's version). Equal keys mean an identical build, so a cached kernel is
 * reused exactly when its key matches; each input's own hash is kept for "why was this rebuilt".
 *
 * @param value  the key, hex
 * @param inputs one {@code label sha256} line per input, in hashing order
 */
public record CacheKey(String value, List<String> inputs) {

    /** Bump when the build steps change in a way that changes the result. */
    static final int RECIPE = 1;

    public CacheKey {
        inputs = List.copyOf(inputs);
    }

    /** The first 16 hex digits, for display. */
    public String shortValue() {
        return value.substring(0, 16);
    }

    public static final class Builder {
        private final MessageDigest all = sha256();
        private final List<String> inputs = new ArrayList<>();

        public Builder text(String label, String value) {
            return add(label, value.getBytes(StandardCharsets.UTF_8));
        }

        public Builder file(String label, Path file) throws IOException {
            return add(label, Files.readAllBytes(file));
        }

        /** A precomputed digest (e.g. of the 150 MB source tarball, hashed once per process). */
        public Builder digest(String label, String hex) {
            return add(label, hex.getBytes(StandardCharsets.US_ASCII));
        }

        /** Every regular file under {@code dir}, in path order, each with its relative path. */
        public Builder tree(String label, Path dir) throws IOException {
            if (!Files.isDirectory(dir)) {
                return text(label, "(absent)");
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(dir)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path file : files) {
                file(label + "/" + dir.relativize(file), file);
            }
            return this;
        }

        private Builder add(String label, byte[] content) {
            String hash = HexFormat.of().formatHex(sha256().digest(content));
            inputs.add(label + " " + hash);
            all.update((label + "\0" + hash + "\n").getBytes(StandardCharsets.UTF_8));
            return this;
        }

        public CacheKey build() {
            return new CacheKey(HexFormat.of().formatHex(all.digest()), inputs);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
