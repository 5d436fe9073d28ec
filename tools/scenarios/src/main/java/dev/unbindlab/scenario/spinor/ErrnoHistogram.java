package dev.unbindlab.scenario.spinor;

import dev.unbindlab.linux.LinuxException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How often each outcome of a call happened, keyed by the call and errno name
 * ({@code open ENOENT}, {@code read ENODEV}): formatted {@code read ENODEV x3, open ENOENT x1},
 * most frequent first, ties by name.
 */
final class ErrnoHistogram {

    private final Map<String, Integer> counts = new LinkedHashMap<>();

    synchronized void add(String key) {
        counts.merge(key, 1, Integer::sum);
    }

    /** {@code <operation> <ERRNO>}, e.g. {@code read ENODEV} (the operation's first word: {@code ioctl MEMGETINFO} counts as ioctl). */
    void add(LinuxException e) {
        add(key(e));
    }

    static String key(LinuxException e) {
        String operation = e.operation();
        int space = operation.indexOf(' ');
        return (space > 0 ? operation.substring(0, space) : operation) + " " + e.errnoName();
    }

    synchronized int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    synchronized boolean isEmpty() {
        return counts.isEmpty();
    }

    @Override
    public synchronized String toString() {
        if (counts.isEmpty()) {
            return "none";
        }
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        return entries.stream().map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining(", "));
    }
}
