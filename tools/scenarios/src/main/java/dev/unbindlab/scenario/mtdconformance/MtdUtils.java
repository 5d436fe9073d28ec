package dev.unbindlab.scenario.mtdconformance;

import dev.unbindlab.scenario.GuestContext;
import dev.unbindlab.scenario.ProcessResult;
import dev.unbindlab.scenario.ScenarioSetupException;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the Debian mtd-utils programs in the guest and keeps every run's output in the results
 * directory, so a disagreement can be read afterwards with the tool's own words.
 */
final class MtdUtils {

    static final List<String> PROGRAMS = List.of("mtdinfo", "mtd_debug", "nanddump", "flash_erase");
    /** Generous for TCG: the longest run erases ten blocks or dumps one. */
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(120);

    /** A tool ran but exited non-zero: the check that needed it fails with the tool's message. */
    static final class ToolFailedException extends Exception {
        ToolFailedException(ProcessResult result) {
            super(result.describe());
        }
    }

    private final GuestContext guest;
    private final Path evidence;
    private int runs;

    MtdUtils(GuestContext guest, Path evidence) {
        this.guest = guest;
        this.evidence = evidence;
    }

    /** A missing tool means nothing can be compared: an infrastructure error, never a pass. */
    void requireInstalled() throws ScenarioSetupException {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String program : PROGRAMS) {
            boolean found = Arrays.stream(path.split(File.pathSeparator))
                    .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
            if (!found) {
                throw new ScenarioSetupException("mtd-utils program " + program + " is not on PATH (" + path
                        + "); install the mtd-utils package");
            }
        }
        try {
            Files.createDirectories(evidence);
        } catch (IOException e) {
            throw new ScenarioSetupException("cannot create " + evidence + ": " + e.getMessage(), e);
        }
    }

    /** Runs a tool to completion; a non-zero exit is a {@link ToolFailedException}. */
    ProcessResult run(String... command) throws ScenarioSetupException, ToolFailedException {
        ProcessResult result = guest.exec(TOOL_TIMEOUT, command);
        keep(result);
        if (!result.succeeded()) {
            throw new ToolFailedException(result);
        }
        return result;
    }

    private void keep(ProcessResult result) {
        String base = String.format("%02d-%s", ++runs, result.command().getFirst());
        try {
            Files.writeString(evidence.resolve(base + ".cmd"), String.join(" ", result.command()) + "\nexit " + result.exitCode() + "\n");
            Files.write(evidence.resolve(base + ".stdout"), result.stdout());
            Files.writeString(evidence.resolve(base + ".stderr"), result.stderr(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            guest.log("cannot keep the output of " + String.join(" ", result.command()) + ": " + e.getMessage());
        }
    }
}
