package dev.unbindlab.vm;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Kills a process and everything it started, children first, and waits until they are gone. */
public final class ProcessTrees {

    private static final Duration GRACE = Duration.ofSeconds(5);

    private ProcessTrees() {
    }

    /** SIGKILLs {@code root} and its descendants; returns once all have exited (or after a grace time). */
    public static void kill(ProcessHandle root) {
        List<ProcessHandle> tree = root.descendants().toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        root.destroyForcibly();
        awaitExit(root);
        tree.forEach(ProcessTrees::awaitExit);
    }

    private static void awaitExit(ProcessHandle handle) {
        CompletableFuture<ProcessHandle> exit = handle.onExit();
        try {
            exit.get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Nothing more a user-space process can do; the caller reports it if still alive.
        }
    }
}
