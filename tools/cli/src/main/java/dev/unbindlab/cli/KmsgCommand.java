package dev.unbindlab.cli;

import dev.unbindlab.linux.kmsg.KernelLog;
import dev.unbindlab.linux.kmsg.KmsgRecord;
import dev.unbindlab.report.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "kmsg", description = "The kernel log through /dev/kmsg (records with sequence numbers).",
        subcommands = KmsgCommand.Tail.class)
final class KmsgCommand {

    @Command(name = "tail", description = "The last records of the kernel log; --follow keeps printing new ones.")
    static final class Tail implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = {"-n", "--lines"}, defaultValue = "20", description = "how many records (default 20)") int lines;
        @Option(names = {"-f", "--follow"}, description = "wait for and print new records until interrupted") boolean follow;
        @Option(names = "--json", description = "one JSON object per line (sequence, level, timestamp, message...)") boolean json;

        @Override
        public Integer call() throws IOException {
            if (lines < 0) {
                throw new UserError("--lines must not be negative");
            }
            PrintWriter out = spec.commandLine().getOut();
            try (KernelLog log = KernelLog.open()) {
                Deque<KmsgRecord> last = new ArrayDeque<>();
                for (KmsgRecord r : log.drain()) {
                    last.addLast(r);
                    if (last.size() > lines) {
                        last.removeFirst();
                    }
                }
                last.forEach(r -> print(out, r));
                if (log.lostRecords() > 0) {
                    spec.commandLine().getErr().printf("unbindlab: %d kernel log records were overwritten before they were read%n",
                            log.lostRecords());
                }
                while (follow && !Thread.currentThread().isInterrupted()) {
                    Optional<KmsgRecord> next = log.next(1000);
                    next.ifPresent(r -> print(out, r));
                }
            }
            return ExitCodes.OK;
        }

        private void print(PrintWriter out, KmsgRecord r) {
            if (json) {
                out.println(Json.write(r).replaceAll("\\s*\\n\\s*", " "));
            } else {
                out.printf("%8d %s%n", r.sequence(), r.toConsoleLine());
            }
            out.flush();
        }
    }
}
