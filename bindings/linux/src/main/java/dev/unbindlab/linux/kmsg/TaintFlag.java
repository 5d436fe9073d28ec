package dev.unbindlab.linux.kmsg;

/**
 * The bits of {@code /proc/sys/kernel/tainted}, in the kernel's order (kernel/panic.c
 * {@code taint_flags[]}, Documentation/admin-guide/tainted-kernels.rst).
 */
public enum TaintFlag {
    PROPRIETARY_MODULE(0, 'P', "proprietary module was loaded", false),
    FORCED_MODULE(1, 'F', "module was force loaded", false),
    CPU_OUT_OF_SPEC(2, 'S', "kernel running on an out of specification system", false),
    FORCED_RMMOD(3, 'R', "module was force unloaded", false),
    MACHINE_CHECK(4, 'M', "processor reported a Machine Check Exception", true),
    BAD_PAGE(5, 'B', "bad page referenced or some unexpected page flags", true),
    USER(6, 'U', "taint requested by userspace application", false),
    DIE(7, 'D', "kernel died recently, i.e. there was an OOPS or BUG", true),
    OVERRIDDEN_ACPI_TABLE(8, 'A', "an ACPI table was overridden by user", false),
    WARN(9, 'W', "kernel issued warning", true),
    CRAP(10, 'C', "staging driver was loaded", false),
    FIRMWARE_WORKAROUND(11, 'I', "workaround for bug in platform firmware applied", false),
    OOT_MODULE(12, 'O', "externally-built (out-of-tree) module was loaded", false),
    UNSIGNED_MODULE(13, 'E', "unsigned module was loaded", false),
    SOFTLOCKUP(14, 'L', "soft lockup occurred", true),
    LIVEPATCH(15, 'K', "kernel has been live patched", false),
    AUX(16, 'X', "auxiliary taint, defined for and used by distros", false),
    RANDSTRUCT(17, 'T', "kernel was built with the struct randomization plugin", false),
    TEST(18, 'N', "an in-kernel test has been run", false),
    FWCTL(19, 'J', "userspace used a mutating debug operation in fwctl", false);

    private final int bit;
    private final char letter;
    private final String description;
    private final boolean kernelProblem;

    TaintFlag(int bit, char letter, String description, boolean kernelProblem) {
        this.bit = bit;
        this.letter = letter;
        this.description = description;
        this.kernelProblem = kernelProblem;
    }

    public int bit() {
        return bit;
    }

    /** The letter the kernel prints in {@code Tainted: G    B   W} lines. */
    public char letter() {
        return letter;
    }

    public String description() {
        return description;
    }

    /**
     * True for flags that mean the kernel itself misbehaved (oops, warning, bad page, lockup, MCE),
     * as opposed to flags that only describe how it was built or what was loaded.
     */
    public boolean isKernelProblem() {
        return kernelProblem;
    }
}
