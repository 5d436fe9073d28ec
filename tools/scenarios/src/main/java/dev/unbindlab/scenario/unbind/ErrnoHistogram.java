package dev.unbindlab.scenario.unbind;

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
public final class ErrnoHistogram {

    private final Map<String, Integer> counts = new LinkedHashMap<>();

    public synchronized void add(String key) {
        counts.merge(key, 1, Integer::sum);
    }

    /** {@code <operation> <ERRNO>}, e.g. {@code read ENODEV} (the operation's first word: {@code ioctl MEMGETINFO} counts as ioctl). */
    public void add(LinuxException e) {
        add(key(e));
    }

    public static String key(LinuxException e) {
        String operation = e.operation();
        int space = operation.indexOf(' ');
        return (space > 0 ? operation.substring(0, space) : operation) + " " + e.errnoName();
    }

    /** Adds every count of {@code other} (e.g. one cycle's outcomes to the whole run's). */
    public void addAll(ErrnoHistogram other) {
        Map<String, Integer> copy;
        synchronized (other) {
            copy = new LinkedHashMap<>(other.counts);
        }
        synchronized (this) {
            copy.forEach((key, count) -> counts.merge(key, count, Integer::sum));
        }
    }

    /** The counts, most frequent first (the order of {@link #toString}). */
    public synchronized Map<String, Integer> counts() {
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        Map<String, Integer> sorted = new LinkedHashMap<>();
        entries.forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    public synchronized int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    public synchronized boolean isEmpty() {
        return counts.isEmpty();
    }

    @Override
    public synchronized String toString() {
        if (counts.isEmpty()) {
            return "none";
        }
        return counts().entrySet().stream().map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining(", "));
    }
}
