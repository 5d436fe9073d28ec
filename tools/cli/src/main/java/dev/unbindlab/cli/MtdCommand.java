package dev.unbindlab.cli;

import dev.unbindlab.linux.DestructiveAccess;
import dev.unbindlab.linux.Errno;
import dev.unbindlab.linux.LinuxException;
import dev.unbindlab.linux.mtd.EccStats;
import dev.unbindlab.linux.mtd.EraseRegion;
import dev.unbindlab.linux.mtd.MtdDevice;
import dev.unbindlab.linux.mtd.MtdDirectory;
import dev.unbindlab.linux.mtd.MtdEntry;
import dev.unbindlab.linux.mtd.MtdFlag;
import dev.unbindlab.linux.mtd.MtdInfo;
import dev.unbindlab.report.Json;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "mtd", description = "MTD character devices (/dev/mtdN): info, read; erase and write only with --destructive.",
        subcommands = {MtdCommand.Info.class, MtdCommand.ListMtds.class, MtdCommand.Read.class,
                MtdCommand.Erase.class, MtdCommand.Write.class})
final class MtdCommand {

    /**
     * Opens {@code path} and checks it is an MTD; a file that answers ENOTTY to MEMGETINFO gets
     * the one-line explanation users need instead of a bare errno.
     */
    static MtdInfo probe(MtdDevice device) throws LinuxException {
        try {
            return device.info();
        } catch (LinuxException e) {
            if (e.is(Errno.ENOTTY)) {
                throw new UserError(device.path() + ": not an MTD character device (" + e.operation() + ": "
                        + e.errnoName() + ")", e);
            }
            throw e;
        }
    }

    /** The JSON (and text) view of one MTD. */
    record InfoView(String device, String type, int typeCode, List<MtdFlag> flags, int flagsRaw, long size,
                    long erasesize, long writesize, long oobsize, long eraseblocks, List<EraseRegion> regions,
                    EccStats eccStats) {
    }

