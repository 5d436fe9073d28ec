package dev.unbindlab.linux;

import java.util.Objects;

/**
 * Proof that a user explicitly asked for an operation that changes flash contents (erase, write,
 * mark a block bad). Every writing API takes one; there is no other way to open an MTD device
 * read-write, so a read-only code path cannot write by accident.
 *
 * @param grantedBy how the user said so, for the record (e.g. {@code "--destructive"})
 */
public record DestructiveAccess(String grantedBy) {

    public DestructiveAccess {
        Objects.requireNonNull(grantedBy, "grantedBy");
        if (grantedBy.isBlank()) {
            throw new IllegalArgumentException("destructive access must say who granted it");
        }
    }

    /** The user passed {@code flag} (normally {@code --destructive}) on the command line. */
    public static DestructiveAccess grantedByFlag(String flag) {
        return new DestructiveAccess(flag);
    }
}
