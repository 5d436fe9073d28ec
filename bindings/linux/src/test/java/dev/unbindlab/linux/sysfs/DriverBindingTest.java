package dev.unbindlab.linux.sysfs;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Path logic against the shape of the seed's system: cadence-qspi controller with a spi-nor child. */
class DriverBindingTest {

    @TempDir Path root;
    FakeSysfsTree tree;
    Path controller;
    Path flash;
    Path cqspiDriver;
    DriverBinding binding;

    @BeforeEach
    void buildTree() throws IOException {
        tree = new FakeSysfsTree(root);
        controller = tree.device("platform", "platform/f1010000.spi");
        flash = tree.device("spi", "platform/f1010000.spi/spi_master/spi0/spi0.0");
        cqspiDriver = tree.driver("platform", "cadence-qspi");
        tree.bindLink(controller, cqspiDriver);
        tree.bindLink(flash, tree.driver("spi", "spi-nor"));
        tree.mtd(0, "spi0.0", flash);
        binding = new DriverBinding(new Sysfs(root));
    }

    @Test
    void resolvesEverySpelling() throws IOException {
        DeviceRef expected = new DeviceRef("platform", "f1010000.spi");
        assertEquals(expected, binding.resolve("platform/f1010000.spi"));
        assertEquals(expected, binding.resolve("f1010000.spi"));
        assertEquals(expected, binding.resolve(controller.toString()));
        assertEquals(expected, binding.resolve(root.resolve("bus/platform/devices/f1010000.spi").toString()));
        assertEquals(new DeviceRef("spi", "spi0.0"), binding.resolve("/dev/mtd0"));
        assertEquals(new DeviceRef("spi", "spi0.0"), binding.resolve("mtd0"));
    }

    @Test
    void unknownAndAmbiguousDevicesAreNamedInTheError() throws IOException {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> binding.resolve("platform/nope"))
                .getMessage().contains("platform/nope"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> binding.resolve("/dev/mtd7"))
                .getMessage().contains("mtd7"));
        tree.device("amba", "amba/f1010000.spi");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> binding.resolve("f1010000.spi"))
                .getMessage().contains("ambiguous"));
    }

    @Test
    void whereReportsDriverAndOverride() throws IOException {
        DeviceStatus status = binding.where(new DeviceRef("platform", "f1010000.spi"));
        assertEquals(Optional.of("cadence-qspi"), status.driver());
        assertEquals(Optional.empty(), status.driverOverride(), "(null) means unset");
        assertEquals(controller.toRealPath(), status.sysfsPath());
    }

    @Test
    void unbindWritesTheDeviceNameToTheDriversUnbindFile() throws IOException {
        assertEquals("cadence-qspi", binding.unbind(new DeviceRef("platform", "f1010000.spi")));
        assertEquals("f1010000.spi", Files.readString(cqspiDriver.resolve("unbind")), "no newline, no NUL");
    }

    @Test
    void unbindOfUnboundDeviceIsRefused() throws IOException {
        Files.delete(controller.resolve("driver"));
        assertThrows(IllegalStateException.class, () -> binding.unbind(new DeviceRef("platform", "f1010000.spi")));
    }

    @Test
    void bindProbeAndOverrideWriteTheirAttributes() throws IOException {
        DeviceRef ref = new DeviceRef("platform", "f1010000.spi");
        binding.bind(ref, "cadence-qspi");
        assertEquals("f1010000.spi", Files.readString(cqspiDriver.resolve("bind")));
        binding.probe(ref);
        assertEquals("f1010000.spi", Files.readString(root.resolve("bus/platform/drivers_probe")));
        binding.setDriverOverride(ref, "cadence-qspi");
        assertEquals(Optional.of("cadence-qspi"), binding.where(ref).driverOverride());
        Files.writeString(controller.resolve("driver_override"), ""); // sysfs replaces; a plain file would not
        binding.setDriverOverride(ref, "");
        assertEquals("\n", Files.readString(controller.resolve("driver_override")), "clearing writes a newline");
    }

    @Test
    void bindToMissingDriverFailsWithErrno() {
        var e = assertThrows(dev.unbindlab.linux.LinuxException.class,
                () -> binding.bind(new DeviceRef("platform", "f1010000.spi"), "no-such-driver"));
        assertEquals("ENOENT", e.errnoName());
    }

    @Test
    void deviceRefRejectsMalformedNames() {
        assertThrows(IllegalArgumentException.class, () -> new DeviceRef("platform", "a/b"));
        assertThrows(IllegalArgumentException.class, () -> new DeviceRef("", "x"));
    }
}
