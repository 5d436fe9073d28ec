package dev.unbindlab.stress;

import java.util.Locale;

public final class Sizes {

    private Sizes() {
    }

    /** {@code 16 MiB}, {@code 1.50 MiB}, {@code 64 KiB}, {@code 12 B}. */
    public static String human(long bytes) {
        if (bytes >= 1 << 20) {
            return bytes % (1 << 20) == 0 ? bytes / (1 << 20) + " MiB" : String.format(Locale.ROOT, "%.2f MiB", bytes / 1048576.0);
        }
        if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
            return bytes / (1 << 10) + " KiB";
        }
        return bytes + " B";
    }
}
