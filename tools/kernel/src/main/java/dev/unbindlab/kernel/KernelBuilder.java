package dev.unbindlab.kernel;

import dev.unbindlab.vm.Arch;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Builds guest kernels into the {@link KernelCache}, each exactly once per {@link CacheKey}.
 *
 * <p>Vanilla is {@code tinyconfig} + the architecture's fragment, built with {@code O=}. A
 * variant starts from a copy of the vanilla object tree and a hard-linked copy of the source
 * with its series applied ({@code git apply} writes new files, so the pristine tree is never
 * touched); only what the patches change is recompiled, so a variant costs minutes, not a full
 * build. Out-of-tree test modules from {@code vm-images/modules/} are built against each kernel.
 */
public final class KernelBuilder {

    /** Default progress estimate for a first full build (measured: 7.3.4 x86_64 KASAN, 2121 lines). */
    private static final long FIRST_BUILD_LINES = 2100;

    private final VmImages images;
    private final KernelCache cache;
    private final KernelSource source;
    private final int jobs;
    private final Map<Arch, String> compilers = new EnumMap<>(Arch.class);

    public KernelBuilder(VmImages images, KernelCache cache, KernelSource source) {
        this.images = images;
        this.cache = cache;
        this.source = source;
        this.jobs = Runtime.getRuntime().availableProcessors();
    }

    public KernelCache cache() {
        return cache;
    }

    /** Whether the cached kernel for a variant matches its current inputs. */
    public enum State { CURRENT, STALE, MISSING }

    public record Status(KernelVariant variant, State state, Optional<BuiltKernel> cached, CacheKey key) {
    }

    public Status status(KernelVariant variant) throws BuildFailedException, IOException, InterruptedException {
        CacheKey key = key(variant);
        Optional<BuiltKernel> cached = cache.cached(variant);
        State state = cached.isEmpty() ? State.MISSING : cached.get().key().equals(key.value()) ? State.CURRENT : State.STALE;
        return new Status(variant, state, cached, key);
    }

    /** Everything that goes into {@code variant}'s kernel. */
    public CacheKey key(KernelVariant variant) throws BuildFailedException, IOException, InterruptedException {
        CacheKey.Builder key = new CacheKey.Builder()
                .text("recipe", Integer.toString(CacheKey.RECIPE))
                .text("arch", variant.arch().id())
                .text("variant", variant.name())
                .digest("linux-source", source.sha256())
                .file("config-fragment", requireFile(images.configFragment(variant.arch()), "config fragment"))
                .text("compiler", compilerVersion(variant.arch()));
        for (String series : variant.series()) {
            key.tree("patches/" + series, images.series(series));
        }
        return key.tree("modules", images.modules()).build();
    }

    /** The variant's kernel: from the cache if its key matches, otherwise built now. */
    public BuiltKernel ensure(KernelVariant variant, BuildListener listener)
            throws BuildFailedException, IOException, InterruptedException {
        try (KernelCache.Lock lock = cache.lock(variant)) {
            return ensureLocked(variant, listener);
        }
    }

    private BuiltKernel ensureLocked(KernelVariant variant, BuildListener listener)
            throws BuildFailedException, IOException, InterruptedException {
        CacheKey key = key(variant);
        Optional<BuiltKernel> cached = cache.cached(variant);
        if (cached.isPresent() && cached.get().key().equals(key.value())) {
            listener.finished(cached.get(), true);
            return cached.get();
        }
        BuiltKernel built = build(variant, key, listener);
        listener.finished(built, false);
        return built;
    }

