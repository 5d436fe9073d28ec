package dev.unbindlab.vm;

/** How QEMU executes guest code. */
public enum Accelerator {
    /** Hardware virtualization; only when {@link AcceleratorProbe} saw it work. */
    KVM("kvm"),
    /** Software emulation: always works, 10-50x slower. */
    TCG("tcg");

    private final String qemuName;

    Accelerator(String qemuName) {
        this.qemuName = qemuName;
    }

    public String qemuName() {
        return qemuName;
    }
}
