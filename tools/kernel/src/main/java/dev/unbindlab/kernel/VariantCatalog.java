package dev.unbindlab.kernel;

import dev.unbindlab.vm.Arch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The kernel variants named in {@code vm-images/kernel/variants}: one per line,
 * {@code ARCH VARIANT [SERIES...]}, {@code #} starts a comment. Every architecture has a
 * {@code vanilla} line; every series named exists as a folder of patches.
 */
public record VariantCatalog(List<KernelVariant> variants) {

    public VariantCatalog {
        variants = List.copyOf(variants);
    }

    public static VariantCatalog load(VmImages images) throws IOException {
        Path file = images.variantList();
        List<KernelVariant> variants = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceFirst("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = file + ":" + (i + 1) + ": ";
            String[] words = line.split("\\s+");
            if (words.length < 2) {
                throw new IOException(where + "expected 'ARCH VARIANT [SERIES...]'");
            }
            try {
                KernelVariant variant = new KernelVariant(Arch.parse(words[0]), words[1],
                        Arrays.asList(words).subList(2, words.length));
                for (String series : variant.series()) {
                    if (!Files.isDirectory(images.series(series))) {
                        throw new IOException(where + "no patch series " + images.series(series));
                    }
                }
                if (variants.stream().anyMatch(v -> v.id().equals(variant.id()))) {
                    throw new IOException(where + "duplicate variant " + variant.id());
                }
                variants.add(variant);
            } catch (IllegalArgumentException e) {
                throw new IOException(where + e.getMessage(), e);
            }
        }
        return new VariantCatalog(variants);
    }

    public List<KernelVariant> forArch(Arch arch) {
        return variants.stream().filter(v -> v.arch() == arch).toList();
    }

    public Optional<KernelVariant> find(Arch arch, String name) {
        return variants.stream().filter(v -> v.arch() == arch && v.name().equals(name)).findFirst();
    }

    /** Like {@link #find}, with an error that lists what exists for that architecture. */
    public KernelVariant get(Arch arch, String name) {
        return find(arch, name).orElseThrow(() -> new IllegalArgumentException("no kernel variant '" + name + "' for "
                + arch + " (known: " + forArch(arch).stream().map(KernelVariant::name).collect(Collectors.joining(", ")) + ")"));
    }

    public KernelVariant vanilla(Arch arch) {
        return get(arch, KernelVariant.VANILLA);
    }
}
