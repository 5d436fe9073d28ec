package dev.unbindlab.linux.mtd;

import dev.unbindlab.bindings.abi.LinuxAbi;
import dev.unbindlab.bindings.abi.erase_info_user64;
import dev.unbindlab.bindings.abi.mtd_ecc_stats;
import dev.unbindlab.bindings.abi.mtd_info_user;
import dev.unbindlab.bindings.abi.mtd_oob_buf64;
import dev.unbindlab.bindings.abi.mtd_read_req;
import dev.unbindlab.bindings.abi.mtd_read_req_ecc_stats;
import dev.unbindlab.bindings.abi.mtd_write_req;
import dev.unbindlab.bindings.abi.otp_info;
import dev.unbindlab.bindings.abi.region_info_user;
import dev.unbindlab.linux.DestructiveAccess;
import dev.unbindlab.linux.LinuxException;
import dev.unbindlab.linux.ffi.NativeFile;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An MTD character device ({@code /dev/mtdN}), read-only unless opened with a
 * {@link DestructiveAccess}.
 *
 * <p>Every failing call throws a {@link LinuxException} naming the ioctl, e.g.
 * {@code /dev/mtd0: ioctl MEMGETINFO: ENODEV (No such device)} after the MTD went away under an
 * open file. Reads go straight into the caller's direct {@link ByteBuffer}: no intermediate copy.
 */
public final class MtdDevice implements AutoCloseable {

    private final NativeFile file;
    private final Path path;
    private final boolean writable;

    private MtdDevice(NativeFile file, Path path, boolean writable) {
        this.file = file;
        this.path = path;
        this.writable = writable;
    }

    /** Opens read-only: the only mode in which nothing on the flash can change. */
    public static MtdDevice open(Path path) throws LinuxException {
        return new MtdDevice(NativeFile.openReadOnly(path.toString()), path, false);
    }

    /** Opens read-write; erase, write, OOB write and bad-block marking need this. */
    public static MtdDevice openWritable(Path path, DestructiveAccess access) throws LinuxException {
        Objects.requireNonNull(access, "writing to flash needs DestructiveAccess");
        return new MtdDevice(NativeFile.openReadWrite(path.toString()), path, true);
    }

    public Path path() {
        return path;
    }

    public boolean isWritable() {
        return writable;
    }

