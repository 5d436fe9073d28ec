package dev.unbindlab.scenario;

import dev.unbindlab.linux.kmsg.Taint;
import dev.unbindlab.linux.kmsg.TaintFlag;
import dev.unbindlab.stress.StressConsole;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Several scenarios in one boot, one after the other: the guest half. Under TCG a boot and the
 * guest JVM's start cost 10-30 s, more than many a scenario that is expected clean, so the
 * matrix runs a kernel's clean cells in one guest.
 *
 * <p>Each scenario gets its own results directory, {@code RESULTS/<scenario>/} (its KTAP, its
 * files, and {@value #STATUS_FILE}: 0 all checks passed, 1 some failed, 2 it could not be set
 * up), and its own stretch of the console, which starts at its {@link #startLine} line. The
 * sequence stops after the first scenario that does not end with status 0 or that leaves the
 * kernel tainted by a problem (oops, warning, bad page, lockup): the scenarios after it would run
 * on a kernel that is no longer the one under test, so the host boots each of them on its own.
 */
public final class SharedBoot {

    /** In each scenario's directory: its exit status, written when it has ended. */
    public static final String STATUS_FILE = "exit-status";
    /** In each scenario's directory: how long it ran, in milliseconds. */
    public static final String MILLIS_FILE = "run-ms";

    /** How one scenario is run inside the shared boot; returns its exit status. */
    @FunctionalInterface
    public interface ScenarioRun {
        int run(Scenario scenario, Path directory) throws Exception;
    }

    private SharedBoot() {
    }

    /** Where a scenario of a shared boot writes its results, inside the results share. */
    public static Path directory(Path share, String scenario) {
        return share.resolve(scenario);
    }

    /** What the guest logs (after {@link GuestContext#CONSOLE_PREFIX}) when a scenario starts: the host splits the console there. */
    public static String startLine(String scenario) {
        return "scenario " + scenario + " starts";
    }

    /** How long the scenario whose directory this is ran ({@value #MILLIS_FILE}), zero if it did not say. */
    public static Duration duration(Path directory) throws IOException {
        Path file = directory.resolve(MILLIS_FILE);
        return Files.exists(file) ? Duration.ofMillis(Long.parseLong(Files.readString(file).trim())) : Duration.ZERO;
    }

    /**
     * Runs {@code scenarios} in order and returns the status of the last one that ran (0 when
     * all ran and passed). A scenario's exception (it could not be set up) is its status 2.
     */
    public static int run(List<Scenario> scenarios, Path share, StressConsole console, ScenarioRun runner)
            throws IOException, InterruptedException {
        if (scenarios.stream().map(Scenario::name).distinct().count() != scenarios.size()) {
            throw new IllegalArgumentException("a shared boot runs each scenario once: " + scenarios.stream().map(Scenario::name).toList());
        }
        console.log("shared boot: " + scenarios.size() + " scenarios, "
                + scenarios.stream().map(Scenario::name).collect(Collectors.joining(", ")));
        Taint before = Taint.current();
        for (Scenario scenario : scenarios) {
            Path directory = Files.createDirectories(directory(share, scenario.name()));
            long started = System.nanoTime();
            int status;
            try {
                status = runner.run(scenario, directory);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                console.log("scenario " + scenario.name() + " could not run: " + e);
                status = 2;
            }
            Files.writeString(directory.resolve(MILLIS_FILE), (System.nanoTime() - started) / 1_000_000 + "\n");
            Files.writeString(directory.resolve(STATUS_FILE), status + "\n");
            Taint after = Taint.current();
            Set<TaintFlag> problems = after.addedSince(before).stream().filter(TaintFlag::isKernelProblem)
                    .collect(Collectors.toSet());
            if (status != 0 || !problems.isEmpty()) {
                console.log("shared boot stops after " + scenario.name() + " (exit status " + status + ", taint " + after.letters()
                        + "): the scenarios after it need a boot of their own");
                return status != 0 ? status : 1;
            }
            before = after;
        }
        return 0;
    }
}
