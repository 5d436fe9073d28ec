package dev.unbindlab.cli;

import dev.unbindlab.linux.kmsg.Taint;
import dev.unbindlab.linux.kmsg.TaintFlag;
import dev.unbindlab.report.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "taint", description = {"Decode /proc/sys/kernel/tainted.",
        "Exit 1 if a flag says the kernel misbehaved (D oops/BUG, W warning, B bad page, L soft lockup, M machine check)."})
final class TaintCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = "--json", description = "one JSON object") boolean json;
    @Option(names = "--file", hidden = true, description = "read this file instead (tests, saved values)")
    Path file = Taint.PROC_TAINTED;

    @Override
    public Integer call() throws IOException {
        Taint taint = Taint.read(file);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(new View(taint.value(), taint.letters(), taint.flags().stream().map(Enum::name).toList(),
                    taint.unknownBits(), taint.hasKernelProblem())));
        } else {
            out.printf("tainted: %d (%s)%n", taint.value(), taint.letters());
            for (TaintFlag flag : taint.flags()) {
                out.printf("  %c bit %2d  %s%s%n", flag.letter(), flag.bit(), flag.description(),
                        flag.isKernelProblem() ? "  <- kernel problem" : "");
            }
            taint.unknownBits().forEach(bit -> out.printf("  ? bit %2d  (unknown to this unbindlab)%n", bit));
        }
        return taint.hasKernelProblem() ? ExitCodes.PROBLEM_FOUND : ExitCodes.OK;
    }

    record View(long value, String letters, java.util.List<String> flags, java.util.List<Integer> unknownBits,
                boolean kernelProblem) {
    }
}
