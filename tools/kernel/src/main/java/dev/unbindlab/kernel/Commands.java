package dev.unbindlab.kernel;

import dev.unbindlab.vm.ProcessTrees;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Runs the build's external programs (make, tar, git apply, cp, dtc, the rootfs script) with their output streamed. */
public final class Commands {

    private static final int TAIL = 25;

    private Commands() {
    }

    /**
     * Runs {@code command} in {@code directory}, each output line (stdout and stderr merged) to
     * {@code sink} and, if given, to {@code log}. A failure carries the last lines of output.
     *
     * @return how many lines it printed
     */
    public static long run(List<String> command, Path directory, Consumer<String> sink, PrintWriter log)
            throws BuildFailedException, IOException, InterruptedException {
        return run(command, directory, Map.of(), sink, log);
    }

    /** As {@link #run(List, Path, Consumer, PrintWriter)}, with extra environment variables. */
    static long run(List<String> command, Path directory, Map<String, String> environment, Consumer<String> sink,
                    PrintWriter log) throws BuildFailedException, IOException, InterruptedException {
        if (log != null) {
            log.println("$ " + String.join(" ", command));
            log.flush();
        }
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new BuildFailedException("cannot run " + command.getFirst() + ": " + e.getMessage(), e);
        }
        Deque<String> tail = new ArrayDeque<>();
        long lines = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                lines++;
                if (log != null) {
                    log.println(line);
                }
                sink.accept(line);
                if (tail.size() == TAIL) {
                    tail.removeFirst();
                }
                tail.addLast(line);
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException();
                }
            }
            int status = process.waitFor();
            if (log != null) {
                log.flush();
            }
            if (status != 0) {
                throw new BuildFailedException(String.join(" ", command) + " failed with status " + status
                        + (tail.isEmpty() ? "" : ":\n    " + String.join("\n    ", tail)));
            }
            return lines;
        } finally {
            // make forks compilers: on an interrupt or exception none of them may keep running.
            if (process.isAlive()) {
                ProcessTrees.kill(process.toHandle());
            }
        }
    }

    /** {@code rm -rf}, refusing anything that is not inside a cache directory we own. */
    static void deleteTree(Path dir) throws BuildFailedException, IOException, InterruptedException {
        if (dir.getNameCount() < 3) {
            throw new IllegalArgumentException("refusing to delete " + dir);
        }
        run(List.of("rm", "-rf", "--one-file-system", dir.toString()), dir.getParent(), line -> { }, null);
    }
}
