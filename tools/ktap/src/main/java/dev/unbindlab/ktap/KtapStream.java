package dev.unbindlab.ktap;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Writes a top-level KTAP document one result at a time, flushing every line: when the kernel
 * oopses in the middle of a scenario, the results so far are already on the host side.
 *
 * <p>Each line is also handed to {@code echo} (the guest copies it to the console, so a console
 * log shows where in the scenario a report happened).
 */
public final class KtapStream implements Closeable {

    private final Writer out;
    private final Consumer<String> echo;
    private final List<KtapTest> written = new ArrayList<>();
    private final int plan;

    public KtapStream(Writer out, int plan, Consumer<String> echo) {
        if (plan < 0) {
            throw new IllegalArgumentException("negative KTAP plan " + plan);
        }
        this.out = out;
        this.plan = plan;
        this.echo = echo;
        line("KTAP version 1");
        line("1.." + plan);
    }

    /** Writes one top-level result (with its diagnostics and subtests); numbering is automatic. */
    public synchronized KtapTest report(String name, boolean ok, List<String> diagnostics) {
        return emit(new KtapTest(written.size() + 1, name, ok, Optional.empty(), Optional.empty(),
                diagnostics, List.of()));
    }

    public KtapTest pass(String name, List<String> diagnostics) {
        return report(name, true, diagnostics);
    }

    public KtapTest fail(String name, List<String> diagnostics) {
        return report(name, false, diagnostics);
    }

    public synchronized KtapTest skip(String name, String reason) {
        return emit(KtapTest.skipped(written.size() + 1, name, reason));
    }

    /** Results written so far, in order. */
    public synchronized List<KtapTest> results() {
        return List.copyOf(written);
    }

    public int plan() {
        return plan;
    }

    private KtapTest emit(KtapTest test) {
        if (written.size() >= plan) {
            throw new IllegalStateException("KTAP plan of " + plan + " exceeded by '" + test.name() + "'");
        }
        for (String d : test.diagnostics()) {
            for (String part : d.split("\n", -1)) {
                line("# " + part);
            }
        }
        if (!test.subtests().isEmpty()) {
            Ktap.write(test.subtests()).lines().forEach(l -> line("    " + l));
        }
        line(Ktap.resultLine(test));
        written.add(test);
        return test;
    }

    private void line(String text) {
        try {
            out.write(text);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        echo.accept(text);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
