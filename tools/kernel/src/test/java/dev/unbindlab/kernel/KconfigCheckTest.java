package dev.unbindlab.kernel;

import org.junit.jupiter.api.Test;

import dev.unbindlab.vm.Arch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KconfigCheckTest {

    @Test
    void reportsOptionsThatDidNotStickAndAcceptsTheRest() {
        List<String> fragment = List.of(
                "# --- comment",
                "CONFIG_KASAN=y",
                "CONFIG_MTD_NAND_NANDSIM=m",
                "CONFIG_NR_CPUS=4",
                "# CONFIG_UNWINDER_GUESS is not set",
                "# CONFIG_DEBUG_KMEMLEAK_DEFAULT_OFF is not set",
                "CONFIG_RENAMED_AWAY=y");
        List<String> config = List.of(
                "CONFIG_KASAN=y",
                "CONFIG_MTD_NAND_NANDSIM=y",
                "CONFIG_NR_CPUS=4",
                "# CONFIG_UNWINDER_GUESS is not set",
                "CONFIG_DEBUG_KMEMLEAK_DEFAULT_OFF=y");
        assertEquals(List.of(
                "CONFIG_MTD_NAND_NANDSIM (asked m, got y)",
                "CONFIG_DEBUG_KMEMLEAK_DEFAULT_OFF (asked not set, got y)",
                "CONFIG_RENAMED_AWAY (asked y, got not set)"),
                KconfigCheck.unmet(fragment, config));
    }

    @Test
    void theRealFragmentIsWellFormed() throws Exception {
        // Every line of the shipped fragment is a comment, blank, or an option line the check understands.
        var images = VmImages.locate(Path.of("")).orElseThrow();
        for (var arch : Arch.values()) {
            var fragment = images.configFragment(arch);
            if (!Files.exists(fragment)) {
                continue;
            }
            for (String line : Files.readAllLines(fragment)) {
                String l = line.strip();
                boolean ok = l.isEmpty() || l.matches("CONFIG_[A-Za-z0-9_]+=.+") || l.matches("# CONFIG_[A-Za-z0-9_]+ is not set")
                        || (l.startsWith("#") && !l.matches("#\\s*CONFIG_.*"));
                assertTrue(ok, fragment + ": " + line);
            }
        }
    }
}
