package dev.unbindlab.runner;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GuestPathsTest {

    @Test
    void hostPathsAreGuestPathsExceptUnderTheGuestsOwnTmpfs() {
        assertEquals(Path.of("/root/.cache/unbindlab/kernels/x86_64-vanilla/modules"),
                GuestPaths.inGuest(Path.of("/root/.cache/unbindlab/kernels/x86_64-vanilla/modules")));
        assertEquals(Path.of("/run/host/tmp/ci-clone/tools/cli/target/unbindlab.jar"),
                GuestPaths.inGuest(Path.of("/tmp/ci-clone/tools/cli/target/unbindlab.jar")));
        assertEquals(Path.of("/tmpfoo/x"), GuestPaths.inGuest(Path.of("/tmpfoo/x")), "only /tmp itself is covered");
        assertThrows(IllegalArgumentException.class, () -> GuestPaths.inGuest(Path.of("/run/user/0/unbindlab.jar")));
    }

    @Test
    void bootTimeIsTheGuestUptimeWhenInitStarted() {
        assertEquals(6.42, ScenarioRunner.bootSeconds("[    6.40] x\nunbindlab-init: up 6.42 s\n").getAsDouble());
        assertEquals(true, ScenarioRunner.bootSeconds("Kernel panic - not syncing: VFS").isEmpty());
    }
}
