package dev.unbindlab.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GuestAotCacheTest {

    @Test
    void featureVersionComesFromTheReleaseFile() throws IOException {
        assertEquals(25, GuestAotCache.featureVersion("IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"25.0.3\"\n"));
        assertEquals(22, GuestAotCache.featureVersion("JAVA_VERSION=\"22\"\n"));
        assertThrows(IOException.class, () -> GuestAotCache.featureVersion("IMPLEMENTOR=\"x\"\n"));
    }

    @Test
    void aRebuiltJarGetsAnotherCache(@TempDir Path dir) throws IOException {
        Path home = Files.createDirectories(dir.resolve("jdk/bin"));
        Path java = Files.createFile(home.resolve("java"));
        java.toFile().setExecutable(true);
        Path release = Files.writeString(dir.resolve("jdk/release"), "JAVA_VERSION=\"25.0.3\"\n");
        Path jar = Files.write(dir.resolve("unbindlab.jar"), new byte[] {1, 2, 3});
        GuestJava guestJava = new GuestJava(dir.resolve("jdk"), jar);
        String first = GuestAotCache.key(guestJava, release);
        assertEquals(first, GuestAotCache.key(guestJava, release));
        Files.write(jar, new byte[] {1, 2, 4});
        assertNotEquals(first, GuestAotCache.key(guestJava, release));
    }

    @Test
    void theGuestCommandLineNamesTheCacheBeforeTheJar() {
        String with = GuestJava.command(Path.of("/jdk/bin/java"), Path.of("/run/host/tmp/ci/unbindlab.jar"),
                Optional.of(Path.of("/root/.cache/unbindlab/aot/x86_64-0011.aot")), List.of("mtd-conformance"));
        assertEquals("/jdk/bin/java " + GuestJava.JVM_OPTIONS + " -XX:AOTCache=/root/.cache/unbindlab/aot/x86_64-0011.aot"
                + " -jar /run/host/tmp/ci/unbindlab.jar guest run mtd-conformance", with);
        String without = GuestJava.command(Path.of("/jdk/bin/java"), Path.of("/j.jar"), Optional.empty(), List.of("a", "b"));
        assertEquals("/jdk/bin/java " + GuestJava.JVM_OPTIONS + " -jar /j.jar guest run a b", without);
    }
}
