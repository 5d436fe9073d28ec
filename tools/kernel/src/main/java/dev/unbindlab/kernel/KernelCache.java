package dev.unbindlab.kernel;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * The cache under {@code ~/.cache/unbindlab} ({@code $UNBINDLAB_CACHE} overrides):
 * <pre>
 *   src/linux-source-7.3.4/     pristine source, unpacked once from Debian's tarball
 *   src/&lt;arch&gt;-&lt;variant&gt;/       a patched variant's source (hard links to the pristine files it does not patch)
 *   build/&lt;arch&gt;-&lt;variant&gt;/     object trees, kept for incremental builds
 *   kernels/&lt;arch&gt;-&lt;variant&gt;/   what a guest boots: image, modules staging, config, build.log, manifest
 *   runs/                       run directories (console, KTAP, QEMU command line)
 * </pre>
 */
public record KernelCache(Path root) {

    public static final String BUILD_LOG = "build.log";
    static final String MANIFEST = "manifest.properties";

    public KernelCache {
        root = root.toAbsolutePath().normalize();
    }

    public static KernelCache defaultLocation() {
        String override = System.getenv("UNBINDLAB_CACHE");
        return new KernelCache(override != null && !override.isBlank()
                ? Path.of(override)
                : Path.of(System.getProperty("user.home"), ".cache", "unbindlab"));
    }

    public Path sources() {
        return root.resolve("src");
    }

    public Path variantSource(KernelVariant variant) {
        return sources().resolve(variant.id());
    }

    public Path buildTree(KernelVariant variant) {
        return root.resolve("build").resolve(variant.id());
    }

    public Path kernelDirectory(KernelVariant variant) {
        return root.resolve("kernels").resolve(variant.id());
    }

    public Path runs() {
        return root.resolve("runs");
    }

    /** The kernel cached for {@code variant}, whatever its key; empty if none is complete. */
    public Optional<BuiltKernel> cached(KernelVariant variant) throws IOException {
        Path dir = kernelDirectory(variant);
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(manifest)) {
            p.load(in);
        }
        Path image = dir.resolve(p.getProperty("image", "?"));
        if (!Files.isRegularFile(image)) {
            return Optional.empty();
        }
        return Optional.of(new BuiltKernel(variant, p.getProperty("key"), dir, image, dir.resolve("modules"),
                p.getProperty("release"), Duration.ofMillis(Long.parseLong(p.getProperty("build_ms", "0"))),
                Instant.parse(p.getProperty("built_at")), Boolean.parseBoolean(p.getProperty("incremental"))));
    }

    /** Written last: a kernel directory without a manifest is an interrupted build. */
    static void writeManifest(BuiltKernel kernel, long makeLines) throws IOException {
        Properties p = new Properties();
        p.setProperty("key", kernel.key());
        p.setProperty("image", kernel.directory().relativize(kernel.image()).toString());
        p.setProperty("release", kernel.release());
        p.setProperty("build_ms", Long.toString(kernel.buildTime().toMillis()));
        p.setProperty("built_at", kernel.builtAt().toString());
        p.setProperty("incremental", Boolean.toString(kernel.incremental()));
        p.setProperty("make_lines", Long.toString(makeLines));
        try (Writer out = Files.newBufferedWriter(kernel.directory().resolve(MANIFEST))) {
            p.store(out, "unbindlab kernel " + kernel.variant().id());
        }
    }

    /** Output lines of the last {@code make} for this variant, for the progress estimate; -1 if unknown. */
    long lastMakeLines(KernelVariant variant) {
        Path manifest = kernelDirectory(variant).resolve(MANIFEST);
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(manifest)) {
            p.load(in);
            return Long.parseLong(p.getProperty("make_lines", "-1"));
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /**
     * An exclusive lock on one variant's build, across processes (two test JVMs, or a test and
     * a developer's shell, must not build into the same tree at once).
     */
    public Lock lock(KernelVariant variant) throws IOException {
        return lock(variant.id());
    }

    /** An exclusive cross-process lock on any other cached artefact, by name (e.g. a root file system). */
    public Lock lock(String name) throws IOException {
        Path file = root.resolve("locks").resolve(name + ".lock");
        Files.createDirectories(file.getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        return new Lock(channel, channel.lock());
    }

    public record Lock(FileChannel channel, FileLock lock) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            lock.release();
            channel.close();
        }
    }
}
