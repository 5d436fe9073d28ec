package dev.unbindlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.unbindlab.ktap.Ktap;
import dev.unbindlab.ktap.KtapTest;
import dev.unbindlab.stress.CycleGroups;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The LAVA test definition in tools/lava: its structure, and its steps run against a stand-in board. */
class LavaDefinitionTest {

    static final Path DEFINITION = Path.of("../lava/unbindlab-stress.yaml");
    /** Variables the steps set themselves (the rest must be parameters). */
    static final Set<String> SHELL_VARIABLES = Set.of("status", "name", "result");

    private static JsonNode definition() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(DEFINITION.toFile());
    }

    @Test
    void hasTheStructureLavaExpects() throws IOException {
        JsonNode root = definition();
        JsonNode metadata = root.path("metadata");
        assertEquals("Lava-Test Test Definition 1.0", metadata.path("format").asText());
        assertEquals("unbindlab-stress", metadata.path("name").asText());
        for (String field : List.of("description", "maintainer", "os", "scope", "devices")) {
            JsonNode value = metadata.path(field);
            assertTrue(value.isTextual() ? !value.asText().isBlank() : value.isArray() && !value.isEmpty(), "metadata." + field + " missing");
        }
        JsonNode steps = root.path("run").path("steps");
        assertTrue(steps.isArray() && !steps.isEmpty(), "run.steps must be a list");
        steps.forEach(step -> assertTrue(step.isTextual(), "each step is one shell line: " + step));
        JsonNode params = root.path("params");
        params.properties().forEach(p -> assertTrue(p.getValue().isTextual(), p.getKey() + " must be a string"));

        Set<String> used = new TreeSet<>();
        Matcher variable = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)").matcher(String.join("\n", texts(steps)));
        while (variable.find()) {
            used.add(variable.group(1));
        }
        used.removeAll(SHELL_VARIABLES);
        Set<String> declared = new TreeSet<>();
        params.fieldNames().forEachRemaining(declared::add);
        assertEquals(declared, used, "every parameter is used and every variable is a parameter");
    }

    @Test
    void stepsTurnEachCycleGroupIntoATestCase(@TempDir Path dir) throws Exception {
        // A stand-in for the board's java: prints what `unbindlab stress --ktap` prints for a run
        // that hit a kernel report in cycle 3 of 5, and exits 1 as it would.
        List<KtapTest> results = List.of(KtapTest.passed(1, "cycle-1", List.of()), KtapTest.passed(2, "cycle-2", List.of()),
                KtapTest.failed(3, "cycle-3", List.of("kernel report")), KtapTest.skipped(4, "cycle-4", "stopped"),
                KtapTest.skipped(5, "cycle-5", "stopped"), KtapTest.skipped(6, "kmemleak", "stopped"));
        Files.writeString(dir.resolve("sample.ktap"), Ktap.write(CycleGroups.group(results, 2)));
        Path java = executable(dir.resolve("java"), "#!/bin/sh\necho \"$@\" > " + dir.resolve("java.args")
                + "\necho 'stress: following /dev/kmsg' >&2\ncat " + dir.resolve("sample.ktap") + "\nexit 1\n");
        executable(dir.resolve("lava-test-case"), "#!/bin/sh\necho \"$@\" >> " + dir.resolve("cases") + "\n");

        JsonNode root = definition();
        StringBuilder script = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("params").properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            String value = p.getKey().equals("JAVA") ? java.toString() : p.getValue().asText();
            script.append(p.getKey()).append("='").append(value.replace("'", "'\\''")).append("'\n");
        }
        texts(root.path("run").path("steps")).forEach(step -> script.append(step).append('\n'));
        Files.writeString(dir.resolve("run.sh"), script);

        ProcessBuilder builder = new ProcessBuilder("bash", "run.sh").directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("run.log").toFile());
        // LAVA puts its helpers (lava-test-case) on the PATH of the test shell.
        builder.environment().put("PATH", dir + ":" + System.getenv("PATH"));
        Process bash = builder.start();
        bash.getOutputStream().close();
        if (!bash.waitFor(30, TimeUnit.SECONDS)) {
            bash.destroyForcibly();
        }
        assertEquals(List.of(
                "cycles-1-2 --result pass",
                "cycles-3-4 --result fail",
                "cycles-5-5 --result skip",
                "kmemleak --result skip",
                "stress-exit --result fail --measurement 1 --units exit-status"),
                Files.readAllLines(dir.resolve("cases")), Files.readString(dir.resolve("run.log")));
        String args = Files.readString(dir.resolve("java.args"));
        assertTrue(args.contains("stress --mtd f1010000.spi.0 --unbind spi/spi-nor/spi0.0 --cycles 50 --group 10 --readers 4 --ktap"),
                args);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.asText()));
        return out;
    }

    private static Path executable(Path path, String content) throws IOException {
        Files.writeString(path, content);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        return path;
    }
}
