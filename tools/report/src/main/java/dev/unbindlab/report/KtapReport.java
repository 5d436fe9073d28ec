package dev.unbindlab.report;

import dev.unbindlab.ktap.KtapStream;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The matrix as KTAP version 1: one test per cell, {@code ok} when the verdict is the one the
 * scenario expects on that kernel (a reproduction on vanilla is {@code ok}), the verdict, the
 * first report and the guilty frame as diagnostics. What kselftest and LAVA tooling read.
 */
final class KtapReport {

    private KtapReport() {
    }

    static String render(MatrixReport report) {
        StringWriter out = new StringWriter();
        try (KtapStream ktap = new KtapStream(out, report.cells().size(), line -> { })) {
            for (MatrixCell cell : report.cells()) {
                List<String> diagnostics = new ArrayList<>();
                diagnostics.add("verdict " + cell.verdict() + ", expected " + cell.expected() + ": " + cell.explanation());
                cell.reportTitle().ifPresent(t -> diagnostics.add("first report: " + t
                        + cell.guiltyFrame().map(f -> " (guilty frame " + f + ")").orElse("")));
                cell.cyclesOk().ifPresent(ok -> diagnostics.add("cycles ok " + ok + " of " + cell.cyclesPlanned().orElse(ok)));
                cell.console().ifPresent(c -> diagnostics.add("console " + c));
                ktap.report(cell.id(), cell.asExpected(), diagnostics);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
