package dev.unbindlab.it.cells;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unbindlab.report.MatrixReport;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The suite's {@code ./unbindlab matrix} run as a whole ({@link MatrixSession}): its exit status
 * says what its cells say, also for a cell no cell class names, and it leaves the report a
 * developer opens: HTML, JSON, KTAP and the screenshot from headless Chromium.
 */
@Order(0)
class MatrixIT {

    @Test
    void everyCellIsAsExpectedAndTheReportIsComplete() throws Exception {
        MatrixSession.Run run = MatrixSession.get();
        List<String> unexpected = new ArrayList<>();
        for (JsonNode cell : run.report().get("cells")) {
            if (!cell.get("as_expected").asBoolean()) {
                unexpected.add(cell.get("scenario").asText() + " × " + cell.get("arch").asText() + "-" + cell.get("variant").asText()
                        + ": " + cell.get("verdict").asText() + ", expected " + cell.get("expected").asText());
            }
        }
        assertEquals(List.of(), unexpected, "cells whose verdict is not the expected one");
        assertEquals(0, run.exitStatus(), "matrix exit status with every cell as expected");
        for (String file : List.of(MatrixReport.HTML, MatrixReport.JSON, MatrixReport.KTAP, "report.png")) {
            assertTrue(Files.size(run.reportDirectory().resolve(file)) > 0, file + " written");
        }
    }
}
