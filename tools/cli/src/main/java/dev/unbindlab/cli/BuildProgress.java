package dev.unbindlab.cli;

import dev.unbindlab.kernel.BuildListener;
import dev.unbindlab.kernel.BuiltKernel;
import dev.unbindlab.kernel.KernelVariant;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shows a kernel build on stderr: one progress bar per step (the make step's total is the line
 * count of the last build of the same kind), the file being built, and what it cost at the end.
 * Without a terminal (CI logs) the bar is printed as a plain line every 30 seconds instead.
 */
final class BuildProgress implements BuildListener, AutoCloseable {

    /** Kbuild's quiet output: "  CC      drivers/mtd/mtdchar.o". */
    private static final Pattern KBUILD_LINE = Pattern.compile("^\\s+([A-Z][A-Z0-9_\\[\\] -]{1,10}?)\\s+(\\S+)$");

    private final PrintWriter err;
    private final boolean terminal;
    private ProgressBar bar;

    BuildProgress(PrintWriter err) {
        this.err = err;
        this.terminal = System.console() != null && System.console().isTerminal();
    }

    @Override
    public synchronized void step(KernelVariant variant, String step, long expectedLines) {
        closeBar();
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName(variant.id() + ": " + step)
                .setInitialMax(expectedLines)
                .setStyle(ProgressBarStyle.ASCII)
                .setMaxRenderedLength(120)
                .continuousUpdate();
        if (terminal) {
            builder.setUpdateIntervalMillis(250);
        } else {
            builder.setUpdateIntervalMillis(30_000).setConsumer(new DelegatingProgressBarConsumer(this::plainLine));
        }
        bar = builder.build();
    }

    // Called from the bar's render thread, which close() waits for: it must not take this
    // object's monitor (held by step() and finished() around close()).
    private void plainLine(String line) {
        synchronized (err) {
            err.println(line.strip());
            err.flush();
        }
    }

    @Override
    public synchronized void output(String line) {
        if (bar == null) {
            return;
        }
        Matcher kbuild = KBUILD_LINE.matcher(line);
        if (kbuild.matches()) {
            bar.step();
            bar.setExtraMessage(kbuild.group(2));
        }
    }

    @Override
    public synchronized void finished(BuiltKernel kernel, boolean fromCache) {
        closeBar();
        if (fromCache) {
            err.println(kernel.variant().id() + ": cached kernel " + kernel.release() + " (key " + kernel.key().substring(0, 16) + ")");
        } else {
            err.println(kernel.variant().id() + ": built " + kernel.release() + (kernel.incremental() ? " incrementally" : "")
                    + " in " + minutes(kernel.buildTime()) + " -> " + kernel.directory());
        }
        err.flush();
    }

    static String minutes(Duration d) {
        return d.toMinutes() > 0 ? d.toMinutes() + " min " + d.toSecondsPart() + " s" : d.toSeconds() + " s";
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    @Override
    public synchronized void close() {
        closeBar();
    }
}