    private BuiltKernel build(KernelVariant variant, CacheKey key, BuildListener listener)
            throws BuildFailedException, IOException, InterruptedException {
        Toolchain.check(variant.arch());
        long started = System.nanoTime();
        Path pristine = source.unpacked(cache, listener, variant);
        Path tree = cache.buildTree(variant);
        Path finalDir = cache.kernelDirectory(variant);
        Path staging = finalDir.resolveSibling(finalDir.getFileName() + ".partial");
        if (Files.exists(staging)) {
            Commands.deleteTree(staging);
        }
        Files.createDirectories(staging);
        Files.write(staging.resolve("inputs.txt"), key.inputs(), StandardCharsets.UTF_8);

        try (PrintWriter log = new PrintWriter(Files.newBufferedWriter(staging.resolve(KernelCache.BUILD_LOG)))) {
            Path src;
            boolean incremental;
            long expectedLines;
            if (variant.isVanilla()) {
                src = pristine;
                incremental = Files.exists(tree.resolve("vmlinux"));
                expectedLines = incremental ? -1 : Math.max(cache.lastMakeLines(variant), FIRST_BUILD_LINES);
                Files.createDirectories(tree);
                configure(variant, src, tree, log, listener);
            } else {
                src = prepareVariant(variant, pristine, tree, log, listener);
                incremental = true;
                expectedLines = -1;
                make(variant, src, tree, List.of("olddefconfig"), "configure", -1, log, listener);
            }
            long lines = make(variant, src, tree, List.of("all"), "make", expectedLines, log, listener);

            Path modules = staging.resolve("modules");
            make(variant, src, tree, List.of("INSTALL_MOD_PATH=" + modules, "INSTALL_MOD_STRIP=1", "modules_install"),
                    "modules_install", -1, log, listener);
            buildTestModules(variant, src, tree, modules, log, listener);

            Path image = staging.resolve(Path.of(variant.arch().kernelImage()).getFileName());
            Files.copy(tree.resolve(variant.arch().kernelImage()), image, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(tree.resolve(".config"), staging.resolve("config"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(tree.resolve("System.map"), staging.resolve("System.map"), StandardCopyOption.REPLACE_EXISTING);
            String release = Files.readString(tree.resolve("include/config/kernel.release")).strip();
            log.println("built " + variant.id() + " " + release + " in " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
            log.flush();

            if (Files.exists(finalDir)) {
                Commands.deleteTree(finalDir);
            }
            Files.move(staging, finalDir);
            BuiltKernel built = new BuiltKernel(variant, key.value(), finalDir, finalDir.resolve(image.getFileName()),
                    finalDir.resolve("modules"), release, Duration.ofNanos(System.nanoTime() - started), Instant.now(),
                    incremental);
            KernelCache.writeManifest(built, lines);
            return built;
        } catch (BuildFailedException e) {
            throw new BuildFailedException("building " + variant.id() + ": " + e.getMessage()
                    + "\n(full log: " + staging.resolve(KernelCache.BUILD_LOG) + ")", e);
        }
    }

    /** tinyconfig, the fragment merged on top, olddefconfig; then every symbol the fragment sets must have stuck. */
    private void configure(KernelVariant variant, Path src, Path tree, PrintWriter log, BuildListener listener)
            throws BuildFailedException, IOException, InterruptedException {
        Path fragment = images.configFragment(variant.arch());
        make(variant, src, tree, List.of("tinyconfig"), "configure", -1, log, listener);
        Commands.run(List.of(src.resolve("scripts/kconfig/merge_config.sh").toString(), "-m", "-O", tree.toString(),
                tree.resolve(".config").toString(), fragment.toString()), src, listener::output, log);
        make(variant, src, tree, List.of("olddefconfig"), "configure", -1, log, listener);
        List<String> ignored = KconfigCheck.unmet(Files.readAllLines(fragment), Files.readAllLines(tree.resolve(".config")));
        if (!ignored.isEmpty()) {
            throw new BuildFailedException(fragment.getFileName() + " asks for options Kconfig did not take "
                    + "(unmet dependencies or renamed symbols): " + String.join(", ", ignored));
        }
    }

    /**
     * A patched source tree (hard links to every pristine file, new files where patches apply)
     * and a copy of the vanilla object tree whose recorded paths now point at it, so make sees
     * exactly the patched files as changed.
     */
    private Path prepareVariant(KernelVariant variant, Path pristine, Path tree, PrintWriter log, BuildListener listener)
            throws BuildFailedException, IOException, InterruptedException {
        KernelVariant vanilla = new KernelVariant(variant.arch(), KernelVariant.VANILLA, List.of());
        Path src = cache.variantSource(variant);
        for (Path old : List.of(src, tree)) {
            if (Files.exists(old)) {
                Commands.deleteTree(old);
            }
        }
        listener.step(variant, "apply patches", -1);
        Commands.run(List.of("cp", "-al", pristine.toString(), src.toString()), cache.sources(), listener::output, log);
        Files.deleteIfExists(src.resolve(".unbindlab-source"));
        for (String series : variant.series()) {
            for (Path patch : patches(series)) {
                // The ceiling keeps git from treating an enclosing repository (a home directory
                // under version control) as the one to patch.
                Commands.run(List.of("git", "apply", "--verbose", patch.toString()), src,
                        Map.of("GIT_CEILING_DIRECTORIES", src.getParent().toString()), listener::output, log);
            }
        }
        try (KernelCache.Lock lock = cache.lock(vanilla)) {
            Path vanillaTree = cache.buildTree(vanilla);
            ensureLocked(vanilla, listener);
            listener.step(variant, "copy the vanilla object tree", -1);
            Commands.run(List.of("cp", "-a", "--reflink=auto", vanillaTree.toString(), tree.toString()), cache.root(),
                    listener::output, log);
            BuildTreePaths.rewrite(tree, Map.of(pristine.toString(), src.toString(), vanillaTree.toString(), tree.toString()));
        }
        return src;
    }

    /** The series' patches in apply order (file name order, as git format-patch numbers them). */
    List<Path> patches(String series) throws BuildFailedException, IOException {
        Path dir = images.series(series);
        List<Path> patches;
        try (Stream<Path> files = Files.list(dir)) {
            patches = files.filter(f -> f.getFileName().toString().endsWith(".patch")).sorted().toList();
        }
        if (patches.isEmpty()) {
            throw new BuildFailedException("patch series " + dir + " has no .patch files");
        }
        return patches;
    }

    /** Each folder under vm-images/modules/ built with M= against this kernel and installed next to its modules. */
    private void buildTestModules(KernelVariant variant, Path src, Path tree, Path modules, PrintWriter log,
                                  BuildListener listener) throws BuildFailedException, IOException, InterruptedException {
        if (!Files.isDirectory(images.modules())) {
            return;
        }
        List<Path> dirs;
        try (Stream<Path> list = Files.list(images.modules())) {
            dirs = list.filter(d -> Files.exists(d.resolve("Kbuild")) || Files.exists(d.resolve("Makefile"))).sorted().toList();
        }
        for (Path dir : dirs) {
            // Kbuild writes objects next to the sources: build a copy, never in the repository.
            Path copy = tree.resolveSibling(variant.id() + "-test-modules").resolve(dir.getFileName());
            if (Files.exists(copy)) {
                Commands.deleteTree(copy);
            }
            Files.createDirectories(copy.getParent());
            Commands.run(List.of("cp", "-r", dir.toString(), copy.toString()), copy.getParent(), listener::output, log);
            make(variant, src, tree, List.of("M=" + copy, "modules"), "test module " + dir.getFileName(), -1, log, listener);
            make(variant, src, tree, List.of("M=" + copy, "INSTALL_MOD_PATH=" + modules, "INSTALL_MOD_STRIP=1",
                    "modules_install"), "install test module " + dir.getFileName(), -1, log, listener);
        }
    }

    private long make(KernelVariant variant, Path src, Path tree, List<String> targets, String step, long expectedLines,
                      PrintWriter log, BuildListener listener) throws BuildFailedException, IOException, InterruptedException {
        listener.step(variant, step, expectedLines);
        List<String> command = new ArrayList<>(List.of("make", "-C", src.toString(), "O=" + tree, "ARCH=" + variant.arch().kernelArch(),
                "-j" + jobs));
        if (!variant.arch().crossCompile().isEmpty()) {
            command.add("CROSS_COMPILE=" + variant.arch().crossCompile());
        }
        command.addAll(targets);
        return Commands.run(command, src, listener::output, log);
    }

    private synchronized String compilerVersion(Arch arch) throws BuildFailedException, IOException, InterruptedException {
        if (!compilers.containsKey(arch)) {
            String gcc = arch.crossCompile() + "gcc";
            if (Toolchain.find(gcc).isEmpty()) {
                // Still a valid key (nothing can match a kernel built with a compiler we lack);
                // building reports the missing package.
                compilers.put(arch, "(no " + gcc + ")");
            } else {
                List<String> out = new ArrayList<>();
                Commands.run(List.of(gcc, "--version"), Path.of("/"), out::add, null);
                compilers.put(arch, out.isEmpty() ? gcc : out.getFirst());
            }
        }
        return compilers.get(arch);
    }

    private static Path requireFile(Path file, String what) throws BuildFailedException {
        if (!Files.isRegularFile(file)) {
            throw new BuildFailedException("no " + what + " " + file);
        }
        return file;
    }
}
