package dev.unbindlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unbindlab.report.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TriageCommandTest {

    private static final String OOPS = String.join("\n",
            "[   61.100000][  T459] Unable to handle kernel paging request at virtual address 00000000000012e8",
            "[   61.100001][  T459] Internal error: Oops: 0000000096000004 [#1] PREEMPT SMP",
            "[   61.100002][  T459] pc : spi_mem_exec_op+0x3e8/0x478",
            "[   61.100003][  T459] Call trace:",
            "[   61.100004][  T459]  spi_mem_exec_op+0x3e8/0x478 (P)",
            "[   61.100005][  T459]  mtdchar_read+0xdc/0x288",
            "[   61.100006][  T459] ---[ end trace 0000000000000000 ]---",
            "");

    @Test
    void reportFoundExitsOneWithTabSeparatedLine(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.of("triage", Files.writeString(dir.resolve("console.log"), OOPS).toString());
        assertEquals(1, run.exit());
        assertEquals("PAGING_REQUEST\tUnable to handle kernel paging request in spi_mem_exec_op\tspi_mem_exec_op\n", run.out());
    }

    @Test
    void jsonCarriesTheCallTrace(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.of("triage", "--json", Files.writeString(dir.resolve("console.log"), OOPS).toString());
        JsonNode report = Json.mapper().readTree(run.out()).get(0);
        assertEquals("PAGING_REQUEST", report.get("kind").asText());
        assertEquals("spi_mem_exec_op", report.get("guilty_frame").asText());
        assertEquals("mtdchar_read", report.get("call_trace").get(1).asText());
    }

    @Test
    void cleanLogExitsZero(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.of("triage", Files.writeString(dir.resolve("clean.log"), "[ 1.0] Run /init as init process\n").toString());
        assertEquals(0, run.exit());
        assertEquals("", run.out());
    }

    @Test
    void missingLogIsBadInput() {
        CliRun run = CliRun.of("triage", "/nonexistent/console.log");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("/nonexistent/console.log"), run.err());
    }
}
