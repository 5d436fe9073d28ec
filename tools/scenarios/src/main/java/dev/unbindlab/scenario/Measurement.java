package dev.unbindlab.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Repeated samples of one quantity measured in the guest (e.g. ns per nvmem_device_read() on
 * cmos_nvram0), handed to the host in {@value #FILE} in the results directory: one line per
 * measurement, {@code name<TAB>unit<TAB>sample,sample,...}. The host compares kernels with them
 * ({@code vm cost}); a scenario never judges a timing itself.
 */
public record Measurement(String name, String unit, List<Double> samples) {

    public static final String FILE = "measurements.tsv";

    public Measurement {
        if (name.isBlank() || name.contains("\t") || unit.contains("\t")) {
            throw new IllegalArgumentException("a measurement needs a name and unit without tabs: '" + name + "', '" + unit + "'");
        }
        if (samples.isEmpty()) {
            throw new IllegalArgumentException(name + ": no samples");
        }
        samples = List.copyOf(samples);
    }

    public double min() {
        return samples.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    public double median() {
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static String line(Measurement m) {
        return m.name + "\t" + m.unit + "\t" + m.samples.stream().map(d -> Double.toString(d)).collect(Collectors.joining(","));
    }

    /** Appends to the file in {@code directory} (a scenario may record in several steps). */
    public static void append(Path directory, Measurement measurement) throws IOException {
        Files.writeString(directory.resolve(FILE), line(measurement) + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    /** Everything recorded in {@code directory}; empty if nothing was. */
    public static List<Measurement> readAll(Path directory) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(directory.resolve(FILE), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<Measurement> measurements = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            if (fields.length != 3) {
                throw new IOException(directory.resolve(FILE) + ": not NAME<TAB>UNIT<TAB>SAMPLES: " + line);
            }
            try {
                measurements.add(new Measurement(fields[0], fields[1],
                        Arrays.stream(fields[2].split(",")).map(Double::valueOf).toList()));
            } catch (IllegalArgumentException e) {
                throw new IOException(directory.resolve(FILE) + ": " + e.getMessage() + " in: " + line, e);
            }
        }
        return measurements;
    }
}
