package dev.unbindlab.triage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One console line with its printk decorations taken off: syslog level ({@code <3>}), time stamp
 * ({@code [   12.345678]}) and caller id ({@code [T466]}, {@code [  C1]}) from CONFIG_PRINTK_CALLER.
 * The caller id lets the triage keep apart reports that two CPUs print at the same time.
 *
 * @param number 1-based line number in the log
 * @param caller the printk caller id, when the kernel printed one
 * @param text   the message, trailing white space removed
 */
public record ConsoleLine(int number, Optional<String> caller, String text) {

    private static final Pattern PREFIX = Pattern.compile(
            "^(?:<\\d{1,3}>)?(?:\\[\\s{0,12}\\d{1,10}\\.\\d{1,9}\\])?(?:\\[\\s{0,8}([TC]\\d{1,10})\\])?");
    private static final Pattern ANSI = Pattern.compile("\\x1B\\[[0-9;?]*[A-Za-z]");
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B-\\x1F\\x7F]");

    public static List<ConsoleLine> parse(String log) {
        String[] raw = log.split("\n", -1);
        List<ConsoleLine> lines = new ArrayList<>(raw.length);
        for (int i = 0; i < raw.length; i++) {
            lines.add(of(i + 1, raw[i]));
        }
        return lines;
    }

    public static ConsoleLine of(int number, String raw) {
        String clean = CONTROL.matcher(ANSI.matcher(raw).replaceAll("")).replaceAll("");
        Matcher m = PREFIX.matcher(clean);
        String text = clean;
        String caller = null;
        if (m.lookingAt() && m.end() > 0) {
            caller = m.group(1);
            text = clean.substring(m.end());
            // printk puts one space between the prefix and the message; frames keep their indent.
            if (text.startsWith(" ")) {
                text = text.substring(1);
            }
        }
        return new ConsoleLine(number, Optional.ofNullable(caller), text.stripTrailing());
    }
}
