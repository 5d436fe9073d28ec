package dev.unbindlab.runner;

import dev.unbindlab.kernel.BuildFailedException;
import dev.unbindlab.kernel.BuildListener;
import dev.unbindlab.kernel.CacheKey;
import dev.unbindlab.kernel.Commands;
import dev.unbindlab.kernel.KernelCache;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The AOT cache (JDK 25: JEP 483 class loading and linking, JEP 514 {@code -XX:AOTCacheOutput})
 * that x86_64 guests start their JVM with. The guest runs the host's JDK and jar over 9p, so the
 * host makes the cache itself, in a few seconds, with the guest's JVM options and the training
 * run {@code guest train}; it lives in {@code ~/.cache/unbindlab/aot/}, keyed by a hash of the jar,
 * the JDK's release file and those options, so a rebuilt jar gets a new one. Measured on the
 * 2-core CI host under TCG, JVM start to {@code guest run --help}: 3.5 s with it vs 5.1 s without
 * on a quiet host, 6-10 s vs 21 s with two other guests running. A JDK older than 25, or a training run that fails, means no cache: the guest
 * then starts as before, and the build output says why.
 */
final class GuestAotCache {

    static final String DIRECTORY = "aot";
    /** Caches kept per architecture: a developer's checkout and a CI clone take turns without rebuilding. */
    private static final int KEEP = 4;
    /**
     * Classes only, no machine code: by default the cache also keeps adapters and stubs compiled
     * for the host's CPU (AVX-512 here), and QEMU's default x86 CPU model has none of that: every
     * guest JVM died of SIGILL in an adapter blob, in the first matrix run with the cache.
     */
    static final List<String> TRAINING_OPTIONS = List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTAdapterCaching", "-XX:-AOTStubCaching");
    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

    private GuestAotCache() {
    }

    /** The cache for {@code java}'s JDK and jar, made now if the cache directory lacks it; empty where it cannot be had. */
    static Optional<Path> forHostJdk(GuestJava java, KernelCache cache, BuildListener listener) throws InterruptedException {
        try {
            Path release = java.javaHome().resolve("release");
            int feature = featureVersion(Files.readString(release));
            if (feature < 25) {
                listener.output("guest JVM: no AOT cache (JDK " + feature + " at " + java.javaHome() + "; -XX:AOTCacheOutput needs 25)");
                return Optional.empty();
            }
            Path dir = Files.createDirectories(cache.root().resolve(DIRECTORY));
            Path file = dir.resolve("x86_64-" + key(java, release) + ".aot");
            try (KernelCache.Lock lock = cache.lock("aot-x86_64")) {
                if (!Files.isRegularFile(file)) {
                    train(java, file, listener);
                    prune(dir, "x86_64-");
                }
            }
            return Optional.of(file);
        } catch (IOException | BuildFailedException e) {
            listener.output("guest JVM: no AOT cache: " + e.getMessage());
            return Optional.empty();
        }
    }

    static int featureVersion(String releaseFile) throws IOException {
        Matcher m = JAVA_VERSION.matcher(releaseFile);
        if (!m.find()) {
            throw new IOException("the JDK's release file has no JAVA_VERSION");
        }
        return Integer.parseInt(m.group(1));
    }

    /** The training run, writing to a temporary name first so that a killed run leaves no half cache behind. */
    private static void train(GuestJava java, Path file, BuildListener listener)
            throws IOException, BuildFailedException, InterruptedException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        List<String> command = new ArrayList<>(List.of(java.javaBinary().toString()));
        command.addAll(List.of(GuestJava.JVM_OPTIONS.split(" ")));
        command.addAll(TRAINING_OPTIONS);
        command.addAll(List.of("-XX:AOTCacheOutput=" + partial, "-jar", java.jar().toString(), "guest", "train"));
        listener.output("guest JVM: making its AOT cache " + file.getFileName());
        Path log = file.resolveSibling(file.getFileName() + ".log");
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
            Commands.run(command, file.getParent(), line -> { }, out);
        }
        if (!Files.isRegularFile(partial)) {
            throw new IOException("the training run wrote no " + partial + " (see " + log + ")");
        }
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The cache's identity, by the project's one hashing scheme for cached builds ({@link CacheKey}). */
    static String key(GuestJava java, Path release) throws IOException {
        return new CacheKey.Builder()
                .file("jdk-release", release)
                .text("jvm-options", GuestJava.JVM_OPTIONS + " " + String.join(" ", TRAINING_OPTIONS))
                .file("jar", java.jar())
                .build().shortValue();
    }

    /** Keeps the {@value #KEEP} newest caches of one architecture and their logs. */
    private static void prune(Path dir, String prefix) throws IOException {
        List<Path> caches;
        try (Stream<Path> files = Files.list(dir)) {
            caches = files.filter(p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(".aot"))
                    .sorted(Comparator.comparing(GuestAotCache::modified).reversed()).toList();
        }
        for (Path old : caches.subList(Math.min(KEEP, caches.size()), caches.size())) {
            Files.deleteIfExists(old);
            Files.deleteIfExists(old.resolveSibling(old.getFileName() + ".log"));
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
