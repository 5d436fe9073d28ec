package dev.unbindlab.bindings.abi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The generated layouts against the kernel's uapi ABI (include/uapi/mtd/mtd-abi.h), with sizes
 * and offsets written out independently here, and the ioctl numbers recomputed from the
 * asm-generic {@code _IOC} encoding, which x86_64 and arm64 share.
 */
class MtdAbiLayoutTest {

    static Stream<Arguments> structSizes() {
        return Stream.of(
                Arguments.of("mtd_info_user", mtd_info_user.layout(), 32),
                Arguments.of("erase_info_user", erase_info_user.layout(), 8),
                Arguments.of("erase_info_user64", erase_info_user64.layout(), 16),
                Arguments.of("mtd_oob_buf", mtd_oob_buf.layout(), 16),
                Arguments.of("mtd_oob_buf64", mtd_oob_buf64.layout(), 24),
                Arguments.of("mtd_write_req", mtd_write_req.layout(), 48),
                Arguments.of("mtd_read_req_ecc_stats", mtd_read_req_ecc_stats.layout(), 12),
                Arguments.of("mtd_read_req", mtd_read_req.layout(), 64),
                Arguments.of("mtd_ecc_stats", mtd_ecc_stats.layout(), 16),
                Arguments.of("region_info_user", region_info_user.layout(), 16),
                Arguments.of("otp_info", otp_info.layout(), 12),
                Arguments.of("pollfd", pollfd.layout(), 8));
    }

    @ParameterizedTest(name = "sizeof(struct {0}) == {2}")
    @MethodSource("structSizes")
    void structSizeMatchesKernelAbi(String name, GroupLayout layout, long expected) {
        assertEquals(expected, layout.byteSize(), name);
    }

    static Stream<Arguments> fieldOffsets() {
        return Stream.of(
                Arguments.of(mtd_info_user.layout(), "type", 0),
                Arguments.of(mtd_info_user.layout(), "flags", 4),
                Arguments.of(mtd_info_user.layout(), "size", 8),
                Arguments.of(mtd_info_user.layout(), "erasesize", 12),
                Arguments.of(mtd_info_user.layout(), "writesize", 16),
                Arguments.of(mtd_info_user.layout(), "oobsize", 20),
                Arguments.of(mtd_info_user.layout(), "padding", 24),
                Arguments.of(mtd_oob_buf64.layout(), "start", 0),
                Arguments.of(mtd_oob_buf64.layout(), "length", 12),
                Arguments.of(mtd_oob_buf64.layout(), "usr_ptr", 16),
                Arguments.of(mtd_write_req.layout(), "usr_oob", 32),
                Arguments.of(mtd_write_req.layout(), "mode", 40),
                Arguments.of(mtd_read_req.layout(), "mode", 40),
                Arguments.of(mtd_read_req.layout(), "ecc_stats", 48),
                Arguments.of(region_info_user.layout(), "regionindex", 12),
                Arguments.of(otp_info.layout(), "locked", 8));
    }

    @ParameterizedTest(name = "{0}.{1} at {2}")
    @MethodSource("fieldOffsets")
    void fieldOffsetMatchesKernelAbi(GroupLayout layout, String field, long expected) {
        assertEquals(expected, layout.byteOffset(PathElement.groupElement(field)),
                layout.name().orElse("?") + "." + field);
    }

    private static final long NONE = 0;
    private static final long WRITE = 1;
    private static final long READ = 2;

    /** asm-generic/ioctl.h: dir << 30 | size << 16 | type << 8 | nr. */
    private static long ioc(long dir, long size, int nr) {
        return dir << 30 | size << 16 | (long) 'M' << 8 | nr;
    }

    static Stream<Arguments> ioctlNumbers() {
        return Stream.of(
                Arguments.of("MEMGETINFO", (LongSupplier) LinuxAbi::MEMGETINFO, ioc(READ, 32, 1)),
                Arguments.of("MEMERASE", (LongSupplier) LinuxAbi::MEMERASE, ioc(WRITE, 8, 2)),
                Arguments.of("MEMGETREGIONCOUNT", (LongSupplier) LinuxAbi::MEMGETREGIONCOUNT, ioc(READ, 4, 7)),
                Arguments.of("MEMGETREGIONINFO", (LongSupplier) LinuxAbi::MEMGETREGIONINFO, ioc(READ | WRITE, 16, 8)),
                Arguments.of("MEMGETBADBLOCK", (LongSupplier) LinuxAbi::MEMGETBADBLOCK, ioc(WRITE, 8, 11)),
                Arguments.of("MEMSETBADBLOCK", (LongSupplier) LinuxAbi::MEMSETBADBLOCK, ioc(WRITE, 8, 12)),
                Arguments.of("OTPSELECT", (LongSupplier) LinuxAbi::OTPSELECT, ioc(READ, 4, 13)),
                Arguments.of("OTPGETREGIONCOUNT", (LongSupplier) LinuxAbi::OTPGETREGIONCOUNT, ioc(WRITE, 4, 14)),
                Arguments.of("OTPGETREGIONINFO", (LongSupplier) LinuxAbi::OTPGETREGIONINFO, ioc(WRITE, 12, 15)),
                Arguments.of("ECCGETSTATS", (LongSupplier) LinuxAbi::ECCGETSTATS, ioc(READ, 16, 18)),
                Arguments.of("MTDFILEMODE", (LongSupplier) LinuxAbi::MTDFILEMODE, ioc(NONE, 0, 19)),
                Arguments.of("MEMERASE64", (LongSupplier) LinuxAbi::MEMERASE64, ioc(WRITE, 16, 20)),
                Arguments.of("MEMWRITEOOB64", (LongSupplier) LinuxAbi::MEMWRITEOOB64, ioc(READ | WRITE, 24, 21)),
                Arguments.of("MEMREADOOB64", (LongSupplier) LinuxAbi::MEMREADOOB64, ioc(READ | WRITE, 24, 22)),
                Arguments.of("MEMWRITE", (LongSupplier) LinuxAbi::MEMWRITE, ioc(READ | WRITE, 48, 24)),
                Arguments.of("MEMREAD", (LongSupplier) LinuxAbi::MEMREAD, ioc(READ | WRITE, 64, 26)));
    }

    @ParameterizedTest(name = "{0} == _IOC encoding")
    @MethodSource("ioctlNumbers")
    void ioctlNumberMatchesIocEncoding(String name, LongSupplier generated, long expected) {
        assertEquals(expected, generated.getAsLong(), name);
    }

    @Test
    void memGetInfoIsTheWellKnownValue() {
        assertEquals(0x80204D01L, LinuxAbi.MEMGETINFO());
    }
}
