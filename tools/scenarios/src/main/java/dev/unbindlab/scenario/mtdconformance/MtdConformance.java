package dev.unbindlab.scenario.mtdconformance;

import dev.unbindlab.ktap.KtapStream;
import dev.unbindlab.linux.DestructiveAccess;
import dev.unbindlab.linux.LinuxException;
import dev.unbindlab.linux.mtd.MtdDevice;
import dev.unbindlab.linux.mtd.MtdDirectory;
import dev.unbindlab.linux.mtd.MtdEntry;
import dev.unbindlab.linux.mtd.MtdInfo;
import dev.unbindlab.linux.mtd.OobMode;
import dev.unbindlab.linux.mtd.PageReadResult;
import dev.unbindlab.scenario.GuestContext;
import dev.unbindlab.scenario.Scenario;
import dev.unbindlab.scenario.ScenarioSetupException;
import dev.unbindlab.scenario.mtdconformance.MtdUtils.ToolFailedException;
import dev.unbindlab.vm.Arch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;

/**
 * The typed MTD API against Debian's mtd-utils, in one guest: {@code mtdram} and a small
 * {@code nandsim} (512-byte pages, 16 OOB bytes, 16 KiB erase blocks, blocks 3 and 7 bad) are
 * loaded, and for each device every check compares what Java sees or did with what a tool sees
 * or did, field by field.
 */
public final class MtdConformance implements Scenario {

    static final String MTDRAM_NAME = "mtdram test device";
    static final String NANDSIM_NAME = "NAND simulator partition 0";
    static final Set<Integer> NANDSIM_BAD_BLOCKS = Set.of(3, 7);

    // Erase blocks each check works on: all good on both devices (nandsim's bad ones are 3 and 7).
    private static final int WRITE_BLOCK = 1;
    private static final int READ_BLOCK = 2;
    private static final int OOB_BLOCK = 5;
    private static final int OOB_PAGE = 1;
    private static final int OOB_PAGES_DUMPED = 4;
    /** flash_erase erases blocks 0..9 and nanddump scans them, so both pass nandsim's bad blocks. */
    private static final int BAD_BLOCK_SPAN = 10;

    /**
     * Writing the emulated flash is what this scenario is for; the devices are RAM-backed
     * simulators it loads itself, so no real flash can be touched.
     */
    private static final DestructiveAccess EMULATED_FLASH_ONLY =
            new DestructiveAccess("scenario mtd-conformance (mtdram and nandsim it loaded itself)");

    private record Device(String label, MtdEntry entry, MtdInfo info, Set<Integer> expectedBadBlocks) {
        Path node() {
            return entry.deviceNode();
        }

        int eraseSize() {
            return (int) info.eraseSize();
        }

        long blockOffset(int block) {
            return (long) block * info.eraseSize();
        }

        boolean nand() {
            return info.type().isNand();
        }
    }

    /** The check does not apply to this device (e.g. OOB on mtdram): a KTAP SKIP with the reason. */
    private static final class NotApplicableException extends Exception {
        NotApplicableException(String reason) {
            super(reason);
        }
    }

    @FunctionalInterface
    private interface Check {
        FieldComparison run(Device device) throws Exception;
    }

    private record NamedCheck(String name, Check check) {
    }

    private final List<NamedCheck> checks = List.of(
            new NamedCheck("info-vs-mtdinfo", this::infoVsMtdinfo),
            new NamedCheck("info-vs-mtd_debug", this::infoVsMtdDebug),
            new NamedCheck("info-vs-sysfs", this::infoVsSysfs),
            new NamedCheck("read-vs-mtd_debug", this::readVsMtdDebug),
            new NamedCheck("flash_erase-then-java-read", this::toolEraseJavaRead),
            new NamedCheck("java-write-then-tool-read", this::javaWriteToolRead),
            new NamedCheck("java-write-then-java-read", this::javaWriteJavaRead),
            new NamedCheck("oob-write-vs-nanddump", this::oobWriteVsNanddump),
            new NamedCheck("oob-read-vs-nanddump", this::oobReadVsNanddump),
            new NamedCheck("memread-vs-nanddump", this::memreadVsNanddump),
            new NamedCheck("bad-blocks-vs-flash_erase-nanddump", this::badBlocks),
            new NamedCheck("ecc-stats-vs-nanddump", this::eccStats));

