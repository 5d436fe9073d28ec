package dev.unbindlab.scenario.mmc;

import dev.unbindlab.linux.sysfs.Sysfs;
import dev.unbindlab.scenario.ScenarioSetupException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * QEMU's {@code sdhci-pci} controller and the card in its slot, as the guest's sysfs shows them.
 * The card's block device is always found through its controller, never by name: a card that
 * comes back as {@code mmcblk1} means the old disk was never released, and the cycle says so.
 */
final class SdhciSlot {

    static final String DRIVER = "sdhci-pci";

    private final Sysfs sysfs;
    private final String controller;

    private SdhciSlot(Sysfs sysfs, String controller) {
        this.sysfs = sysfs;
        this.controller = controller;
    }

    /** The one PCI device bound to sdhci-pci (QEMU's {@code -device sdhci-pci}). */
    static SdhciSlot find(Sysfs sysfs) throws ScenarioSetupException, IOException {
        Path driver = sysfs.resolve("bus/pci/drivers/" + DRIVER);
        if (!Files.isDirectory(driver)) {
            throw new ScenarioSetupException("no " + DRIVER + " driver in sysfs (" + driver
                    + "): the kernel lacks CONFIG_MMC_SDHCI_PCI or QEMU has no -device sdhci-pci");
        }
        List<String> devices = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(driver, "[0-9a-f]*:*")) {
            stream.forEach(p -> devices.add(p.getFileName().toString()));
        }
        if (devices.size() != 1) {
            throw new ScenarioSetupException("expected one PCI device bound to " + DRIVER + ", found " + devices);
        }
        return new SdhciSlot(sysfs, devices.getFirst());
    }

    /** The controller's PCI address, e.g. {@code 0000:00:04.0}. */
    String controller() {
        return controller;
    }

    /** The card's whole-disk block device under this controller ({@code mmcblk0}), if a card is there and probed. */
    Optional<String> disk() throws IOException {
        Path block = sysfs.resolve("class/block");
        if (!Files.isDirectory(block)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(block, "mmcblk*")) {
            for (Path disk : stream) {
                String name = disk.getFileName().toString();
                if (name.matches("mmcblk\\d+") && isUnderController(disk)) {
                    return Optional.of(name);
                }
            }
        }
        return Optional.empty();
    }

    private boolean isUnderController(Path disk) {
        try {
            return disk.toRealPath().toString().contains("/" + controller + "/");
        } catch (IOException e) {
            return false; // gone while we looked
        }
    }
}
