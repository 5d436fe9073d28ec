package dev.unbindlab.cli;

import dev.unbindlab.report.Json;
import dev.unbindlab.triage.KernelReport;
import dev.unbindlab.triage.Triage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "triage", description = {"Find and classify kernel reports in a console log.",
        "One line per report: KIND<TAB>TITLE<TAB>GUILTY_FRAME. Exit 1 if there is any, 0 if none."})
final class TriageCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "CONSOLE_LOG", description = "a serial console capture, dmesg output or '-' for stdin") Path log;
    @Option(names = "--json", description = "a JSON array with call traces and KASAN alloc/free stacks") boolean json;

    @Override
    public Integer call() throws IOException {
        // Console captures are not always valid UTF-8: decode leniently rather than refuse.
        byte[] bytes = log.toString().equals("-") ? System.in.readAllBytes() : Files.readAllBytes(log);
        List<KernelReport> reports = Triage.analyze(new String(bytes, StandardCharsets.UTF_8));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(reports));
        } else {
            reports.forEach(r -> out.println(r.summaryLine()));
        }
        return reports.isEmpty() ? ExitCodes.OK : ExitCodes.PROBLEM_FOUND;
    }
}
