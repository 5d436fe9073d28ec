package dev.unbindlab.kernel;

import dev.unbindlab.vm.Arch;

import java.util.List;

/**
 * A named guest kernel: vanilla plus an ordered list of patch series.
 *
 * @param series names of folders under {@code vm-images/patches/}, applied in this order
 */
public record KernelVariant(Arch arch, String name, List<String> series) {

    public static final String VANILLA = "vanilla";

    public KernelVariant {
        series = List.copyOf(series);
        if (!name.matches("[a-z0-9][a-z0-9.-]*")) {
            throw new IllegalArgumentException("bad variant name '" + name + "' (lower case, digits, '.', '-')");
        }
        if (name.equals(VANILLA) != series.isEmpty()) {
            throw new IllegalArgumentException("'" + VANILLA + "' and only it has no patch series: " + name + " " + series);
        }
    }

    public boolean isVanilla() {
        return series.isEmpty();
    }

    /** {@code x86_64-vanilla}: directory names and test names use it. */
    public String id() {
        return arch.id() + "-" + name;
    }
}