    @Command(name = "info", description = "MEMGETINFO, erase regions and ECC statistics of an MTD device.")
    static final class Info implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "DEVICE", description = "e.g. /dev/mtd0") Path device;
        @Option(names = "--json", description = "one JSON object") boolean json;

        @Override
        public Integer call() throws IOException {
            InfoView view;
            try (MtdDevice mtd = MtdDevice.open(device)) {
                MtdInfo info = probe(mtd);
                view = new InfoView(device.toString(), info.type().mtdUtilsName(), info.rawType(),
                        List.copyOf(info.flags()), info.rawFlags(), info.size(), info.eraseSize(), info.writeSize(),
                        info.oobSize(), info.eraseBlockCount(), mtd.regions(), mtd.eccStats());
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(view));
                return ExitCodes.OK;
            }
            out.printf("%s%n", view.device());
            out.printf("  type:        %s (%d)%n", view.type(), view.typeCode());
            out.printf("  flags:       0x%x %s%n", view.flagsRaw(), view.flags());
            out.printf("  size:        %d (%s)%n", view.size(), human(view.size()));
            out.printf("  erasesize:   %d (%s), %d blocks%n", view.erasesize(), human(view.erasesize()), view.eraseblocks());
            out.printf("  writesize:   %d%n", view.writesize());
            out.printf("  oobsize:     %d%n", view.oobsize());
            out.printf("  regions:     %d%n", view.regions().size());
            for (EraseRegion r : view.regions()) {
                out.printf("    region %d: offset 0x%x, erasesize %d, %d blocks%n", r.index(), r.offset(),
                        r.eraseSize(), r.blockCount());
            }
            EccStats ecc = view.eccStats();
            out.printf("  ecc:         corrected %d, failed %d, bad blocks %d, bbt blocks %d%n",
                    ecc.corrected(), ecc.failed(), ecc.badBlocks(), ecc.bbtBlocks());
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", description = "The MTDs the kernel has registered (from sysfs), with their names.")
    static final class ListMtds implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--json", description = "a JSON array") boolean json;

        @Override
        public Integer call() throws IOException {
            List<MtdEntry> entries = MtdDirectory.system().list();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(entries));
            } else {
                entries.forEach(e -> out.printf("%-12s %-10s %12d  %s%n", e.deviceNode(), e.type(), e.size(), e.name()));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "read", description = {"Read an MTD device (read-only open).",
            "Without --output, prints the byte count and SHA-256 of what was read."})
    static final class Read implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "DEVICE") Path device;
        @Option(names = "--offset", converter = SizeConverter.class, defaultValue = "0",
                description = "start offset (default 0)") long offset;
        @Option(names = "--length", converter = SizeConverter.class,
                description = "bytes to read (default: to the end of the device)") Long length;
        @Option(names = "--block-size", converter = SizeConverter.class, defaultValue = "64k",
                description = "bytes per read(2) call (default 64k)") long blockSize;
        @Option(names = {"-o", "--output"}, description = "write the data to this file, '-' for stdout") Path output;

        @Override
        public Integer call() throws IOException {
            if (blockSize <= 0 || blockSize > Integer.MAX_VALUE) {
                throw new UserError("--block-size must be between 1 and 2G");
            }
            MessageDigest sha256 = sha256();
            long total = 0;
            long started = System.nanoTime();
            try (MtdDevice mtd = MtdDevice.open(device);
                 OutputStream sink = openSink(output)) {
                MtdInfo info = probe(mtd);
                if (offset > info.size()) {
                    throw new UserError(device + ": --offset " + offset + " is past the end (" + info.size() + " bytes)");
                }
                long end = length == null ? info.size() : Math.min(info.size(), offset + length);
                ByteBuffer buffer = ByteBuffer.allocateDirect((int) blockSize);
                WritableByteChannel channel = sink == null ? null : Channels.newChannel(sink);
                while (offset + total < end) {
                    buffer.clear().limit((int) Math.min(blockSize, end - offset - total));
                    int n = mtd.pread(buffer, offset + total);
                    if (n == 0) {
                        break;
                    }
                    buffer.flip();
                    sha256.update(buffer.duplicate());
                    if (channel != null) {
                        while (buffer.hasRemaining()) {
                            channel.write(buffer);
                        }
                    }
                    total += n;
                }
            }
            double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
            PrintWriter report = output != null && output.toString().equals("-")
                    ? spec.commandLine().getErr() : spec.commandLine().getOut();
            report.printf("read %d bytes from %s at 0x%x in %.3f s (%.1f MiB/s), sha256 %s%n", total, device, offset,
                    seconds, total / seconds / (1 << 20), HexFormat.of().formatHex(sha256.digest()));
            return ExitCodes.OK;
        }

        private OutputStream openSink(Path path) throws IOException {
            if (path == null) {
                return null;
            }
            if (path.toString().equals("-")) {
                return new NonClosingStream(System.out);
            }
            return Files.newOutputStream(path);
        }
    }

    /** Whole-device defaults and the --destructive guard shared by erase and write. */
    static final class DestructiveGuard {
        @Option(names = "--destructive", description = "allow changing the flash contents") boolean destructive;

        DestructiveAccess require(String operation, Path device) {
            if (!destructive) {
                throw new UserError("mtd " + operation + " changes the contents of " + device
                        + ": pass --destructive to allow it (nothing was opened or written)");
            }
            return DestructiveAccess.grantedByFlag("--destructive");
        }
    }

    @Command(name = "erase", description = "Erase blocks (skipping bad ones). Refused without --destructive.")
    static final class Erase implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "DEVICE") Path device;
        @Mixin DestructiveGuard guard;
        @Option(names = "--offset", converter = SizeConverter.class, defaultValue = "0") long offset;
        @Option(names = "--length", converter = SizeConverter.class,
                description = "bytes to erase, a multiple of the erase size (default: to the end)") Long length;

        @Override
        public Integer call() throws IOException {
            DestructiveAccess access = guard.require("erase", device);
            int erased = 0;
            int skipped = 0;
            try (MtdDevice mtd = MtdDevice.openWritable(device, access)) {
                MtdInfo info = probe(mtd);
                long end = length == null ? info.size() : offset + length;
                if (info.eraseSize() == 0 || offset % info.eraseSize() != 0 || end % info.eraseSize() != 0
                        || end > info.size()) {
                    throw new UserError(device + ": erase range 0x" + Long.toHexString(offset) + "..0x"
                            + Long.toHexString(end) + " is not whole erase blocks of " + info.eraseSize()
                            + " bytes inside the device (" + info.size() + " bytes)");
                }
                for (long block = offset; block < end; block += info.eraseSize()) {
                    if (info.type().isNand() && mtd.isBad(block)) {
                        skipped++;
                        continue;
                    }
                    mtd.erase(block, info.eraseSize());
                    erased++;
                }
            }
            spec.commandLine().getOut().printf("erased %d blocks of %s, skipped %d bad%n", erased, device, skipped);
            return ExitCodes.OK;
        }
    }

    @Command(name = "write", description = "Write a file to the device at an offset. Refused without --destructive.")
    static final class Write implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "DEVICE") Path device;
        @Mixin DestructiveGuard guard;
        @Option(names = {"-i", "--input"}, required = true, description = "the data to write") Path input;
        @Option(names = "--offset", converter = SizeConverter.class, defaultValue = "0") long offset;

        @Override
        public Integer call() throws IOException {
            DestructiveAccess access = guard.require("write", device);
            long written = 0;
            try (MtdDevice mtd = MtdDevice.openWritable(device, access);
                 InputStream in = Files.newInputStream(input)) {
                MtdInfo info = probe(mtd);
                long inputSize = Files.size(input);
                if (offset + inputSize > info.size()) {
                    throw new UserError(input + " (" + inputSize + " bytes) does not fit in " + device + " at 0x"
                            + Long.toHexString(offset) + " (" + info.size() + " bytes)");
                }
                int chunk = (int) Math.max(info.writeSize(), Math.min(info.eraseSize(), 1 << 20));
                byte[] bytes = new byte[Math.max(chunk, 4096)];
                ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length);
                for (int n = in.readNBytes(bytes, 0, bytes.length); n > 0; n = in.readNBytes(bytes, 0, bytes.length)) {
                    buffer.clear();
                    buffer.put(bytes, 0, n).flip();
                    while (buffer.hasRemaining()) {
                        written += mtd.write(buffer, offset + written);
                    }
                }
            }
            spec.commandLine().getOut().printf("wrote %d bytes to %s at 0x%x%n", written, device, offset);
            return ExitCodes.OK;
        }
    }

    static String human(long bytes) {
        if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
            return bytes / (1L << 30) + " GiB";
        }
        if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
            return bytes / (1L << 20) + " MiB";
        }
        if (bytes >= 1L << 10 && bytes % (1L << 10) == 0) {
            return bytes / (1L << 10) + " KiB";
        }
        return bytes + " B";
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** stdout must stay open for picocli's own output after a {@code --output -} read. */
    private static final class NonClosingStream extends java.io.FilterOutputStream {
        NonClosingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
