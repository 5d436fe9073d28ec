package dev.unbindlab.scenario;

import dev.unbindlab.ktap.KtapStream;
import dev.unbindlab.stress.StressConsole;
import dev.unbindlab.ktap.KtapTest;
import dev.unbindlab.vm.qmp.QmpMailbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a scenario gets inside the guest: the KTAP channel back to the host, the console, and
 * helpers to run the guest's programs (modprobe, mtd-utils).
 */
public final class GuestContext implements AutoCloseable, StressConsole {

    /** The KTAP file in the results directory (a virtio-9p share the host reads after the run). */
    public static final String KTAP_FILE = "results.ktap";
    /**
     * Written with the exit status once the guest part has finished: the guest's init then powers
     * off even if the JVM cannot exit (after an oops, reader threads can stay in D state forever).
     */
    public static final String DONE_FILE = "done";
    /** Prefix of every line the scenario writes to the console, so it stands out among kernel messages. */
    public static final String CONSOLE_PREFIX = "unbindlab: ";

    private final Path resultsDirectory;
    private final Path shareDirectory;
    private final PrintStream console;
    private final OptionalInt cycles;
    private KtapStream ktap;
    private QmpMailbox hostMonitor;

    public GuestContext(Path resultsDirectory, PrintStream console) {
        this(resultsDirectory, resultsDirectory, console, OptionalInt.empty());
    }

    /**
     * @param resultsDirectory where this scenario's KTAP and files go
     * @param shareDirectory   the results share itself, where the done file and the QMP mailbox
     *                         are: the same directory, or its parent in a {@link SharedBoot}
     * @param cycles           the number of cycles asked for on the command line, if any
     */
    public GuestContext(Path resultsDirectory, Path shareDirectory, PrintStream console, OptionalInt cycles) {
        this.resultsDirectory = resultsDirectory;
        this.shareDirectory = shareDirectory;
        this.console = console;
        this.cycles = cycles;
    }

    /** The cycles this run plans: the command line's number, else the scenario's {@code planned}. */
    public int cycles(int planned) {
        return cycles.orElse(planned);
    }

    public Path resultsDirectory() {
        return resultsDirectory;
    }

    /** The QMP channel to the host's QEMU (the scenario must ask for it: {@link VmNeeds#hostMonitor()}). */
    public synchronized QmpMailbox hostMonitor() {
        if (hostMonitor == null) {
            hostMonitor = new QmpMailbox(shareDirectory.resolve(QmpMailbox.DIRECTORY));
        }
        return hostMonitor;
    }

    @Override
    public KtapStream ktap(int plan) throws IOException {
        if (ktap != null) {
            throw new IllegalStateException("the KTAP stream is already open");
        }
        ktap = new KtapStream(Files.newBufferedWriter(resultsDirectory.resolve(KTAP_FILE), StandardCharsets.UTF_8),
                plan, line -> log(line));
        return ktap;
    }

    /** Tells the guest's init that the guest part is over and which exit status it ends with. */
    public static void declareDone(Path shareDirectory, int exitStatus) throws IOException {
        Path tmp = shareDirectory.resolve(DONE_FILE + ".tmp");
        Files.writeString(tmp, exitStatus + "\n");
        Files.move(tmp, shareDirectory.resolve(DONE_FILE), StandardCopyOption.ATOMIC_MOVE);
    }

    /** One line on the console (the guest's stdout is the serial console). */
    @Override
    public void log(String line) {
        console.println(CONSOLE_PREFIX + line);
        console.flush();
    }

    /** One line on the console as it is, without {@link #CONSOLE_PREFIX}: for text the host's triage must parse. */
    @Override
    public void logVerbatim(String line) {
        console.println(line);
        console.flush();
    }

    /** Loads a kernel module with parameters; failing to load is a setup error, not a finding. */
    public void modprobe(String module, String... parameters) throws ScenarioSetupException {
        List<String> command = new ArrayList<>(List.of("modprobe", module));
        command.addAll(Arrays.asList(parameters));
        ProcessResult result = exec(Duration.ofSeconds(60), command);
        if (!result.succeeded()) {
            throw new ScenarioSetupException("cannot load " + module + ": " + result.describe());
        }
        log("loaded " + String.join(" ", command.subList(1, command.size())));
    }

    /** Unloads a module ({@code modprobe -r}); failing is a setup error. */
    public void unload(String module) throws ScenarioSetupException {
        ProcessResult result = exec(Duration.ofSeconds(60), List.of("modprobe", "-r", module));
        if (!result.succeeded()) {
            throw new ScenarioSetupException("cannot unload " + module + ": " + result.describe());
        }
    }

    public ProcessResult exec(Duration timeout, String... command) throws ScenarioSetupException {
        return exec(timeout, List.of(command));
    }

    /**
     * Runs a program to completion and captures its output. A program that is missing or does
     * not finish within {@code timeout} is a setup error; a non-zero exit status is returned.
     */
    public ProcessResult exec(Duration timeout, List<String> command) throws ScenarioSetupException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
        } catch (IOException e) {
            throw new ScenarioSetupException("cannot run " + command.getFirst() + ": " + e.getMessage(), e);
        }
        CompletableFuture<byte[]> stdout = drain(process.getInputStream());
        CompletableFuture<byte[]> stderr = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new ScenarioSetupException(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
            }
            return new ProcessResult(command, process.exitValue(), stdout.join(),
                    new String(stderr.join(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ScenarioSetupException("interrupted while running " + command.getFirst(), e);
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The KTAP results written so far (empty if the stream was never opened). */
    public List<KtapTest> ktapResults() {
        return ktap == null ? List.of() : ktap.results();
    }

    @Override
    public void close() throws IOException {
        if (ktap != null) {
            ktap.close();
        }
    }
}
