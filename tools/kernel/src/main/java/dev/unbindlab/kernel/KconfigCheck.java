package dev.unbindlab.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * merge_config.sh only warns when Kconfig drops a requested option (a missing dependency, a
 * renamed symbol); a guest without, say, KASAN would then silently report "clean". This finds
 * every option of the fragment that the final {@code .config} does not have as asked.
 */
final class KconfigCheck {

    private static final Pattern SET = Pattern.compile("^(CONFIG_[A-Za-z0-9_]+)=(.*)$");
    private static final Pattern UNSET = Pattern.compile("^# (CONFIG_[A-Za-z0-9_]+) is not set$");

    private KconfigCheck() {
    }

    /** {@code CONFIG_X (asked y, got not set)} for each option that did not stick. */
    static List<String> unmet(List<String> fragment, List<String> config) {
        Map<String, String> actual = parse(config);
        List<String> unmet = new ArrayList<>();
        parse(fragment).forEach((option, wanted) -> {
            String got = actual.getOrDefault(option, "n");
            if (!got.equals(wanted)) {
                unmet.add(option + " (asked " + show(wanted) + ", got " + show(got) + ")");
            }
        });
        return unmet;
    }

    private static Map<String, String> parse(List<String> lines) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String line : lines) {
            String l = line.strip();
            Matcher set = SET.matcher(l);
            Matcher unset = UNSET.matcher(l);
            if (set.matches()) {
                options.put(set.group(1), set.group(2));
            } else if (unset.matches()) {
                options.put(unset.group(1), "n");
            }
        }
        return options;
    }

    private static String show(String value) {
        return value.equals("n") ? "not set" : value;
    }
}
