package dev.unbindlab.scenario.mtdconformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;

/** The attributes of {@code /sys/class/mtd/mtdN} this scenario compares (the kernel's own view). */
public record SysfsMtdAttributes(String name, String type, long size, long eraseSize, long writeSize, long oobSize,
                                 int flags, int numEraseRegions, DeviceNumber dev, long eccFailures, long correctedBits,
                                 long badBlocks, long bbtBlocks) {

    /** Reads the attributes through {@code attribute}, which maps a name to the file's text. */
    public static SysfsMtdAttributes parse(Function<String, String> attribute) {
        return new SysfsMtdAttributes(attribute.apply("name"), attribute.apply("type"),
                Long.parseLong(attribute.apply("size")), Long.parseLong(attribute.apply("erasesize")),
                Long.parseLong(attribute.apply("writesize")), Long.parseLong(attribute.apply("oobsize")),
                Integer.decode(attribute.apply("flags")), Integer.parseInt(attribute.apply("numeraseregions")),
                DeviceNumber.parse(attribute.apply("dev")), Long.parseLong(attribute.apply("ecc_failures")),
                Long.parseLong(attribute.apply("corrected_bits")), Long.parseLong(attribute.apply("bad_blocks")),
                Long.parseLong(attribute.apply("bbt_blocks")));
    }

    public static SysfsMtdAttributes read(Path directory) throws IOException {
        try {
            return parse(name -> {
                try {
                    return Files.readString(directory.resolve(name)).strip();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof NoSuchFileException missing) {
                throw new IOException("sysfs attribute missing: " + missing.getFile(), missing);
            }
            throw e.getCause();
        }
    }
}
