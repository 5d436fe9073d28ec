package dev.unbindlab.runner;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How the guest starts the scenario: the host's own JDK and the packaged CLI jar, both reached
 * through the 9p root share.
 *
 * @param javaHome a JDK 22+ (the guest runs its {@code bin/java})
 * @param jar      {@code unbindlab.jar}
 */
public record GuestJava(Path javaHome, Path jar) {

    /**
     * Options for a short-lived JVM under TCG: C1 only (C2 compiles cost more than they save in
     * a run of seconds), the serial collector (two vCPUs), no perf-data file in the guest's /tmp.
     */
    static final String JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xmx512m";

    public GuestJava {
        if (!Files.isExecutable(javaHome.resolve("bin/java"))) {
            throw new IllegalArgumentException("no bin/java in " + javaHome);
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no CLI jar at " + jar + "; build it with 'mvn package' (or run ./unbindlab once)");
        }
    }

    /**
     * The running JVM's home and the jar it was started from; from a class directory (tests,
     * an IDE) the repository's packaged jar.
     */
    public static GuestJava current(Path repository) {
        Path javaHome = Path.of(System.getProperty("java.home"));
        return new GuestJava(javaHome, runningJar().orElse(repository.resolve("tools/cli/target/unbindlab.jar")));
    }

    private static Optional<Path> runningJar() {
        try {
            var source = GuestJava.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            Path path = Path.of(source.getLocation().toURI());
            return path.getFileName().toString().equals("unbindlab.jar")
                    ? Optional.of(path) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    public Path javaBinary() {
        return javaHome.resolve("bin/java");
    }

    /**
     * The guest command line (paths as the guest sees them); no double quotes, the kernel command
     * line carries it quoted. {@code aotCache}: a {@link GuestAotCache} made for this JDK and jar.
     */
    static String command(Path guestJava, Path guestJar, Optional<Path> aotCache, List<String> guestRunArguments) {
        return guestJava + " " + JVM_OPTIONS + aotCache.map(cache -> " -XX:AOTCache=" + cache).orElse("")
                + " -jar " + guestJar + " guest run " + String.join(" ", guestRunArguments);
    }
}
