package dev.unbindlab.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's kernel source tarball ({@code linux-source-7.3} installs
 * {@code /usr/src/linux-source-7.3.tar.xz}) and its one pristine unpacked copy in the cache.
 */
public final class KernelSource {

    /** The Debian source package series the project targets. */
    public static final String SERIES = "7.3";
    private static final String STAMP = ".unbindlab-source";

    private final Path tarball;
    private String sha256;

    public KernelSource(Path tarball) {
        this.tarball = tarball;
    }

    /** {@code $UNBINDLAB_KERNEL_TARBALL}, else Debian's location. */
    public static KernelSource standard() {
        String override = System.getenv("UNBINDLAB_KERNEL_TARBALL");
        return new KernelSource(override != null && !override.isBlank()
                ? Path.of(override) : Path.of("/usr/src/linux-source-" + SERIES + ".tar.xz"));
    }

    public Path tarball() {
        return tarball;
    }

    /** The tarball's SHA-256 (part of every cache key); computed once per process. */
    public synchronized String sha256() throws BuildFailedException, IOException {
        if (sha256 == null) {
            requirePresent();
            MessageDigest digest = CacheKey.sha256();
            try (InputStream in = Files.newInputStream(tarball)) {
                byte[] buffer = new byte[1 << 20];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
            sha256 = HexFormat.of().formatHex(digest.digest());
        }
        return sha256;
    }

    private void requirePresent() throws BuildFailedException {
        if (!Files.isRegularFile(tarball)) {
            throw new BuildFailedException("no kernel source: " + tarball + " is missing (Debian package linux-source-"
                    + SERIES + " from trixie-backports; run 'sudo vm-images/host/setup-apt.sh')");
        }
    }

    /**
     * The unpacked pristine tree under {@code cache/src/linux-source-<version>}, unpacking it if
     * it is missing or came from another tarball. Nobody builds in it (builds use {@code O=}),
     * and variants patch hard-linked copies, so it stays pristine.
     */
    public Path unpacked(KernelCache cache, BuildListener listener, KernelVariant forVariant)
            throws BuildFailedException, IOException, InterruptedException {
        String digest = sha256();
        Files.createDirectories(cache.sources());
        // Two builds may start at once (the x86_64 and arm64 test classes run side by side): one
        // unpacks, the other waits and then finds the tree, instead of replacing it under the first.
        try (KernelCache.Lock lock = cache.lock("source")) {
            Optional<Path> existing = find(cache, digest);
            if (existing.isPresent()) {
                return existing.get();
            }
            listener.step(forVariant, "unpack " + tarball.getFileName(), -1);
            Path scratch = Files.createTempDirectory(cache.sources(), ".unpack-");
            Commands.run(List.of("tar", "-xf", tarball.toString(), "-C", scratch.toString(), "--strip-components=1"),
                    scratch, listener::output, null);
            String version = version(Files.readString(scratch.resolve("Makefile")));
            Path target = cache.sources().resolve("linux-source-" + version);
            if (Files.exists(target)) {
                Commands.deleteTree(target);
            }
            Files.writeString(scratch.resolve(STAMP), digest + "\n");
            // createTempDirectory made it private (0700); the unpacked tree is as readable as the tarball.
            Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(scratch, target);
            return target;
        }
    }

    private static Optional<Path> find(KernelCache cache, String digest) throws IOException {
        try (var dirs = Files.list(cache.sources())) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("linux-source-"))
                    .filter(d -> digest.equals(readStamp(d).orElse("")))
                    .findFirst();
        }
    }

    private static Optional<String> readStamp(Path dir) {
        try {
            return Optional.of(Files.readString(dir.resolve(STAMP)).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** {@code 7.3.4} from the top-level Makefile's VERSION, PATCHLEVEL, SUBLEVEL and EXTRAVERSION. */
    static String version(String makefile) throws BuildFailedException {
        StringBuilder version = new StringBuilder();
        for (String field : List.of("VERSION", "PATCHLEVEL", "SUBLEVEL", "EXTRAVERSION")) {
            Matcher m = Pattern.compile("(?m)^" + field + "\\s*=[ \\t]*(\\S*)").matcher(makefile);
            if (!m.find()) {
                throw new BuildFailedException("the kernel Makefile has no " + field + " line");
            }
            if (!field.equals("VERSION") && !m.group(1).isEmpty() && !field.equals("EXTRAVERSION")) {
                version.append('.');
            }
            version.append(m.group(1));
        }
        return version.toString();
    }
}