    private MtdUtils tools;
    private Path scratch;

    @Override
    public String name() {
        return "mtd-conformance";
    }

    @Override
    public String summary() {
        return "typed MTD API vs mtd-utils (mtdinfo, mtd_debug, nanddump, flash_erase) on mtdram and nandsim";
    }

    @Override
    public Set<Arch> arches() {
        return Set.of(Arch.X86_64);
    }

    /** The variants that patch MTD, and vanilla; the nvmem variants do not touch what this checks. */
    @Override
    public boolean appliesTo(String variant) {
        return !variant.startsWith("nvmem-");
    }

    @Override
    public Duration timeout(Arch arch) {
        // One run under TCG: about 7 s boot, 5 s JVM start, under a minute of checks.
        return Duration.ofMinutes(5);
    }

    @Override
    public void run(GuestContext guest) throws Exception {
        long started = System.nanoTime();
        ProcessHandle.current().info().startInstant().ifPresent(jvmStart -> guest.log("JVM started "
                + Duration.between(jvmStart, Instant.now()).toMillis() + " ms before the scenario"));
        Path evidence = guest.resultsDirectory().resolve("mtd-conformance");
        tools = new MtdUtils(guest, evidence);
        tools.requireInstalled();
        // Patterns and dumps stay next to the tools' text output: the evidence of a disagreement.
        scratch = Files.createDirectories(evidence.resolve("files"));
        guest.modprobe("mtdram", "total_size=1024", "erase_size=64");
        guest.modprobe("nandsim", "id_bytes=0x20,0x33", "badblocks=3,7");
        List<Device> devices = List.of(device("mtdram", MTDRAM_NAME, Set.of()),
                device("nandsim", NANDSIM_NAME, NANDSIM_BAD_BLOCKS));

        KtapStream ktap = guest.ktap(devices.size() * checks.size());
        for (Device device : devices) {
            for (NamedCheck check : checks) {
                String name = device.label() + "-" + check.name();
                try {
                    FieldComparison result = check.check().run(device);
                    ktap.report(name, result.agrees(), result.diagnostics());
                } catch (NotApplicableException e) {
                    ktap.skip(name, e.getMessage());
                } catch (ToolFailedException e) {
                    ktap.fail(name, List.of("PROBLEM tool failed: " + e.getMessage()));
                } catch (IOException | IllegalArgumentException e) {
                    // LinuxException (an IOException) from the Java API, or tool output that does not parse.
                    ktap.fail(name, List.of("PROBLEM " + e));
                }
            }
        }
        guest.log("scenario took " + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
    }

    private Device device(String label, String mtdName, Set<Integer> expectedBadBlocks) throws Exception {
        MtdEntry entry;
        try {
            entry = MtdDirectory.system().awaitByName(mtdName, Duration.ofSeconds(30));
        } catch (TimeoutException e) {
            throw new ScenarioSetupException(label + ": " + e.getMessage(), e);
        }
        try (MtdDevice mtd = MtdDevice.open(entry.deviceNode())) {
            // The geometry decides every offset below; if it is wrong, the info checks say so.
            return new Device(label, entry, mtd.info(), expectedBadBlocks);
        } catch (LinuxException e) {
            throw new ScenarioSetupException(label + ": cannot read the geometry of " + entry.deviceNode() + ": " + e.getMessage(), e);
        }
    }

    // --- info ---

    private JavaView javaView(Device device) throws IOException {
        try (MtdDevice mtd = MtdDevice.open(device.node())) {
            return new JavaView(device.node().getFileName().toString(), device.entry().name(), mtd.info(),
                    DeviceNumber.ofNode(device.node()), mtd.regions().size());
        }
    }

    private FieldComparison infoVsMtdinfo(Device device) throws Exception {
        JavaView java = javaView(device);
        return Comparisons.infoVsMtdinfo(java, MtdinfoReport.parse(tools.run("mtdinfo", node(device)).stdoutText()));
    }

    private FieldComparison infoVsMtdDebug(Device device) throws Exception {
        JavaView java = javaView(device);
        return Comparisons.infoVsMtdDebug(java, MtdDebugInfo.parse(tools.run("mtd_debug", "info", node(device)).stdoutText()));
    }

    private FieldComparison infoVsSysfs(Device device) throws Exception {
        JavaView java = javaView(device);
        return Comparisons.infoVsSysfs(java, SysfsMtdAttributes.read(sysfsDirectory(device)));
    }

    // --- data ---

    /** mtd_debug writes a pattern; Java and mtd_debug then read the block back. */
    private FieldComparison readVsMtdDebug(Device device) throws Exception {
        long offset = device.blockOffset(READ_BLOCK);
        byte[] pattern = pattern(device.eraseSize(), 0x5eed_0001L + READ_BLOCK);
        flashErase(device, READ_BLOCK, 1);
        Path in = scratch.resolve(device.label() + "-read-pattern.bin");
        Files.write(in, pattern);
        tools.run("mtd_debug", "write", node(device), hex(offset), Integer.toString(pattern.length), in.toString());
        byte[] java = javaRead(device, offset, pattern.length);
        byte[] tool = mtdDebugRead(device, offset, pattern.length);
        return new FieldComparison()
                .bytes(range("data", offset, pattern.length), offset, java, "mtd_debug read", tool)
                .bytes(range("data", offset, pattern.length), offset, java, "mtd_debug write (pattern)", pattern);
    }

    /** flash_erase erases a block holding data; Java must then read only 0xff. */
    private FieldComparison toolEraseJavaRead(Device device) throws Exception {
        long offset = device.blockOffset(READ_BLOCK);
        byte[] before = javaRead(device, offset, device.eraseSize());
        flashErase(device, READ_BLOCK, 1);
        byte[] after = javaRead(device, offset, device.eraseSize());
        return new FieldComparison()
                .bytes(range("data", offset, after.length), offset, after, "flash_erase (erased: 0xff)", erased(after.length))
                .note("before the erase the block held " + (Arrays.equals(before, erased(before.length)) ? "only 0xff (the check proves less)" : "data"));
    }

    /** Java erases and writes a pattern; the tool (nanddump on NAND, mtd_debug otherwise) reads it back. */
    private FieldComparison javaWriteToolRead(Device device) throws Exception {
        long offset = device.blockOffset(WRITE_BLOCK);
        byte[] pattern = pattern(device.eraseSize(), 0x5eed_0002L);
        javaEraseAndWrite(device, offset, pattern);
        if (device.nand()) {
            Path out = scratch.resolve(device.label() + "-nanddump-data.bin");
            tools.run("nanddump", "-s", hex(offset), "-l", Integer.toString(pattern.length), "-f", out.toString(), node(device));
            return new FieldComparison().bytes(range("data", offset, pattern.length), offset, pattern, "nanddump", Files.readAllBytes(out));
        }
        return new FieldComparison().bytes(range("data", offset, pattern.length), offset, pattern, "mtd_debug read",
                mtdDebugRead(device, offset, pattern.length));
    }

    private FieldComparison javaWriteJavaRead(Device device) throws Exception {
        long offset = device.blockOffset(WRITE_BLOCK);
        byte[] pattern = pattern(device.eraseSize(), 0x5eed_0003L);
        javaEraseAndWrite(device, offset, pattern);
        return new FieldComparison().bytes(range("data", offset, pattern.length), offset, javaRead(device, offset, pattern.length),
                "java write", pattern);
    }

    // --- OOB ---

    /**
     * Java writes the OOB of one page in an erased block; nanddump --oob must show exactly those
     * bytes after that page's data, and erased OOB and data everywhere else.
     */
    private FieldComparison oobWriteVsNanddump(Device device) throws Exception {
        requireSmallPageNand(device);
        flashErase(device, OOB_BLOCK, 1);
        long page = pageOffset(device, OOB_PAGE);
        byte[] oob = oobPattern(device);
        int written;
        try (MtdDevice mtd = MtdDevice.openWritable(device.node(), EMULATED_FLASH_ONLY)) {
            written = mtd.writeOob(page, oob);
        }
        List<NanddumpPage> pages = nanddumpWithOob(device);
        FieldComparison c = new FieldComparison().field("OOB bytes written", written, "requested", oob.length);
        for (NanddumpPage p : pages) {
            boolean target = p.offset() == page;
            c.bytes("OOB of page 0x" + Long.toHexString(p.offset()), p.offset(), target ? oob : erased(oob.length),
                    target ? "nanddump" : "nanddump (untouched: erased)", p.oob());
        }
        for (NanddumpPage p : pages) {
            c.bytes(range("data", p.offset(), p.data().length), p.offset(), erased(p.data().length), "nanddump (erased)", p.data());
        }
        return c;
    }

    /** Java's MEMREADOOB64 against the OOB nanddump dumps, page by page. */
    private FieldComparison oobReadVsNanddump(Device device) throws Exception {
        requireSmallPageNand(device);
        List<NanddumpPage> pages = nanddumpWithOob(device);
        FieldComparison c = new FieldComparison();
        try (MtdDevice mtd = MtdDevice.open(device.node())) {
            for (NanddumpPage p : pages) {
                c.bytes("OOB of page 0x" + Long.toHexString(p.offset()), p.offset(),
                        mtd.readOob(p.offset(), (int) device.info().oobSize()), "nanddump", p.oob());
            }
        }
        return c;
    }

    /** MEMREAD (data and OOB of one page in one call) against nanddump --oob of that page. */
    private FieldComparison memreadVsNanddump(Device device) throws Exception {
        requireSmallPageNand(device);
        long page = pageOffset(device, OOB_PAGE);
        byte[] data = new byte[(int) device.info().writeSize()];
        byte[] oob = new byte[(int) device.info().oobSize()];
        PageReadResult read;
        try (MtdDevice mtd = MtdDevice.open(device.node())) {
            read = mtd.readPages(page, data, oob, OobMode.PLACE_OOB);
        }
        Path out = scratch.resolve(device.label() + "-nanddump-page.bin");
        NanddumpReport report = NanddumpReport.parse(tools.run("nanddump", "--oob", "-s", hex(page), "-l", Integer.toString(data.length),
                "-f", out.toString(), node(device)).stderr());
        NanddumpPage tool = NanddumpPage.split(Files.readAllBytes(out), page, data.length, oob.length).getFirst();
        long toolCorrected = report.eccEvents().stream().filter(NanddumpReport.EccEvent::corrected).mapToLong(NanddumpReport.EccEvent::count).sum();
        long toolFailed = report.eccEvents().stream().filter(e -> !e.corrected()).mapToLong(NanddumpReport.EccEvent::count).sum();
        return new FieldComparison()
                .field("data length", read.dataLength(), "requested", data.length)
                .field("OOB length", read.oobLength(), "requested", oob.length)
                .bytes(range("data", page, data.length), page, data, "nanddump", tool.data())
                .bytes("OOB of page 0x" + Long.toHexString(page), page, oob, "nanddump", tool.oob())
                .field("corrected bitflips", read.correctedBitflips(), "nanddump", toolCorrected)
                .field("uncorrectable errors", read.uncorrectableErrors(), "nanddump", toolFailed);
    }

    // --- bad blocks and ECC statistics ---

    private FieldComparison badBlocks(Device device) throws Exception {
        int blockCount = (int) device.info().eraseBlockCount();
        Set<Integer> javaBad = new TreeSet<>();
        try (MtdDevice mtd = MtdDevice.open(device.node())) {
            for (int block = 0; block < blockCount; block++) {
                if (mtd.isBad(device.blockOffset(block))) {
                    javaBad.add(block);
                }
            }
        }
        FlashEraseReport erase = FlashEraseReport.parse(flashErase(device, 0, BAD_BLOCK_SPAN));
        // nanddump lists each bad block it steps over on its way to -s, moving -s past it.
        NanddumpReport dump = NanddumpReport.parse(tools.run("nanddump", "--skip-bad-blocks-to-start",
                "-s", hex(device.blockOffset(BAD_BLOCK_SPAN)), "-l", Long.toString(device.info().writeSize()),
                "-f", "/dev/null", node(device)).stderr());
        return Comparisons.badBlocks(javaBad, blockCount, device.info().eraseSize(), BAD_BLOCK_SPAN, erase, dump,
                        device.expectedBadBlocks())
                .note("flash_erase skipped " + hexList(erase.skippedBadBlocks()) + "; nanddump stepped over "
                        + hexList(dump.badBlocksBeforeStart()));
    }

    private FieldComparison eccStats(Device device) throws Exception {
        var java = javaEccStats(device);
        NanddumpReport dump = NanddumpReport.parse(tools.run("nanddump", "-l", Long.toString(device.info().writeSize()),
                "-f", "/dev/null", node(device)).stderr());
        SysfsMtdAttributes sysfs = SysfsMtdAttributes.read(sysfsDirectory(device));
        FieldComparison c = Comparisons.eccStats(java, dump, sysfs);
        var after = javaEccStats(device);
        if (!after.equals(java)) {
            c.note("the counters moved during the check: java before " + java + ", after " + after);
        }
        return c;
    }

    private static dev.unbindlab.linux.mtd.EccStats javaEccStats(Device device) throws IOException {
        try (MtdDevice mtd = MtdDevice.open(device.node())) {
            return mtd.eccStats();
        }
    }

    // --- helpers ---

    private String flashErase(Device device, int firstBlock, int count) throws Exception {
        return tools.run("flash_erase", node(device), hex(device.blockOffset(firstBlock)), Integer.toString(count)).stdoutText();
    }

    private byte[] mtdDebugRead(Device device, long offset, int length) throws Exception {
        Path out = scratch.resolve(device.label() + "-mtd_debug-read.bin");
        tools.run("mtd_debug", "read", node(device), hex(offset), Integer.toString(length), out.toString());
        return Files.readAllBytes(out);
    }

    private List<NanddumpPage> nanddumpWithOob(Device device) throws Exception {
        Path out = scratch.resolve(device.label() + "-nanddump-oob.bin");
        int pageSize = (int) device.info().writeSize();
        long start = device.blockOffset(OOB_BLOCK);
        tools.run("nanddump", "--oob", "-s", hex(start), "-l", Integer.toString(OOB_PAGES_DUMPED * pageSize),
                "-f", out.toString(), node(device));
        return NanddumpPage.split(Files.readAllBytes(out), start, pageSize, (int) device.info().oobSize());
    }

    /**
     * The OOB checks write a pattern into the free OOB bytes only: nandsim's 512+16 layout keeps
     * ECC in bytes 0-3 and 6-7 and the bad-block marker in byte 5, and a pattern there would turn
     * later data reads into ECC errors. Other geometries would need their own layout.
     */
    private static void requireSmallPageNand(Device device) throws NotApplicableException {
        if (device.info().oobSize() == 0) {
            throw new NotApplicableException(device.label() + " has no OOB (oobsize 0)");
        }
        if (device.info().writeSize() != 512 || device.info().oobSize() != 16) {
            throw new NotApplicableException("OOB layout known only for 512+16 byte pages, not "
                    + device.info().writeSize() + "+" + device.info().oobSize());
        }
    }

    private static byte[] oobPattern(Device device) {
        byte[] oob = erased((int) device.info().oobSize());
        byte[] free = {(byte) 0xa5, 0x5a, 0x01, 0x23, 0x45, 0x67, (byte) 0x89, (byte) 0xab};
        System.arraycopy(free, 0, oob, 8, free.length);
        return oob;
    }

    private static long pageOffset(Device device, int page) {
        return device.blockOffset(OOB_BLOCK) + page * device.info().writeSize();
    }

    private static byte[] javaRead(Device device, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(length);
        try (MtdDevice mtd = MtdDevice.open(device.node())) {
            while (buffer.hasRemaining() && mtd.pread(buffer, offset + buffer.position()) > 0) {
                // pread advances the buffer
            }
        }
        byte[] bytes = new byte[buffer.flip().remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static void javaEraseAndWrite(Device device, long offset, byte[] data) throws IOException {
        try (MtdDevice mtd = MtdDevice.openWritable(device.node(), EMULATED_FLASH_ONLY)) {
            mtd.erase(offset, data.length);
            ByteBuffer buffer = ByteBuffer.allocateDirect(data.length).put(data).flip();
            while (buffer.hasRemaining()) {
                if (mtd.write(buffer, offset + buffer.position()) == 0) {
                    throw new IOException(device.node() + ": write made no progress at 0x" + Long.toHexString(offset + buffer.position()));
                }
            }
        }
    }

    private static byte[] pattern(int length, long seed) {
        byte[] bytes = new byte[length];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] erased(int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) 0xff);
        return bytes;
    }

    private static Path sysfsDirectory(Device device) {
        return Path.of("/sys/class/mtd", device.node().getFileName().toString());
    }

    private static String node(Device device) {
        return device.node().toString();
    }

    private static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }

    private static String range(String what, long offset, int length) {
        return what + " 0x" + Long.toHexString(offset) + "+0x" + Integer.toHexString(length);
    }

    private static String hexList(List<Long> offsets) {
        return offsets.stream().map(MtdConformance::hex).toList().toString();
    }
}
