package dev.unbindlab.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A cost as a ratio candidate / baseline measured in the same run, with its 95% interval, and
 * the goal it is held to if it has one (e.g. FFM ≥ 0.95 × C).
 *
 * @param higherIsBetter whether a ratio above the goal meets it (throughput) or below (time)
 */
public record BenchmarkRatio(String group, String name, String baseline, String candidate, double ratio, double low95, double high95,
                             Optional<Double> goal, boolean higherIsBetter) {

    /** Whether the ratio meets its goal; empty without a goal. */
    public Optional<Boolean> meetsGoal() {
        return goal.map(g -> higherIsBetter ? ratio >= g : ratio <= g);
    }

    /** The ratios of either kind of file: {@code vm cost --json} or a guest benchmark's {@code bench.json}. */
    public static List<BenchmarkRatio> read(Path file) throws IOException {
        JsonNode root = Json.mapper().readTree(Files.readString(file));
        return root.has("ratios") && root.has("device") ? fromBench(file, root) : fromVmCost(file);
    }

    /**
     * The ratios of an {@code mtd-read-bench} report ({@code bench.json} in the run's guest
     * directory): Java over C in the same boot, higher is better, with the goals. Its
     * interval is JMH's 99.9% one, wider than the 95% the column names: the conservative side.
     */
    static List<BenchmarkRatio> fromBench(Path file, JsonNode root) {
        List<BenchmarkRatio> ratios = new ArrayList<>();
        for (JsonNode r : root.path("ratios")) {
            String name = r.path("name").asText();
            int size = r.path("read_size").asInt();
            JsonNode goal = r.path("goal");
            ratios.add(new BenchmarkRatio("mtd-read-bench " + root.path("device").asText(),
                    name + (size > 0 ? " " + size + " B" : ""), "C", name.substring(0, name.indexOf('/')),
                    r.path("value").asDouble(), r.path("low").asDouble(), r.path("high").asDouble(),
                    goal.isNumber() ? Optional.of(goal.asDouble()) : Optional.empty(), true));
        }
        return ratios;
    }

    /**
     * The ratios of a {@code vm cost --json} file: each measurement's time on the candidate kernel
     * over the baseline (lower is better, no goal: the question is what a fix costs).
     */
    public static List<BenchmarkRatio> fromVmCost(Path file) throws IOException {
        JsonNode root = Json.mapper().readTree(Files.readString(file));
        if (!root.has("measurements") || !root.has("baseline") || !root.has("candidate")) {
            throw new IOException(file + ": not the JSON of 'vm cost --json' (no measurements, baseline or candidate)");
        }
        List<BenchmarkRatio> ratios = new ArrayList<>();
        for (JsonNode m : root.path("measurements")) {
            ratios.add(new BenchmarkRatio("vm cost " + root.path("scenario").asText(), m.path("measurement").asText(),
                    root.path("baseline").asText(), root.path("candidate").asText(), m.path("ratio").asDouble(),
                    m.path("ratio_low95").asDouble(), m.path("ratio_high95").asDouble(), Optional.empty(), false));
        }
        return ratios;
    }
}