    /** {@code MEMGETINFO}. On a file that is not an MTD this fails with ENOTTY. */
    public MtdInfo info() throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = mtd_info_user.allocate(arena);
            file.ioctl(LinuxAbi.MEMGETINFO(), "MEMGETINFO", info);
            int type = Byte.toUnsignedInt(mtd_info_user.type(info));
            int flags = mtd_info_user.flags(info);
            return new MtdInfo(MtdType.fromKernel(type), type, MtdFlag.decode(flags), flags,
                    Integer.toUnsignedLong(mtd_info_user.size(info)),
                    Integer.toUnsignedLong(mtd_info_user.erasesize(info)),
                    Integer.toUnsignedLong(mtd_info_user.writesize(info)),
                    Integer.toUnsignedLong(mtd_info_user.oobsize(info)));
        }
    }

    /**
     * {@code read(2)} at the file position into {@code dst}'s remaining bytes; advances
     * {@code dst}'s position. Returns the byte count, 0 at the end of the device.
     */
    public int read(ByteBuffer dst) throws LinuxException {
        return file.read(dst);
    }

    /** {@code pread(2)}: like {@link #read} at an absolute offset, file position untouched. */
    public int pread(ByteBuffer dst, long offset) throws LinuxException {
        return file.pread(dst, offset);
    }

    /** {@code pwrite(2)} of {@code src}'s remaining bytes at {@code offset}; advances {@code src}. */
    public int write(ByteBuffer src, long offset) throws LinuxException {
        requireWritable("write");
        return file.pwrite(src, offset);
    }

    /** Moves the file position used by {@link #read}. */
    public long seek(long offset) throws LinuxException {
        return file.seek(offset, LinuxAbi.SEEK_SET());
    }

    /** {@code MEMERASE64} of whole erase blocks. */
    public void erase(long offset, long length) throws LinuxException {
        requireWritable("erase");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment request = erase_info_user64.allocate(arena);
            erase_info_user64.start(request, offset);
            erase_info_user64.length(request, length);
            file.ioctl(LinuxAbi.MEMERASE64(), "MEMERASE64", request);
        }
    }

    /** {@code MEMREADOOB64}: the OOB bytes of the page at {@code offset}. */
    public byte[] readOob(long offset, int length) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(length);
            MemorySegment request = oobRequest(arena, offset, data);
            file.ioctl(LinuxAbi.MEMREADOOB64(), "MEMREADOOB64", request);
            // The kernel writes back how many OOB bytes it really read.
            return data.asSlice(0, Integer.toUnsignedLong(mtd_oob_buf64.length(request))).toArray(ValueLayout.JAVA_BYTE);
        }
    }

    /** {@code MEMWRITEOOB64}; returns how many OOB bytes the kernel wrote. */
    public int writeOob(long offset, byte[] oob) throws LinuxException {
        requireWritable("writeOob");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment request = oobRequest(arena, offset, arena.allocateFrom(ValueLayout.JAVA_BYTE, oob));
            file.ioctl(LinuxAbi.MEMWRITEOOB64(), "MEMWRITEOOB64", request);
            return mtd_oob_buf64.length(request);
        }
    }

    private static MemorySegment oobRequest(Arena arena, long offset, MemorySegment data) {
        MemorySegment request = mtd_oob_buf64.allocate(arena);
        mtd_oob_buf64.start(request, offset);
        mtd_oob_buf64.length(request, (int) data.byteSize());
        mtd_oob_buf64.usr_ptr(request, data.address());
        return request;
    }

    /** {@code MEMGETBADBLOCK}. Devices without bad-block support answer false. */
    public boolean isBad(long offset) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            return file.ioctl(LinuxAbi.MEMGETBADBLOCK(), "MEMGETBADBLOCK", arena.allocateFrom(ValueLayout.JAVA_LONG, offset)) > 0;
        }
    }

    /** {@code MEMSETBADBLOCK}: marks the erase block at {@code offset} bad, for good. */
    public void markBad(long offset) throws LinuxException {
        requireWritable("markBad");
        try (Arena arena = Arena.ofConfined()) {
            file.ioctl(LinuxAbi.MEMSETBADBLOCK(), "MEMSETBADBLOCK", arena.allocateFrom(ValueLayout.JAVA_LONG, offset));
        }
    }

    /** {@code ECCGETSTATS}. */
    public EccStats eccStats() throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment stats = mtd_ecc_stats.allocate(arena);
            file.ioctl(LinuxAbi.ECCGETSTATS(), "ECCGETSTATS", stats);
            return new EccStats(Integer.toUnsignedLong(mtd_ecc_stats.corrected(stats)),
                    Integer.toUnsignedLong(mtd_ecc_stats.failed(stats)),
                    Integer.toUnsignedLong(mtd_ecc_stats.badblocks(stats)),
                    Integer.toUnsignedLong(mtd_ecc_stats.bbtblocks(stats)));
        }
    }

    /** {@code MEMGETREGIONCOUNT} then {@code MEMGETREGIONINFO} for each: empty for uniform devices. */
    public List<EraseRegion> regions() throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(ValueLayout.JAVA_INT);
            file.ioctl(LinuxAbi.MEMGETREGIONCOUNT(), "MEMGETREGIONCOUNT", count);
            List<EraseRegion> regions = new ArrayList<>();
            MemorySegment region = region_info_user.allocate(arena);
            for (int i = 0; i < count.get(ValueLayout.JAVA_INT, 0); i++) {
                region_info_user.regionindex(region, i);
                file.ioctl(LinuxAbi.MEMGETREGIONINFO(), "MEMGETREGIONINFO", region);
                regions.add(new EraseRegion(i, Integer.toUnsignedLong(region_info_user.offset(region)),
                        Integer.toUnsignedLong(region_info_user.erasesize(region)),
                        Integer.toUnsignedLong(region_info_user.numblocks(region))));
            }
            return regions;
        }
    }

    /**
     * The OTP regions of one area ({@code OTPSELECT}, {@code OTPGETREGIONCOUNT},
     * {@code OTPGETREGIONINFO}). The file is switched back to normal mode afterwards, also on error.
     * Devices without OTP fail with EOPNOTSUPP (or EINVAL on older kernels).
     */
    public List<OtpRegion> otpRegions(OtpArea area) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mode = arena.allocateFrom(ValueLayout.JAVA_INT, area.kernelValue());
            file.ioctl(LinuxAbi.OTPSELECT(), "OTPSELECT", mode);
            try {
                MemorySegment count = arena.allocate(ValueLayout.JAVA_INT);
                file.ioctl(LinuxAbi.OTPGETREGIONCOUNT(), "OTPGETREGIONCOUNT", count);
                int n = count.get(ValueLayout.JAVA_INT, 0);
                if (n == 0) {
                    return List.of();
                }
                MemorySegment infos = arena.allocate(otp_info.layout(), n);
                file.ioctl(LinuxAbi.OTPGETREGIONINFO(), "OTPGETREGIONINFO", infos);
                List<OtpRegion> regions = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    MemorySegment info = otp_info.asSlice(infos, i);
                    regions.add(new OtpRegion(Integer.toUnsignedLong(otp_info.start(info)),
                            Integer.toUnsignedLong(otp_info.length(info)), otp_info.locked(info) != 0));
                }
                return regions;
            } finally {
                file.ioctl(LinuxAbi.MTDFILEMODE(), "MTDFILEMODE", LinuxAbi.MTD_FILE_MODE_NORMAL());
            }
        }
    }

    /**
     * {@code MEMREAD} (Linux 6.1+): data and OOB of a page range in one call, with that read's ECC
     * statistics. Kernels without it answer ENOTTY.
     */
    public PageReadResult readPages(long offset, byte[] data, byte[] oob, OobMode mode) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment dataSeg = arena.allocate(Math.max(1, data.length));
            MemorySegment oobSeg = arena.allocate(Math.max(1, oob.length));
            MemorySegment request = mtd_read_req.allocate(arena);
            mtd_read_req.start(request, offset);
            mtd_read_req.len(request, data.length);
            mtd_read_req.ooblen(request, oob.length);
            mtd_read_req.usr_data(request, data.length == 0 ? 0 : dataSeg.address());
            mtd_read_req.usr_oob(request, oob.length == 0 ? 0 : oobSeg.address());
            mtd_read_req.mode(request, (byte) mode.kernelValue());
            file.ioctl(LinuxAbi.MEMREAD(), "MEMREAD", request);
            long dataLength = mtd_read_req.len(request);
            long oobLength = mtd_read_req.ooblen(request);
            MemorySegment.copy(dataSeg, ValueLayout.JAVA_BYTE, 0, data, 0, (int) Math.min(dataLength, data.length));
            MemorySegment.copy(oobSeg, ValueLayout.JAVA_BYTE, 0, oob, 0, (int) Math.min(oobLength, oob.length));
            MemorySegment ecc = mtd_read_req.ecc_stats(request);
            return new PageReadResult(dataLength, oobLength,
                    Integer.toUnsignedLong(mtd_read_req_ecc_stats.uncorrectable_errors(ecc)),
                    Integer.toUnsignedLong(mtd_read_req_ecc_stats.corrected_bitflips(ecc)),
                    Integer.toUnsignedLong(mtd_read_req_ecc_stats.max_bitflips(ecc)));
        }
    }

    /** {@code MEMWRITE}: data and OOB of a page range in one call. */
    public void writePages(long offset, byte[] data, byte[] oob, OobMode mode) throws LinuxException {
        requireWritable("writePages");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment request = mtd_write_req.allocate(arena);
            mtd_write_req.start(request, offset);
            mtd_write_req.len(request, data.length);
            mtd_write_req.ooblen(request, oob.length);
            mtd_write_req.usr_data(request, data.length == 0 ? 0 : arena.allocateFrom(ValueLayout.JAVA_BYTE, data).address());
            mtd_write_req.usr_oob(request, oob.length == 0 ? 0 : arena.allocateFrom(ValueLayout.JAVA_BYTE, oob).address());
            mtd_write_req.mode(request, (byte) mode.kernelValue());
            file.ioctl(LinuxAbi.MEMWRITE(), "MEMWRITE", request);
        }
    }

    @Override
    public void close() throws LinuxException {
        file.close();
    }

    private void requireWritable(String operation) {
        if (!writable) {
            throw new IllegalStateException(path + ": " + operation
                    + " changes the flash; open the device with openWritable(path, DestructiveAccess)");
        }
    }
}
