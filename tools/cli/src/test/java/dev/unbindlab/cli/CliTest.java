package dev.unbindlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unbindlab.report.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {

    @Test
    void helpListsEverySubcommand() {
        CliRun run = CliRun.of("--help");
        assertEquals(0, run.exit());
        for (String sub : new String[] {"mtd", "nvmem", "sysfs", "kmsg", "triage", "taint", "vm", "demo", "matrix", "stress"}) {
            assertTrue(run.out().contains("  " + sub + " "), sub + " missing from:\n" + run.out());
        }
    }

    @Test
    void guestTrainingRunOnlyReadsAndSucceeds() {
        CliRun run = CliRun.of("guest", "train");
        assertEquals(0, run.exit(), run.err());
        assertEquals("", run.err());
    }

    @Test
    void mtdInfoOnDevNullNamesEnotty() {
        CliRun run = CliRun.of("mtd", "info", "/dev/null");
        assertEquals(2, run.exit());
        assertEquals("unbindlab: /dev/null: not an MTD character device (ioctl MEMGETINFO: ENOTTY)\n", run.err());
    }

    @Test
    void mtdInfoOnMissingFileNamesEnoent() {
        CliRun run = CliRun.of("mtd", "info", "/nonexistent");
        assertEquals(2, run.exit());
        assertEquals("unbindlab: /nonexistent: open: ENOENT (No such file or directory)\n", run.err());
    }

    @Test
    void mtdReadOfARegularFileIsNotAnMtd(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("image"), new byte[4096]);
        CliRun run = CliRun.of("mtd", "read", file.toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("not an MTD character device"), run.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"erase", "write"})
    void destructiveCommandsRefuseWithoutTheFlagAndTouchNothing(String command, @TempDir Path dir) throws Exception {
        Path flash = Files.write(dir.resolve("flash"), new byte[] {1, 2, 3, 4});
        Files.setLastModifiedTime(flash, FileTime.fromMillis(1_000_000));
        Path input = Files.write(dir.resolve("input"), new byte[] {9, 9});
        CliRun run = command.equals("erase")
                ? CliRun.of("mtd", "erase", flash.toString())
                : CliRun.of("mtd", "write", flash.toString(), "--input", input.toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("pass --destructive"), run.err());
        assertArrayEquals(new byte[] {1, 2, 3, 4}, Files.readAllBytes(flash));
        assertEquals(FileTime.fromMillis(1_000_000), Files.getLastModifiedTime(flash));
    }

    @Test
    void destructiveWriteOnANonMtdFailsBeforeWriting(@TempDir Path dir) throws Exception {
        Path flash = Files.write(dir.resolve("flash"), new byte[] {1, 2, 3, 4});
        Path input = Files.write(dir.resolve("input"), new byte[] {9, 9});
        CliRun run = CliRun.of("mtd", "write", flash.toString(), "--input", input.toString(), "--destructive");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("ENOTTY"), run.err());
        assertArrayEquals(new byte[] {1, 2, 3, 4}, Files.readAllBytes(flash));
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        CliRun run = CliRun.of("mtd", "frobnicate");
        assertEquals(2, run.exit());
        assertTrue(run.err().startsWith("unbindlab: Unmatched argument"), run.err());
        assertTrue(run.err().contains("Try 'unbindlab mtd --help'."), run.err());
    }

    @Test
    void missingDeviceArgumentIsAUsageError() {
        CliRun run = CliRun.of("mtd", "info");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("Missing required parameter: 'DEVICE'"), run.err());
    }

    @Test
    void badSizeIsAUsageError() {
        CliRun run = CliRun.of("mtd", "read", "/dev/null", "--offset", "12q");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("'12q' is not a size"), run.err());
    }

    @Test
    void negativeLineCountIsRefused() {
        CliRun run = CliRun.of("kmsg", "tail", "-n", "-1");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("--lines must not be negative"), run.err());
    }

    @Test
    void taintExitsOneOnKernelProblemFlags(@TempDir Path dir) throws Exception {
        CliRun warned = CliRun.of("taint", "--file", Files.writeString(dir.resolve("w"), "4608\n").toString());
        assertEquals(1, warned.exit());
        assertTrue(warned.out().startsWith("tainted: 4608 (WO)"), warned.out());
        assertTrue(warned.out().contains("kernel issued warning  <- kernel problem"), warned.out());

        CliRun oot = CliRun.of("taint", "--file", Files.writeString(dir.resolve("o"), "4096\n").toString());
        assertEquals(0, oot.exit());

        CliRun garbage = CliRun.of("taint", "--file", Files.writeString(dir.resolve("g"), "x\n").toString());
        assertEquals(2, garbage.exit());
        assertTrue(garbage.err().contains("not a taint mask"), garbage.err());
    }

    @Test
    void taintJsonIsSnakeCase(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.of("taint", "--json", "--file", Files.writeString(dir.resolve("t"), "128\n").toString());
        JsonNode json = Json.mapper().readTree(run.out());
        assertEquals(128, json.get("value").asLong());
        assertEquals("DIE", json.get("flags").get(0).asText());
        assertTrue(json.get("kernel_problem").asBoolean());
    }

    @Test
    void sysfsWhereOfUnknownMtdNamesIt() {
        CliRun run = CliRun.of("sysfs", "where", "/dev/mtd4242");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("mtd4242"), run.err());
    }

    @Test
    void nvmemReadOfUnknownDeviceNamesIt() {
        CliRun run = CliRun.of("nvmem", "read", "no-such-nvmem");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("no-such-nvmem"), run.err());
    }

    @Test
    void vmRunNamesWhatIsUnknownAndExitsTwoBeforeBuildingAnything() {
        CliRun scenario = CliRun.of("vm", "run", "--kernel", "vanilla", "--scenario", "no-such-scenario");
        assertEquals(2, scenario.exit());
        assertTrue(scenario.err().startsWith("unbindlab: unknown scenario 'no-such-scenario' (known: mtd-conformance"), scenario.err());

        CliRun kernel = CliRun.of("vm", "run", "--kernel", "no-such-variant", "--scenario", "mtd-conformance");
        assertEquals(2, kernel.exit());
        assertTrue(kernel.err().startsWith("unbindlab: no kernel variant 'no-such-variant' for x86_64 (known: vanilla"), kernel.err());

        CliRun arch = CliRun.of("vm", "run", "--arch", "sparc", "--kernel", "vanilla", "--scenario", "mtd-conformance");
        assertEquals(2, arch.exit());
        assertTrue(arch.err().contains("unknown architecture 'sparc'"), arch.err());
    }

    @Test
    void cyclesOnlyApplyToScenariosMadeOfCycles() {
        CliRun host = CliRun.of("vm", "run", "--kernel", "vanilla", "--scenario", "mtd-conformance", "--cycles", "3");
        assertEquals(2, host.exit());
        assertTrue(host.err().contains("mtd-conformance is not made of cycles"), host.err());

        CliRun zero = CliRun.of("vm", "run", "--arch", "arm64", "--kernel", "vanilla", "--scenario", "spi-nor-held-open", "--cycles", "0");
        assertEquals(2, zero.exit());
        assertTrue(zero.err().contains("--cycles must be at least 1, got 0"), zero.err());

        CliRun demo = CliRun.of("demo", "--cycles", "0");
        assertEquals(2, demo.exit());
        assertTrue(demo.err().contains("--cycles must be at least 1, got 0"), demo.err());

        CliRun guest = CliRun.of("guest", "run", "mtd-conformance", "--results", System.getProperty("java.io.tmpdir"), "--cycles", "3");
        assertEquals(2, guest.exit());
        assertTrue(guest.err().contains("mtd-conformance is not made of cycles"), guest.err());
    }

    @Test
    void matrixRefusesBadInputBeforeRunningAnything() {
        CliRun cycles = CliRun.of("matrix", "--cycles", "none");
        assertEquals(2, cycles.exit());
        assertTrue(cycles.err().contains("--cycles takes a number >= 1 or 'own', got 'none'"), cycles.err());

        CliRun scenario = CliRun.of("matrix", "--scenario", "no-such-scenario");
        assertEquals(2, scenario.exit());
        assertTrue(scenario.err().contains("unknown scenario 'no-such-scenario'"), scenario.err());

        CliRun empty = CliRun.of("matrix", "--arch", "arm64", "--scenario", "mmc-card-removal");
        assertEquals(2, empty.exit());
        assertTrue(empty.err().contains("no matrix cell for scenarios [mmc-card-removal] on [arm64]"), empty.err());

        CliRun cost = CliRun.of("matrix", "--cost", "/nonexistent/cost.json");
        assertEquals(2, cost.exit());
        assertTrue(cost.err().contains("/nonexistent/cost.json"), cost.err());
    }

    @Test
    void stressRefusesBadInputBeforeTouchingAnyDevice() {
        CliRun target = CliRun.of("stress", "--mtd", "flash", "--unbind", "spi0.0");
        assertEquals(2, target.exit());
        assertTrue(target.err().contains("--unbind 'spi0.0' is not BUS/DRIVER/DEVICE"), target.err());

        CliRun guard = CliRun.of("stress", "--mtd", "/dev/mtd0", "--unbind", "spi/spi-nor/spi0.0", "--write-pattern");
        assertEquals(2, guard.exit());
        assertTrue(guard.err().contains("--write-pattern erases and writes /dev/mtd0: pass --destructive to allow it"), guard.err());

        CliRun readers = CliRun.of("stress", "--mtd", "flash", "--unbind", "spi/spi-nor/spi0.0", "--readers", "0");
        assertEquals(2, readers.exit());
        assertTrue(readers.err().contains("at least 1 reader, or 0 with --held-open"), readers.err());

        CliRun both = CliRun.of("stress", "--mtd", "flash", "--unbind", "spi/spi-nor/spi0.0", "--cycles", "3", "--duration", "1m");
        assertEquals(2, both.exit());
        assertTrue(both.err().contains("mutually exclusive"), both.err());

        CliRun duration = CliRun.of("stress", "--mtd", "flash", "--unbind", "spi/spi-nor/spi0.0", "--duration", "soon");
        assertEquals(2, duration.exit());
        assertTrue(duration.err().contains("'soon' is not a duration like 90s, 5m, 2h or 1h30m"), duration.err());

        // This host has no SPI bus device spi0.0: the missing thing is named, with ENODEV.
        CliRun device = CliRun.of("stress", "--mtd", "flash", "--unbind", "spi/spi-nor/spi0.0", "--cycles", "1");
        assertEquals(2, device.exit());
        assertTrue(device.err().contains("spi/spi0.0: no device /sys/bus/spi/devices/spi0.0 (ENODEV)"), device.err());
    }

    @Test
    void stressTakesOneMtdOrOneNvmemDeviceAndOnlyReadsNvmem() {
        CliRun neither = CliRun.of("stress", "--unbind", "i2c/at24/0-0050");
        assertEquals(2, neither.exit());
        assertTrue(neither.err().contains("--mtd") && neither.err().contains("--nvmem"), neither.err());

        CliRun both = CliRun.of("stress", "--mtd", "flash", "--nvmem", "0-00501", "--unbind", "i2c/at24/0-0050");
        assertEquals(2, both.exit());
        assertTrue(both.err().contains("mutually exclusive"), both.err());

        CliRun pattern = CliRun.of("stress", "--nvmem", "0-00501", "--unbind", "i2c/at24/0-0050", "--write-pattern", "--destructive");
        assertEquals(2, pattern.exit());
        assertTrue(pattern.err().contains("--write-pattern is for MTDs; an nvmem device is only read (EINVAL)"), pattern.err());
    }

    @Test
    void vmRunRefusesASharedBootOfScenariosThatCannotShareOne() {
        CliRun twice = CliRun.of("vm", "run", "--kernel", "vanilla", "--scenario", "nvmem-sysfs-only", "--scenario", "nvmem-sysfs-only");
        assertEquals(2, twice.exit());
        assertTrue(twice.err().contains("a shared boot runs each scenario once"), twice.err());

        CliRun boots = CliRun.of("vm", "run", "--kernel", "vanilla", "--scenario", "nvmem-sysfs-only", "--scenario", "mtd-conformance",
                "--boots", "3");
        assertEquals(2, boots.exit());
        assertTrue(boots.err().contains("with several --scenario there is one shared boot"), boots.err());

        CliRun cycles = CliRun.of("vm", "run", "--kernel", "vanilla", "--scenario", "mtd-conformance", "--scenario", "mtd-read-bench",
                "--cycles", "2");
        assertEquals(2, cycles.exit());
        assertTrue(cycles.err().contains("is made of cycles; --cycles does not apply"), cycles.err());
    }

    @Test
    void vmKernelsListsTheVanillaVariant() {
        CliRun run = CliRun.of("vm", "kernels", "--arch", "x86_64", "--json");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("\"variant\" : \"vanilla\""), run.out());
    }
}
