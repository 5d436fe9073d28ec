package dev.unbindlab.scenario.nvmem;

import dev.unbindlab.ktap.KtapStream;
import dev.unbindlab.scenario.GuestContext;
import dev.unbindlab.scenario.Measurement;
import dev.unbindlab.scenario.Scenario;
import dev.unbindlab.scenario.ScenarioSetupException;
import dev.unbindlab.vm.Arch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the SRCU series costs on the read path (the maintainer's worry): the nvmem-consumer
 * module's read_loop times back-to-back nvmem_device_read()s in the kernel, in batches, on two
 * real providers: cmos_nvram0 (rtc-cmos, a few port I/Os per byte: the cheapest read, where a
 * fixed per-call cost shows most) and the at24 EEPROM (SMBus, polled: what a consumer of an I2C
 * EEPROM pays). Each batch is one sample; {@code vm cost} compares kernels from boots run
 * alternately. The scenario only checks that the loops ran.
 */
public final class NvmemReadCost implements Scenario {

    /** One provider to time: reads of {@code bytes} at offset 0, {@code reads} per batch. */
    record Target(String label, int bytes, int reads, int batches) {
    }

    static final Target CMOS = new Target("cmos_nvram0", 16, 5000, 40);
    static final Target EEPROM = new Target("at24", 16, 20, 20);

    @Override
    public String name() {
        return "nvmem-read-cost";
    }

    @Override
    public String summary() {
        return "times nvmem_device_read() in the kernel (batches of back-to-back reads) on cmos_nvram0 and the at24 EEPROM";
    }

    @Override
    public Set<Arch> arches() {
        return Set.of(Arch.X86_64);
    }

    @Override
    public boolean appliesTo(String variant) {
        return NvmemUnbindScenario.VARIANTS.contains(variant);
    }

    @Override
    public boolean isMeasurement() {
        return true;
    }

    /* 40 batches of 5000 cmos reads (~35 ms each) and 20 of 20 EEPROM reads (~0.6 s each): 15 s after the JVM starts. */
    @Override
    public Duration timeout(Arch arch) {
        return Duration.ofMinutes(4);
    }

    @Override
    public void run(GuestContext guest) throws Exception {
        guest.modprobe("i2c-piix4");
        guest.modprobe(SmbusEeprom.PROVIDER_DRIVER);
        SmbusEeprom eeprom = new SmbusEeprom(dev.unbindlab.linux.sysfs.Sysfs.system());
        String client = eeprom.instantiate(eeprom.awaitAdapter(NvmemCycleEngine.RETURN_TIMEOUT));
        String at24 = eeprom.awaitNvmem(client, NvmemCycleEngine.RETURN_TIMEOUT);
        KtapStream ktap = guest.ktap(2);
        time(guest, ktap, CMOS, CMOS.label());
        time(guest, ktap, EEPROM, at24);
    }

    private static void time(GuestContext guest, KtapStream ktap, Target target, String device) throws Exception {
        String test = "read-loop-" + target.label();
        guest.modprobe(ConsumerModule.MODULE, ConsumerModule.parameters(device, false).toArray(String[]::new));
        try {
            ConsumerModule consumer = ConsumerModule.system();
            consumer.readLoop(0, target.bytes(), target.reads()); // warm-up: caches, the first SMBus transaction
            List<Double> nanosPerRead = new ArrayList<>();
            for (int i = 0; i < target.batches(); i++) {
                ConsumerModule.ReadLoop loop = consumer.readLoop(0, target.bytes(), target.reads());
                if (loop.reads() != target.reads() || loop.bytes() != target.bytes()) {
                    ktap.fail(test, List.of("batch " + i + " did " + loop.reads() + " reads of " + loop.bytes() + " bytes, asked "
                            + target.reads() + " of " + target.bytes()));
                    return;
                }
                nanosPerRead.add(loop.nanosPerRead());
            }
            Measurement measurement = new Measurement("nvmem_device_read " + target.label() + " " + target.bytes() + " B", "ns",
                    nanosPerRead);
            Measurement.append(guest.resultsDirectory(), measurement);
            ktap.pass(test, List.of(String.format(Locale.ROOT, "%s (%s): median %.0f ns per %d-byte read over %d batches of %d",
                    target.label(), device, measurement.median(), target.bytes(), target.batches(), target.reads())));
        } catch (java.io.IOException e) {
            throw new ScenarioSetupException("read_loop on " + device + " failed: " + e.getMessage(), e);
        } finally {
            guest.unload(ConsumerModule.MODULE);
        }
    }
}
