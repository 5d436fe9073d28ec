package dev.unbindlab.scenario.nvmem;

import dev.unbindlab.linux.LinuxException;
import dev.unbindlab.linux.nvmem.Nvmem;
import dev.unbindlab.linux.sysfs.DeviceRef;
import dev.unbindlab.linux.sysfs.DriverBinding;
import dev.unbindlab.linux.sysfs.Sysfs;
import dev.unbindlab.scenario.GuestContext;
import dev.unbindlab.scenario.ScenarioSetupException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The nvmem provider of the nvmem scenarios: an at24 EEPROM on the PIIX4 SMBus of QEMU's
 * {@code pc} machine. QEMU puts SPD EEPROMs at 0x50-0x57 there (with the guest RAM's SPD data),
 * but nothing instantiates a client for them without DMI, so the guest does it through
 * {@code new_device}, as a user of an I2C expander would. at24 registers the nvmem device
 * {@code <client><id>} (e.g. {@code 0-00501}: the id is global and cmos_nvram0 took 0), so the
 * device is always looked up through its parent client, never by a fixed name.
 */
public final class SmbusEeprom {

    static final String ADAPTER_NAME_PREFIX = "SMBus PIIX4 adapter";
    static final String ADAPTER_DRIVER = "piix4_smbus";
    static final String EEPROM_TYPE = "24c02";
    static final int EEPROM_ADDRESS = 0x50;
    static final int EEPROM_SIZE = 256;
    static final String PROVIDER_DRIVER = "at24";

    private final Sysfs sysfs;
    private final Nvmem nvmem;

    SmbusEeprom(Sysfs sysfs) {
        this.sysfs = sysfs;
        this.nvmem = new Nvmem(sysfs);
    }

    /** The SMBus adapter, e.g. {@code i2c-0}: its number may change when piix4 binds again. */
    Optional<String> adapter() throws IOException {
        Path devices = sysfs.resolve("bus/i2c/devices");
        if (!Files.isDirectory(devices)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(devices, "i2c-*")) {
            for (Path adapter : stream) {
                Optional<String> name = sysfs.readAttribute(adapter.resolve("name"));
                if (name.isPresent() && name.get().startsWith(ADAPTER_NAME_PREFIX)) {
                    return Optional.of(adapter.getFileName().toString());
                }
            }
        }
        return Optional.empty();
    }

    /** The PCI function that provides the adapter (PIIX4's power-management function, 00:01.3 on QEMU). */
    DeviceRef adapterDevice(DriverBinding binding, String adapter) throws IOException {
        Path real = sysfs.resolve("bus/i2c/devices").resolve(adapter).toRealPath();
        return binding.resolve(real.getParent().toString());
    }

    /** The at24 client on {@code adapter}: {@code 0-0050} on {@code i2c-0}. */
    static String client(String adapter) {
        return adapter.substring("i2c-".length()) + "-" + HexFormat.of().toHexDigits((short) EEPROM_ADDRESS);
    }

    /** Instantiates the EEPROM on {@code adapter} unless it exists; returns the client's name. */
    String instantiate(String adapter) throws IOException {
        String client = client(adapter);
        if (!Files.exists(sysfs.resolve("bus/i2c/devices").resolve(client))) {
            try {
                sysfs.writeAttribute(sysfs.resolve("bus/i2c/devices").resolve(adapter).resolve("new_device"),
                        EEPROM_TYPE + " 0x" + Integer.toHexString(EEPROM_ADDRESS));
            } catch (LinuxException e) {
                throw new IOException("cannot instantiate a " + EEPROM_TYPE + " at 0x" + Integer.toHexString(EEPROM_ADDRESS)
                        + " on " + adapter + ": " + e.getMessage(), e);
            }
        }
        return client;
    }

    /** The nvmem device the client provides, if registered (at24 bound). */
    Optional<String> nvmemOf(String client) throws IOException {
        List<String> provided = nvmem.providedBy(client);
        return provided.isEmpty() ? Optional.empty() : Optional.of(provided.getFirst());
    }

    /** Polls for the client's nvmem device; a setup error if it does not appear within {@code timeout}. */
    String awaitNvmem(String client, Duration timeout) throws IOException, InterruptedException, ScenarioSetupException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> name = nvmemOf(client);
            if (name.isPresent()) {
                return name.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new ScenarioSetupException(client + " registered no nvmem device within " + timeout.toSeconds()
                        + " s (is it bound to " + PROVIDER_DRIVER + "?)");
            }
            Thread.sleep(20);
        }
    }

    /** Polls for the SMBus adapter (after piix4_smbus binds again). */
    String awaitAdapter(Duration timeout) throws IOException, InterruptedException, ScenarioSetupException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> adapter = adapter();
            if (adapter.isPresent()) {
                return adapter.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new ScenarioSetupException("no I2C adapter named '" + ADAPTER_NAME_PREFIX + "...' within "
                        + timeout.toSeconds() + " s (is i2c-piix4 loaded? QEMU's pc machine has one)");
            }
            Thread.sleep(20);
        }
    }

    Nvmem nvmem() {
        return nvmem;
    }

    /** The EEPROM as another scenario uses it: its I2C client ({@code BUS-ADDRESS}) and the nvmem device it provides. */
    public record Instance(String client, String nvmem) {

        /** The client as {@code unbindlab stress --unbind} names it: {@code i2c/at24/0-0050}. */
        public String unbindTarget() {
            return "i2c/" + PROVIDER_DRIVER + "/" + client;
        }
    }

    /** Loads i2c-piix4 and at24, instantiates the EEPROM and waits for its nvmem device. */
    public static Instance bringUp(GuestContext guest, Duration timeout)
            throws IOException, InterruptedException, ScenarioSetupException {
        guest.modprobe("i2c-piix4");
        guest.modprobe(PROVIDER_DRIVER);
        SmbusEeprom eeprom = new SmbusEeprom(Sysfs.system());
        String client = eeprom.instantiate(eeprom.awaitAdapter(timeout));
        return new Instance(client, eeprom.awaitNvmem(client, timeout));
    }
}
