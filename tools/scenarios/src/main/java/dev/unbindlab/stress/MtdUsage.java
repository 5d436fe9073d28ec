package dev.unbindlab.stress;

import dev.unbindlab.linux.sysfs.Sysfs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who else uses the MTDs an unbind would take away: UBI attached to one, or a filesystem mounted
 * from one (through mtdblock, {@code mtdN}/{@code mtd:NAME} as JFFS2 takes it, or a UBI volume on
 * it). Unbinding under a mounted filesystem on a real board loses data, so {@code unbindlab
 * stress} refuses unless {@code --force}.
 */
public final class MtdUsage {

    private static final Pattern MTD = Pattern.compile("mtd(\\d+)");
    private static final Pattern UBI = Pattern.compile("ubi(\\d+)");
    /** Mount sources that are an MTD: {@code /dev/mtdblock3}, {@code mtd3}, {@code mtd:name}. */
    private static final Pattern MTD_SOURCE = Pattern.compile("(?:/dev/mtdblock(\\d+))|(?:mtd(\\d+))|(?:mtd:(.+))");
    /** Mount sources that are a UBI volume: {@code ubi0:rootfs}, {@code ubi0_1}, {@code /dev/ubi0_1}. */
    private static final Pattern UBI_SOURCE = Pattern.compile("(?:/dev/)?ubi(\\d+)(?:[:_].*)?");

    private MtdUsage() {
    }

    /**
     * The uses of every MTD below {@code deviceDirectory} (a sysfs device directory, real path),
     * one line each; empty when nothing uses them.
     *
     * @param mountinfo {@code /proc/self/mountinfo} or a copy of it
     */
    public static List<String> of(Sysfs sysfs, Path deviceDirectory, Path mountinfo) throws IOException {
        Map<Integer, String> affected = mtdsBelow(sysfs, deviceDirectory.toRealPath());
        Map<Integer, Integer> ubiByMtd = ubiAttachments(sysfs);
        List<String> uses = new ArrayList<>();
        ubiByMtd.forEach((mtd, ubi) -> {
            if (affected.containsKey(mtd)) {
                uses.add(describe(mtd, affected) + " is attached to UBI as ubi" + ubi);
            }
        });
        if (Files.exists(mountinfo)) {
            for (String line : Files.readAllLines(mountinfo)) {
                mountedFrom(line, affected, ubiByMtd).ifPresent(uses::add);
            }
        }
        return uses;
    }

    private static String describe(int mtd, Map<Integer, String> affected) {
        return "mtd" + mtd + " (" + affected.get(mtd) + ")";
    }

    private static Map<Integer, String> mtdsBelow(Sysfs sysfs, Path deviceDirectory) throws IOException {
        Map<Integer, String> below = new TreeMap<>();
        Path classDirectory = sysfs.resolve("class/mtd");
        if (!Files.isDirectory(classDirectory)) {
            return below;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(classDirectory)) {
            for (Path entry : entries) {
                Matcher m = MTD.matcher(entry.getFileName().toString());
                if (m.matches() && entry.toRealPath().startsWith(deviceDirectory)) {
                    below.put(Integer.parseInt(m.group(1)), sysfs.readAttribute(entry.resolve("name")).orElse("?"));
                }
            }
        }
        return below;
    }

    private static Map<Integer, Integer> ubiAttachments(Sysfs sysfs) throws IOException {
        Map<Integer, Integer> ubiByMtd = new TreeMap<>();
        Path classDirectory = sysfs.resolve("class/ubi");
        if (!Files.isDirectory(classDirectory)) {
            return ubiByMtd;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(classDirectory)) {
            for (Path entry : entries) {
                Matcher m = UBI.matcher(entry.getFileName().toString());
                if (m.matches()) {
                    Optional<String> mtd = sysfs.readAttribute(entry.resolve("mtd_num"));
                    if (mtd.isPresent()) {
                        ubiByMtd.put(Integer.parseInt(mtd.get().trim()), Integer.parseInt(m.group(1)));
                    }
                }
            }
        }
        return ubiByMtd;
    }

    /** One mountinfo line: {@code ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [TAGS...] - FSTYPE SOURCE SUPEROPTIONS}. */
    static Optional<String> mountedFrom(String line, Map<Integer, String> affected, Map<Integer, Integer> ubiByMtd) {
        String[] fields = line.split(" ");
        int dash = List.of(fields).indexOf("-");
        if (dash < 5 || dash + 2 >= fields.length) {
            return Optional.empty();
        }
        String mountPoint = unescape(fields[4]);
        String type = fields[dash + 1];
        String source = unescape(fields[dash + 2]);
        Matcher mtdSource = MTD_SOURCE.matcher(source);
        if (mtdSource.matches()) {
            Optional<Integer> mtd = mtdSource.group(3) != null
                    ? affected.entrySet().stream().filter(e -> e.getValue().equals(mtdSource.group(3))).map(Map.Entry::getKey).findFirst()
                    : Optional.of(Integer.parseInt(mtdSource.group(1) != null ? mtdSource.group(1) : mtdSource.group(2)));
            if (mtd.isPresent() && affected.containsKey(mtd.get())) {
                return Optional.of(describe(mtd.get(), affected) + " is mounted on " + mountPoint + " (" + type + " from " + source + ")");
            }
            return Optional.empty();
        }
        Matcher ubiSource = UBI_SOURCE.matcher(source);
        if (ubiSource.matches()) {
            int ubi = Integer.parseInt(ubiSource.group(1));
            return ubiByMtd.entrySet().stream().filter(e -> e.getValue() == ubi && affected.containsKey(e.getKey())).findFirst()
                    .map(e -> describe(e.getKey(), affected) + " carries ubi" + ubi + ", mounted on " + mountPoint
                            + " (" + type + " from " + source + ")");
        }
        return Optional.empty();
    }

    /** mountinfo escapes space, tab, newline and backslash as octal ({@code \040}). */
    private static String unescape(String field) {
        Matcher m = Pattern.compile("\\\\([0-7]{3})").matcher(field);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 8))));
        }
        return m.appendTail(out).toString();
    }
}
