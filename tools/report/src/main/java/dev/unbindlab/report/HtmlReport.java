package dev.unbindlab.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The matrix as one self-contained HTML page: rows are scenarios, columns kernel variants grouped
 * by architecture, each cell coloured by its verdict and outlined when the verdict is not the
 * expected one; the benchmark ratios follow with a small chart each. No script, no external file:
 * it renders the same in a browser, a CI artifact viewer or headless Chromium.
 */
final class HtmlReport {

    private static final String STYLE = """
            body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
            table { border-collapse: collapse; }
            th, td { border: 1px solid #bbb; padding: 4px 6px; vertical-align: top; }
            th { background: #eee; text-align: left; }
            td.cell { width: 13em; font-size: 12px; }
            td.none { background: #f6f6f6; color: #999; text-align: center; }
            .v-reproduced { background: #f8d0d0; }
            .v-clean { background: #d3f0d3; }
            .v-hang { background: #e3d3f3; }
            .v-fail { background: #fbe3c0; }
            .v-infra-error { background: #ddd; }
            td.unexpected { outline: 3px solid #c00; outline-offset: -3px; }
            .verdict { font-weight: bold; }
            .frame { font-family: monospace; }
            .legend span { display: inline-block; padding: 2px 8px; margin-right: 6px; border: 1px solid #bbb; }
            svg line.one { stroke: #888; stroke-dasharray: 3 2; }
            svg line.goal { stroke: #c60; }
            svg line.ci { stroke: #225; stroke-width: 2; }
            svg circle { fill: #225; }
            """;

    private HtmlReport() {
    }

