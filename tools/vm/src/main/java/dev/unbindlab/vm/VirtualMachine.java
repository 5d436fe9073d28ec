package dev.unbindlab.vm;

import dev.unbindlab.vm.qmp.QmpRelay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Boots one guest under a wall-clock watchdog and records everything in a run directory.
 *
 * <p>No QEMU outlives its run: the watchdog kills the process tree on a hang, an exception or an
 * interrupt kills it on the way out, and a JVM shutdown hook kills whatever is still running when
 * the JVM itself is stopped (SIGINT, SIGTERM).
 */
public final class VirtualMachine {

    public static final String CONSOLE_LOG = "console.log";
    public static final String COMMAND_LINE = "cmdline.txt";
    public static final String QEMU_STDERR = "qemu-stderr.txt";
    private static final int LAST_LINES = 40;
    /** QEMU creates its QMP socket before the guest starts; this only bounds a QEMU that failed to start. */
    private static final Duration QMP_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private static final Set<ProcessHandle> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(ProcessTrees::kill), "unbindlab-vm-reaper"));
    }

    private VirtualMachine() {
    }

    /**
     * Runs {@code spec} until QEMU exits or {@code watchdog} expires.
     *
     * @param runDirectory created if needed; gets {@value #COMMAND_LINE}, {@value #CONSOLE_LOG}, {@value #QEMU_STDERR}
     */
    public static VmRun run(VmSpec spec, AcceleratorProbe.Decision accel, Path runDirectory, Duration watchdog)
            throws IOException, InterruptedException {
        return run(spec, accel, runDirectory, watchdog, Optional.empty());
    }

    /**
     * Like {@link #run(VmSpec, AcceleratorProbe.Decision, Path, Duration)}; with {@code qmpMailbox},
     * QEMU gets a QMP socket and a {@link QmpRelay} runs what the guest drops into that directory
     * (see {@link dev.unbindlab.vm.qmp.QmpMailbox}) for as long as the guest runs.
     */
    public static VmRun run(VmSpec spec, AcceleratorProbe.Decision accel, Path runDirectory, Duration watchdog,
                            Optional<Path> qmpMailbox) throws IOException, InterruptedException {
        Files.createDirectories(runDirectory);
        // Unix socket paths are limited to 108 bytes: not in the run directory, which can be deep.
        Optional<Path> socketDirectory = qmpMailbox.isPresent()
                ? Optional.of(Files.createTempDirectory("unbindlab-qmp")) : Optional.empty();
        Optional<Path> socket = socketDirectory.map(d -> d.resolve("qmp.sock"));
        try (QmpRelay relay = qmpMailbox.isPresent() ? QmpRelay.start(socket.orElseThrow(), qmpMailbox.get(), QMP_CONNECT_TIMEOUT) : null) {
            return boot(spec, accel, runDirectory, watchdog, socket);
        } finally {
            if (socketDirectory.isPresent()) {
                Files.deleteIfExists(socket.orElseThrow());
                Files.deleteIfExists(socketDirectory.get());
            }
        }
    }

    private static VmRun boot(VmSpec spec, AcceleratorProbe.Decision accel, Path runDirectory, Duration watchdog,
                              Optional<Path> qmpSocket) throws IOException, InterruptedException {
        Path console = runDirectory.resolve(CONSOLE_LOG);
        Files.deleteIfExists(console);
        List<String> command = QemuCommand.build(spec, accel.accelerator(), console, qmpSocket);
        Files.writeString(runDirectory.resolve(COMMAND_LINE), shellQuoted(command) + "\n");

        long started = System.nanoTime();
        Process qemu = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(runDirectory.resolve(QEMU_STDERR).toFile())
                .start();
        ProcessHandle handle = qemu.toHandle();
        RUNNING.add(handle);
        boolean exited = false;
        try {
            exited = qemu.waitFor(watchdog.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            if (!exited) {
                ProcessTrees.kill(handle);
            }
            RUNNING.remove(handle);
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - started);
        OptionalInt status = exited ? OptionalInt.of(qemu.exitValue()) : OptionalInt.empty();
        return new VmRun(status, !exited, duration, accel.accelerator(), accel.reason(), runDirectory,
                lastLines(console));
    }

    /** Whether any guest started by this JVM is still running (tests use it). */
    static boolean anyRunning() {
        return RUNNING.stream().anyMatch(ProcessHandle::isAlive);
    }

    private static List<String> lastLines(Path console) {
        if (!Files.exists(console)) {
            return List.of();
        }
        try {
            List<String> lines = new String(Files.readAllBytes(console), StandardCharsets.UTF_8).lines().toList();
            return lines.subList(Math.max(0, lines.size() - LAST_LINES), lines.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command line as a shell would need it, so a developer can paste {@code cmdline.txt}. */
    static String shellQuoted(List<String> command) {
        StringBuilder out = new StringBuilder();
        for (String arg : command) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(arg.matches("[A-Za-z0-9_./:=,+@%-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return out.toString();
    }
}
