package dev.unbindlab.scenario.mtdconformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Tool output captured in a 7.3.4 x86_64 guest (mtd-utils 2.1.5, {@code mtdram total_size=1024
 * erase_size=64}, {@code nandsim id_bytes=0x20,0x33 badblocks=3,7}); see README in the resources.
 */
final class GuestOutputs {

    private GuestOutputs() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = GuestOutputs.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /** A {@code name=value} listing of /sys/class/mtd/mtdN as the guest printed it. */
    static SysfsMtdAttributes sysfs(String name) {
        Map<String, String> attributes = new HashMap<>();
        for (String line : text(name).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                attributes.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return SysfsMtdAttributes.parse(key -> {
            String value = attributes.get(key);
            if (value == null) {
                throw new IllegalArgumentException("no sysfs attribute " + key + " in " + name);
            }
            return value;
        });
    }
}