    static String render(MatrixReport report) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>unbindlab matrix</title><style>")
                .append(STYLE).append("</style></head><body>\n");
        html.append("<h1>unbindlab matrix</h1>\n<p id=\"summary\">").append(report.cells().size()).append(" cells, ")
                .append(report.asExpected()).append(" as expected; started ").append(esc(report.started()))
                .append(" on ").append(esc(report.host())).append(", took ").append(String.format(Locale.ROOT, "%.0f", report.tookS()))
                .append(" s</p>\n");
        html.append("<p class=\"legend\"><span class=\"v-reproduced\">reproduced</span><span class=\"v-clean\">clean</span>"
                + "<span class=\"v-hang\">hang</span><span class=\"v-fail\">fail</span><span class=\"v-infra-error\">infra-error</span>"
                + "a red outline: not the verdict the scenario expects on that kernel</p>\n");
        matrix(html, report.cells());
        benchmarks(html, report.benchmarks());
        html.append("</body></html>\n");
        return html.toString();
    }

    private static void matrix(StringBuilder html, List<MatrixCell> cells) {
        Map<String, List<String>> kernelsByArch = new LinkedHashMap<>();
        Set<String> scenarios = new LinkedHashSet<>();
        Map<String, MatrixCell> byKey = new LinkedHashMap<>();
        for (MatrixCell cell : cells) {
            List<String> variants = kernelsByArch.computeIfAbsent(cell.arch(), a -> new ArrayList<>());
            if (!variants.contains(cell.variant())) {
                variants.add(cell.variant());
            }
            scenarios.add(cell.scenario());
            byKey.put(cell.scenario() + "|" + cell.kernel(), cell);
        }
        html.append("<table id=\"matrix\">\n<thead><tr><th rowspan=\"2\">scenario</th>");
        kernelsByArch.forEach((arch, variants) -> html.append("<th colspan=\"").append(variants.size()).append("\">")
                .append(esc(arch)).append("</th>"));
        html.append("</tr>\n<tr>");
        kernelsByArch.values().forEach(variants -> variants.forEach(v -> html.append("<th>").append(esc(v)).append("</th>")));
        html.append("</tr></thead>\n<tbody>\n");
        for (String scenario : scenarios) {
            html.append("<tr><th>").append(esc(scenario)).append("</th>");
            kernelsByArch.forEach((arch, variants) -> {
                for (String variant : variants) {
                    MatrixCell cell = byKey.get(scenario + "|" + arch + "-" + variant);
                    if (cell == null) {
                        html.append("<td class=\"none\" title=\"not a cell of the matrix\">–</td>");
                    } else {
                        cell(html, cell);
                    }
                }
            });
            html.append("</tr>\n");
        }
        html.append("</tbody></table>\n");
    }

    private static void cell(StringBuilder html, MatrixCell cell) {
        html.append("<td class=\"cell v-").append(esc(cell.verdict())).append(cell.asExpected() ? "" : " unexpected")
                .append("\" data-scenario=\"").append(esc(cell.scenario())).append("\" data-kernel=\"").append(esc(cell.kernel()))
                .append("\" data-verdict=\"").append(esc(cell.verdict())).append("\" data-as-expected=\"").append(cell.asExpected())
                .append("\" title=\"").append(esc(cell.explanation())).append("\">");
        html.append("<div class=\"verdict\">").append(esc(cell.verdict())).append("</div>");
        html.append("<div class=\"expected\">").append(cell.asExpected() ? "as expected" : "expected " + esc(cell.expected()))
                .append("</div>");
        cell.reportTitle().ifPresent(t -> html.append("<div class=\"title\">").append(esc(t)).append("</div>"));
        cell.guiltyFrame().ifPresent(f -> html.append("<div class=\"frame\">").append(esc(f)).append("</div>"));
        html.append("<div class=\"rate\">reproduced in ").append(cell.reproducedBoots()).append("/").append(cell.boots())
                .append(cell.boots() == 1 ? " boot" : " boots").append("</div>");
        cell.cyclesOk().ifPresent(ok -> html.append("<div class=\"cycles\">cycles ok ").append(ok).append("/")
                .append(cell.cyclesPlanned().orElse(ok)).append("</div>"));
        if (!cell.sharedBootWith().isEmpty()) {
            html.append("<div class=\"shared\" title=\"boot shared with ").append(esc(String.join(", ", cell.sharedBootWith())))
                    .append("\">shared boot (").append(cell.sharedBootWith().size() + 1).append(" scenarios)</div>");
        }
        if (cell.runDirectory().isEmpty()) {
            html.append("<div class=\"error\">").append(esc(cell.explanation())).append("</div>");
        }
        cell.console().ifPresent(c -> html.append("<a href=\"").append(esc(c)).append("\">console log</a>"));
        html.append("</td>");
    }

    private static void benchmarks(StringBuilder html, List<BenchmarkRatio> ratios) {
        html.append("<h2>Benchmark ratios</h2>\n");
        if (ratios.isEmpty()) {
            html.append("<p id=\"no-benchmarks\">No benchmark results were given to this matrix run"
                    + " (<code>--cost FILE</code> takes the JSON of <code>vm cost --json</code>).</p>\n");
            return;
        }
        html.append("<table id=\"benchmarks\"><thead><tr><th>group</th><th>measurement</th><th>candidate / baseline</th>"
                + "<th>ratio [95% CI]</th><th>goal</th><th>chart</th></tr></thead><tbody>\n");
        for (BenchmarkRatio r : ratios) {
            html.append("<tr data-benchmark=\"").append(esc(r.name())).append("\"><td>").append(esc(r.group())).append("</td><td>")
                    .append(esc(r.name())).append("</td><td>").append(esc(r.candidate())).append(" / ").append(esc(r.baseline()))
                    .append("</td><td>").append(String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", r.ratio(), r.low95(), r.high95()))
                    .append("</td><td>").append(goal(r)).append("</td><td>").append(chart(r)).append("</td></tr>\n");
        }
        html.append("</tbody></table>\n");
    }

    private static String goal(BenchmarkRatio r) {
        if (r.goal().isEmpty()) {
            return "–";
        }
        return (r.higherIsBetter() ? "≥ " : "≤ ") + String.format(Locale.ROOT, "%.2f", r.goal().get())
                + (r.meetsGoal().orElse(false) ? " met" : " not met");
    }

    /** A 200×24 axis around 1.0: the interval as a bar, the ratio as a dot, 1.0 dashed, the goal in orange. */
    static String chart(BenchmarkRatio r) {
        double lo = Math.min(0.8, Math.min(r.low95(), r.goal().orElse(1.0)) - 0.05);
        double hi = Math.max(1.2, Math.max(r.high95(), r.goal().orElse(1.0)) + 0.05);
        StringBuilder svg = new StringBuilder("<svg width=\"200\" height=\"24\" viewBox=\"0 0 200 24\" role=\"img\" aria-label=\"")
                .append(String.format(Locale.ROOT, "ratio %.3f", r.ratio())).append("\">");
        svg.append(line("one", x(1.0, lo, hi), 2, 22));
        r.goal().ifPresent(g -> svg.append(line("goal", x(g, lo, hi), 2, 22)));
        svg.append(String.format(Locale.ROOT, "<line class=\"ci\" x1=\"%.1f\" y1=\"12\" x2=\"%.1f\" y2=\"12\"/>",
                x(r.low95(), lo, hi), x(r.high95(), lo, hi)));
        svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"12\" r=\"4\"/>", x(r.ratio(), lo, hi)));
        return svg.append("</svg>").toString();
    }

    private static String line(String cssClass, double x, int y1, int y2) {
        return String.format(Locale.ROOT, "<line class=\"%s\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>", cssClass, x, y1, x, y2);
    }

    private static double x(double value, double lo, double hi) {
        return 5 + 190 * (value - lo) / (hi - lo);
    }

    static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
