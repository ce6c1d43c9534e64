package io.github.camelloganalytics.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws the run as one SVG beside {@code results.json}: throughput of each way on Logs Ingestion against the round
 * trip, and the latency of acknowledged delivery (p50 and p99) against the offered steady rate. Plain SVG, so any
 * browser or documentation site shows it as it is.
 */
final class Chart {

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
    private static final int PANEL_WIDTH = 520;
    private static final int HEIGHT = 380;
    private static final int LEFT = 80;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 110;

    private Chart() {
    }

    /** The SVG of both panels; a panel without rows says so instead of drawing nothing. */
    static String render(List<Benchmark.Result> logsIngestion, List<SteadyRate.Row> steady) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                                              + "font-family=\"sans-serif\" font-size=\"12\">%n", 2 * PANEL_WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", 2 * PANEL_WIDTH, HEIGHT));

        List<Long> trips = logsIngestion.stream().map(Benchmark.Result::roundTripMs).distinct().sorted().toList();
        Map<String, List<Double>> throughput = new LinkedHashMap<>();
        for (String way : logsIngestion.stream().map(Benchmark.Result::way).distinct().toList()) {
            List<Double> values = new ArrayList<>();
            for (long trip : trips) {
                values.add(logsIngestion.stream().filter(r -> r.way().equals(way) && r.roundTripMs() == trip)
                        .map(r -> r.recordsPerSecond() / 1000).findFirst().orElse(null));
            }
            throughput.put(way, values);
        }
        panel(svg, 0, "Logs Ingestion: throughput against round trip", "round trip (ms)", "thousand records/s",
                trips.stream().map(String::valueOf).toList(), throughput, false);

        List<Long> rates = steady.stream().map(SteadyRate.Row::offeredPerSecond).distinct().sorted().toList();
        Map<String, List<Double>> latency = new LinkedHashMap<>();
        for (SteadyRate.Row sample : steady.stream().filter(r -> r.p99Millis() != null && !r.api().equals("none")).toList()) {
            String name = sample.api() + " " + sample.way();
            if (latency.containsKey(name + " p50")) {
                continue;
            }
            List<Double> p50 = new ArrayList<>();
            List<Double> p99 = new ArrayList<>();
            for (long rate : rates) {
                SteadyRate.Row row = steady.stream().filter(r -> r.api().equals(sample.api())
                        && r.way().equals(sample.way()) && r.offeredPerSecond() == rate).findFirst().orElse(null);
                p50.add(row == null ? null : row.p50Millis());
                p99.add(row == null ? null : row.p99Millis());
            }
            latency.put(name + " p50", p50);
            latency.put(name + " p99", p99);
        }
        panel(svg, PANEL_WIDTH, "Acknowledged delivery: latency against steady rate", "records offered a second",
                "ms from send to completion (p50 solid, p99 dashed)", rates.stream().map(String::valueOf).toList(), latency,
                true);
        return svg.append("</svg>\n").toString();
    }

    /** One panel; {@code logScale} for latencies, which span milliseconds to seconds when a rate outruns a quota. */
    private static void panel(StringBuilder svg, int x0, String title, String xLabel, String yLabel, List<String> xs,
                              Map<String, List<Double>> series, boolean logScale) {
        int width = PANEL_WIDTH - LEFT - RIGHT;
        int height = HEIGHT - TOP - BOTTOM;
        svg.append(text(x0 + PANEL_WIDTH / 2, 20, title, "middle", "bold"));
        if (xs.isEmpty() || series.isEmpty()) {
            svg.append(text(x0 + PANEL_WIDTH / 2, HEIGHT / 2, "not measured in this run", "middle", "normal"));
            return;
        }
        double max = series.values().stream().flatMap(List::stream).filter(v -> v != null).mapToDouble(v -> v).max()
                .orElse(1);
        double min = series.values().stream().flatMap(List::stream).filter(v -> v != null && v > 0).mapToDouble(v -> v)
                .min().orElse(1);
        Scale scale = logScale ? Scale.log(min, max) : Scale.linear(max);
        int left = x0 + LEFT;
        for (double value : scale.ticks()) {
            double y = TOP + height - height * scale.fraction(value);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    left, y, left + width, y));
            svg.append(text(left - 6, (int) y + 4, format(value), "end", "normal"));
        }
        for (int i = 0; i < xs.size(); i++) {
            svg.append(text((int) xAt(left, width, xs.size(), i), TOP + height + 16, xs.get(i), "middle", "normal"));
        }
        svg.append(text(left + width / 2, TOP + height + 34, xLabel, "middle", "normal"));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 %d %d)\">"
                                              + "%s</text>%n", x0 + 18, TOP + height / 2, x0 + 18, TOP + height / 2, escape(yLabel)));
        int n = 0;
        int legendEntries = 0;
        for (Map.Entry<String, List<Double>> line : series.entrySet()) {
            String colour = COLOURS[(n / (line.getKey().endsWith(" p99") || line.getKey().endsWith(" p50") ? 2 : 1))
                                    % COLOURS.length];
            boolean dashed = line.getKey().endsWith(" p99");
            StringBuilder points = new StringBuilder();
            List<Double> values = line.getValue();
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i) != null) {
                    double px = xAt(left, width, xs.size(), i);
                    double py = TOP + height - height * scale.fraction(values.get(i));
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
                    svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", px,
                            py, colour));
                }
            }
            svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
                    points.toString().trim(), colour, dashed ? " stroke-dasharray=\"6 4\"" : ""));
            if (!dashed) {
                // one legend entry a way: its p99 shares its colour, dashed
                int entry = legendEntries++;
                int legendY = TOP + height + 52 + 15 * (entry / 2);
                int legendX = x0 + 20 + (entry % 2) * (PANEL_WIDTH / 2 - 10);
                svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                                                      + "stroke-width=\"2\"/>%n", legendX, legendY - 4, legendX + 18, legendY - 4, colour));
                svg.append(text(legendX + 24, legendY, line.getKey().replaceFirst(" p50$", ""), "start", "normal"));
            }
            n++;
        }
    }

    /** Where a value sits between the bottom and the top of a panel, and the values marked on its axis. */
    private record Scale(boolean log, double bottom, double top) {

        static Scale linear(double max) {
            return new Scale(false, 0, niceCeiling(max));
        }

        static Scale log(double min, double max) {
            return new Scale(true, Math.pow(10, Math.floor(Math.log10(min))), Math.pow(10, Math.ceil(Math.log10(Math.max(max, min * 10)))));
        }

        double fraction(double value) {
            if (log) {
                return (Math.log10(Math.max(value, bottom)) - Math.log10(bottom)) / (Math.log10(top) - Math.log10(bottom));
            }
            return (value - bottom) / (top - bottom);
        }

        List<Double> ticks() {
            List<Double> ticks = new ArrayList<>();
            if (log) {
                for (double value = bottom; value <= top * 1.0001; value *= 10) {
                    ticks.add(value);
                }
            } else {
                for (int tick = 0; tick <= 4; tick++) {
                    ticks.add(bottom + (top - bottom) * tick / 4);
                }
            }
            return ticks;
        }
    }

    private static double xAt(int left, int width, int count, int i) {
        return count == 1 ? left + width / 2.0 : left + 10 + (width - 20) * i / (double) (count - 1);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code value}. */
    static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String format(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String text(int x, int y, String content, String anchor, String weight) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" font-weight=\"%s\">%s</text>%n", x, y,
                anchor, weight, escape(content));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
