package dev.unbindlab.scenario;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** A finished helper program run in the guest (mtd-utils, modprobe...). */
public record ProcessResult(List<String> command, int exitCode, byte[] stdout, String stderr) {

    public ProcessResult {
        command = List.copyOf(command);
    }

    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** For diagnostics: the command, its status and its error output. */
    public String describe() {
        return String.join(" ", command) + " exited " + exitCode + (stderr.isBlank() ? "" : ": " + stderr.strip());
    }
}
