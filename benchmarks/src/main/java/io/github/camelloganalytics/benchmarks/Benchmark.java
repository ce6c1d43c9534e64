package io.github.camelloganalytics.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.camelloganalytics.emulator.SelfSignedTls;

/**
 * Measures, in one run, how fast the same records reach the same local sink through each way a Camel user could ship
 * them, how cost grows with volume, how each way copes with a service that takes time to answer, and whether the
 * component's memory stays bounded. Prints tables and writes {@code target/results.json}.
 * <p>
 * Arguments: {@code --records N} (default 100000), {@code --warmup N}, {@code --rounds N} (the main table reports the
 * median of that many interleaved rounds), {@code --scaling 10000,100000,1000000}, {@code --round-trips 10,50,200}
 * (milliseconds the sink waits before answering), {@code --memory 10000,100000,1000000} (single-record runs in a JVM
 * whose heap is limited to maxPendingBytes plus {@value #MEMORY_CONSTANT_MIB} MiB), {@code --steady 2000,20000,100000}
 * (records a second offered at a steady rate, the sink answering after {@value #STEADY_ROUND_TRIP_MS} ms; {@code none}
 * to leave them out),
 * {@code --steady-warmup S} and {@code --steady-seconds S} (10 and 10), {@code --steady-only} (those runs alone),
 * {@code --out path}; {@code --chart a.json,b.json} draws the chart from earlier results into the {@code --out} path;
 * {@code --sweep N} compares settings instead, {@code --profile N} runs the single-record scenario alone for a
 * profiler and prints its requests, CPU time and bytes allocated a record. Beside the JSON, {@code results.svg}
 * charts throughput against round trip and latency against steady rate.
 */
public final class Benchmark {

    static final String WORKSPACE = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
    static final String KEY = "YmVuY2htYXJrLXdvcmtzcGFjZS1rZXktMDEyMzQ1Njc4OWFiY2RlZg==";

    /** The round trip of the steady-rate runs. */
    static final long STEADY_ROUND_TRIP_MS = 50;
    /** The component's default batchTimeout. */
    static final long DEFAULT_BATCH_TIMEOUT_MS = 100;

    /** The component's default maxPendingBytes. */
    static final long MAX_PENDING_MIB = 64;
    /** What the memory runs allow besides maxPendingBytes: Camel, the sink, the pre-generated records, the JIT. */
    static final long MEMORY_CONSTANT_MIB = 128;

    /**
     * One measured run of a scenario against a sink that answers after {@code roundTripMs}: its {@code api}
     * ({@code dataCollector}, {@code logsIngestion}) and its {@code way} ({@code limit}, {@code list},
     * {@code single acknowledged}, {@code single queued}, {@code diy}, {@code diy parallel}, {@code sdk}, ...).
     */
    public record Result(String name, String api, String way, long roundTripMs, long records, double seconds,
            double recordsPerSecond, double megabytesPerSecond, double cpuSeconds, long peakHeapBytes,
            long maxRequestsInFlight, Double ratioToLimit) {

        Result withRatio(double limitRate) {
            return new Result(name, api, way, roundTripMs, records, seconds, recordsPerSecond, megabytesPerSecond,
                    cpuSeconds, peakHeapBytes, maxRequestsInFlight, recordsPerSecond / limitRate);
        }
    }

    /**
     * A run against a sink that allows {@code allowedPerSecond} requests a second and answers the others 429 with
     * Retry-After: how close the accepted requests came to the allowance, and how many were refused.
     */
    public record RateLimitedRun(String name, long records, int allowedPerSecond, double seconds, long requests,
            long throttled, double acceptedPerSecond, double ratioToAllowed, double throttledShare) {
    }

    /** One single-record run in a JVM with a bounded heap; {@code recordsPerSecond} is 0 when it did not complete. */
    public record MemoryRun(long records, long maxHeapMiB, boolean completed, double recordsPerSecond,
            long peakHeapBytes, String failure) {
    }

    /** What one run is made of. */
    record Plan(long records, long warmup, int rounds, List<Long> scaling, List<Long> roundTrips, List<Long> memory,
                int allowedPerSecond, boolean logsIngestion, List<Long> steadyRates, long steadyWarmupSeconds,
                long steadySeconds) {

        Plan(long records, long warmup, int rounds, List<Long> scaling, List<Long> roundTrips, List<Long> memory,
             int allowedPerSecond, boolean logsIngestion) {
            this(records, warmup, rounds, scaling, roundTrips, memory, allowedPerSecond, logsIngestion, List.of(), 0, 0);
        }

        Plan(long records, long warmup, int rounds, List<Long> scaling, List<Long> roundTrips, List<Long> memory) {
            this(records, warmup, rounds, scaling, roundTrips, memory, 2, true);
        }
    }

    private final LogEvents events = new LogEvents(10_000);
    private final PrintStream out;

    Benchmark(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        long records = 100_000;
        long warmup = 50_000;
        int rounds = 3;
        List<Long> scaling = List.of(10_000L, 100_000L, 1_000_000L);
        List<Long> roundTrips = List.of(10L, 50L, 200L);
        List<Long> memory = List.of(10_000L, 100_000L, 1_000_000L);
        Path output = Path.of(System.getProperty("bench.out", "target/results.json"));
        Long sweep = null;
        Long profile = null;
        Long memoryProbe = null;
        int allowedPerSecond = 2;
        boolean compression = false;
        List<Long> steadyRates = List.of(2_000L, 20_000L, 100_000L);
        long steadyWarmup = 10;
        long steadySeconds = 10;
        boolean steadyOnly = false;
        List<Path> chartFrom = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--records" -> records = Long.parseLong(args[++i]);
                case "--warmup" -> warmup = Long.parseLong(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--scaling" -> scaling = longs(args[++i]);
                case "--round-trips" -> roundTrips = longs(args[++i]);
                case "--memory" -> memory = longs(args[++i]);
                case "--out" -> output = Path.of(args[++i]);
                case "--sweep" -> sweep = Long.parseLong(args[++i]);
                case "--profile" -> profile = Long.parseLong(args[++i]);
                case "--memory-probe" -> memoryProbe = Long.parseLong(args[++i]);
                case "--rate-limit" -> allowedPerSecond = Integer.parseInt(args[++i]);
                case "--compression" -> compression = true;
                case "--steady" -> steadyRates = "none".equals(args[++i]) ? List.of() : longs(args[i]);
                case "--steady-only" -> steadyOnly = true;
                case "--chart" -> chartFrom = Arrays.stream(args[++i].split(",")).map(Path::of).toList();
                case "--steady-warmup" -> steadyWarmup = Long.parseLong(args[++i]);
                case "--steady-seconds" -> steadySeconds = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (memoryProbe != null) {
            new Benchmark(System.out).memoryProbe(memoryProbe);
            return;
        }
        if (sweep != null) {
            new Benchmark(System.out).sweep(new Plan(sweep, Math.min(warmup, sweep), rounds, List.of(), roundTrips,
                    List.of()));
            return;
        }
        if (profile != null) {
            new Benchmark(System.out).profileSingleRecords(profile);
            return;
        }
        if (chartFrom != null) {
            chart(chartFrom, output);
            return;
        }
        if (steadyOnly) {
            Benchmark benchmark = new Benchmark(System.out);
            List<SteadyRate.Row> rows = benchmark.steady(steadyRates, steadyWarmup, steadySeconds);
            benchmark.printSteady(rows, steadySeconds);
            Map<String, Object> targets = steadyTargets(rows);
            targets.forEach((k, v) -> System.out.println("Target " + k + ": " + v));
            write(output, Map.of("steadyRate", rows, "targets", targets), Chart.render(List.of(), rows));
            return;
        }
        if (compression) {
            new CompressionLevels(new LogEvents(10_000), System.out).measure(Scenarios.BATCH, 20);
            return;
        }
        Map<String, Object> report = new Benchmark(System.out)
                .run(new Plan(records, warmup, rounds, scaling, roundTrips, memory, allowedPerSecond, true, steadyRates,
                        steadyWarmup, steadySeconds));
        @SuppressWarnings("unchecked")
        String chart = Chart.render((List<Result>) report.get("logsIngestion"),
                (List<SteadyRate.Row>) report.get("steadyRate"));
        write(output, report, chart);
    }

    /**
     * Draws the chart from the rows of earlier runs' results: the Logs Ingestion rows of one, the steady-rate rows of
     * another (a full run and a {@code --steady-only} run), whichever file has them.
     */
    private static void chart(List<Path> reports, Path output) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<Result> logsIngestion = new ArrayList<>();
        List<SteadyRate.Row> steady = new ArrayList<>();
        for (Path report : reports) {
            var tree = mapper.readTree(report.toFile());
            if (tree.hasNonNull("logsIngestion")) {
                logsIngestion.addAll(List.of(mapper.treeToValue(tree.get("logsIngestion"), Result[].class)));
            }
            if (tree.hasNonNull("steadyRate")) {
                steady.addAll(List.of(mapper.treeToValue(tree.get("steadyRate"), SteadyRate.Row[].class)));
            }
        }
        Path svg = output.resolveSibling(output.getFileName().toString().replaceFirst("\\.(json|svg)$", "") + ".svg");
        Files.writeString(svg, Chart.render(logsIngestion, steady));
        System.out.println("Chart written to " + svg.toAbsolutePath());
    }

    /** Writes the report, and its chart beside it: {@code results.json} and {@code results.svg}. */
    private static void write(Path output, Map<String, Object> report, String chart) throws IOException {
        Files.createDirectories(output.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(output.toFile(), report);
        Path svg = output.resolveSibling(output.getFileName().toString().replaceFirst("\\.json$", "") + ".svg");
        Files.writeString(svg, chart);
        System.out.println("Results written to " + output.toAbsolutePath() + ", their chart to " + svg.toAbsolutePath());
    }

    private static List<Long> longs(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(t -> !t.isEmpty()).map(Long::parseLong).toList();
    }

    Map<String, Object> run(Plan plan) throws Exception {
        out.printf("Machine: %d cores, Java %s, max heap %d MiB%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
        out.printf("Records: %d to %d bytes of JSON, 11 fields of mixed types; every scenario uses batches of %d; the "
                   + "limits keep %d requests in flight, the component starts there and adapts (its defaults)%n",
                events.minSize(), events.maxSize(), Scenarios.BATCH, Scenarios.CONCURRENCY);
        List<Result> main;
        List<Result> scalingRows = new ArrayList<>();
        try (CountingSink sink = new CountingSink(WORKSPACE, KEY, 4)) {
            Scenarios scenarios = new Scenarios(events, sink.endpoint(), WORKSPACE, KEY);
            Scenarios.Scenario limit = scenarios.limit();
            Scenarios.Scenario lists = scenarios.componentListBodies(Scenarios.BATCH);
            Scenarios.Scenario single = scenarios.componentSingleRecords();
            List<Scenarios.Scenario> all = List.of(scenarios.sinkCeiling(), limit, lists,
                    scenarios.componentListBodies(1000), single, scenarios.componentSingleRecordsQueued(),
                    scenarios.componentQueued(), scenarios.diyRoute());
            try {
                main = medianOfRounds(all, plan, sink);
                double limitRate = main.get(all.indexOf(limit)).recordsPerSecond();
                main.replaceAll(r -> r.withRatio(limitRate));
                for (long n : plan.scaling()) {
                    Result limitRow = measure(limit, n, sink);
                    scalingRows.add(limitRow.withRatio(limitRow.recordsPerSecond()));
                    scalingRows.add(measure(lists, n, sink).withRatio(limitRow.recordsPerSecond()));
                    scalingRows.add(measure(single, n, sink).withRatio(limitRow.recordsPerSecond()));
                }
            } finally {
                closeAll(all);
            }
            checkSignatures(sink);
        }
        List<Result> alone;
        Scenarios withoutSink = new Scenarios(events, "http://127.0.0.1:9", WORKSPACE, KEY);
        List<Scenarios.Scenario> camelAlone = List.of(withoutSink.camelAlone(false), withoutSink.camelAlone(true));
        try {
            alone = medianOfRounds(camelAlone, plan, null);
        } finally {
            closeAll(camelAlone);
        }
        List<Result> roundTripRows = new ArrayList<>();
        for (long roundTrip : plan.roundTrips()) {
            roundTripRows.addAll(roundTrip(roundTrip, plan));
        }
        List<Result> logsIngestionRows = new ArrayList<>();
        RateLimitedRun rateLimited = null;
        RateLimitedRun unpaced = null;
        if (plan.logsIngestion()) {
            List<Long> logsIngestionTrips = new ArrayList<>(List.of(0L));
            logsIngestionTrips.addAll(plan.roundTrips());
            for (long roundTrip : logsIngestionTrips) {
                logsIngestionRows.addAll(logsIngestion(roundTrip, plan));
            }
            rateLimited = rateLimited(plan, true);
            unpaced = rateLimited(plan, false);
        }
        List<SteadyRate.Row> steadyRows = plan.steadyRates().isEmpty() ? List.of()
                : steady(plan.steadyRates(), plan.steadyWarmupSeconds(), plan.steadySeconds());
        List<MemoryRun> memoryRuns = new ArrayList<>();
        for (long records : plan.memory()) {
            memoryRuns.add(boundedHeapRun(records));
        }

        out.println();
        print("Scenarios at " + plan.records() + " records, the sink answering at once (median of " + plan.rounds()
              + " rounds)", main);
        out.println();
        print("Camel's own cost of one record per exchange, nothing shipped (median of " + plan.rounds() + " rounds)",
                alone);
        out.println();
        print("Scaling", scalingRows);
        if (!roundTripRows.isEmpty()) {
            out.println();
            print("The sink answering after a round trip (ms), " + plan.records() + " records", roundTripRows);
        }
        if (rateLimited != null) {
            out.println();
            print("Logs Ingestion API over https, gzip, bearer token, answering after a round trip (ms), "
                  + plan.records() + " records", logsIngestionRows);
            out.println();
            out.printf("Rate-limited sink: %d requests allowed a second, the others answered 429 with Retry-After: 1%n",
                    rateLimited.allowedPerSecond());
            for (RateLimitedRun run : List.of(rateLimited, unpaced)) {
                out.printf("%s: %d records in %.1f s, %d requests, %d answered 429 (%.0f%%), %.2f accepted requests/s"
                           + " = %.2f x the allowance%n", run.name(), run.records(), run.seconds(), run.requests(),
                        run.throttled(), 100 * run.throttledShare(), run.acceptedPerSecond(), run.ratioToAllowed());
            }
        }
        if (!steadyRows.isEmpty()) {
            out.println();
            printSteady(steadyRows, plan.steadySeconds());
        }
        if (!memoryRuns.isEmpty()) {
            out.println();
            printMemory(memoryRuns);
        }
        Map<String, Object> targets = targets(main, alone, roundTripRows, logsIngestionRows, rateLimited, memoryRuns);
        targets.putAll(steadyTargets(steadyRows));
        out.println();
        targets.forEach((k, v) -> out.println("Target " + k + ": " + v));

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                "java", System.getProperty("java.version"), "maxHeapBytes", Runtime.getRuntime().maxMemory()));
        report.put("settings", Map.of("batchSize", Scenarios.BATCH, "limitConcurrency", Scenarios.CONCURRENCY,
                "maxConcurrentRequests", 16, "adaptiveConcurrency", true, "senders", Scenarios.SENDERS,
                "rounds", plan.rounds()));
        report.put("scenarios", main);
        report.put("camelAlone", alone);
        report.put("scaling", scalingRows);
        report.put("roundTrips", roundTripRows);
        report.put("logsIngestion", logsIngestionRows);
        report.put("rateLimited", rateLimited);
        report.put("rateLimitedWithoutQuota", unpaced);
        report.put("steadyRate", steadyRows);
        report.put("memory", memoryRuns);
        report.put("targets", targets);
        return report;
    }

    /**
     * Warms every scenario up, then measures them in turn, round after round, so drift (JIT, GC, a neighbour on the
     * machine) spreads over all of them; reports each scenario's median round by records per second.
     */
    private List<Result> medianOfRounds(List<Scenarios.Scenario> all, Plan plan, CountingSink sink) throws Exception {
        for (Scenarios.Scenario scenario : all) {
            measure(scenario, plan.warmup(), sink);
        }
        List<List<Result>> rounds = new ArrayList<>();
        all.forEach(s -> rounds.add(new ArrayList<>()));
        for (int round = 0; round < plan.rounds(); round++) {
            for (int i = 0; i < all.size(); i++) {
                rounds.get(i).add(measure(all.get(i), plan.records(), sink));
            }
        }
        List<Result> medians = new ArrayList<>();
        for (List<Result> results : rounds) {
            results.sort(Comparator.comparingDouble(Result::recordsPerSecond));
            medians.add(results.get(results.size() / 2));
        }
        return medians;
    }

    /** The ways that differ in how they wait for the service, against a sink that answers after a round trip. */
    private List<Result> roundTrip(long roundTrip, Plan plan) throws Exception {
        List<Result> rows;
        try (CountingSink sink = new CountingSink(WORKSPACE, KEY, 4, roundTrip)) {
            Scenarios scenarios = new Scenarios(events, sink.endpoint(), WORKSPACE, KEY);
            rows = measureEach(List.of(scenarios.limit(), scenarios.componentSingleRecords(),
                    scenarios.componentSingleRecordsQueued(), scenarios.diyRoute(), scenarios.diyRoute(true)), plan, sink);
            checkSignatures(sink);
        }
        return rows;
    }

    /** Warms each scenario up and measures it once; ratios to the first, the limit. Closes them all. */
    private List<Result> measureEach(List<Scenarios.Scenario> all, Plan plan, CountingSink sink) throws Exception {
        List<Result> rows = new ArrayList<>();
        try {
            for (Scenarios.Scenario scenario : all) {
                measure(scenario, plan.warmup(), sink);
                rows.add(measure(scenario, plan.records(), sink));
            }
        } finally {
            closeAll(all);
        }
        double limitRate = rows.get(0).recordsPerSecond();
        rows.replaceAll(r -> r.withRatio(limitRate));
        return rows;
    }

    /**
     * The Logs Ingestion ways against a sink that answers after {@code roundTrip} ms: the limit, the component with
     * list bodies and with single-record exchanges (acknowledged and queued), and an Aggregator with the Azure SDK.
     */
    private List<Result> logsIngestion(long roundTrip, Plan plan) throws Exception {
        List<Result> rows;
        SelfSignedTls tls = SelfSignedTls.create();
        try (CountingSink sink = CountingSink.logsIngestion(LogsIngestionScenarios.TOKEN, tls.serverContext(), 4,
                roundTrip, 0)) {
            LogsIngestionScenarios scenarios = new LogsIngestionScenarios(events, sink.endpoint(), tls);
            rows = measureEach(List.of(scenarios.limit(), scenarios.componentListBodies(Scenarios.BATCH),
                    scenarios.componentSingleRecords(false), scenarios.componentSingleRecords(true), scenarios.sdkRoute()),
                    plan, sink);
            checkTokens(sink);
        }
        return rows;
    }

    /**
     * Single-record exchanges, acknowledged, against a Logs Ingestion sink that allows so many requests a second: with
     * the rule's quota set to that allowance ({@code budget}), or with none kept, the requests in flight then following
     * the service's answers alone.
     */
    private RateLimitedRun rateLimited(Plan plan, boolean budget) throws Exception {
        SelfSignedTls tls = SelfSignedTls.create();
        try (CountingSink sink = CountingSink.logsIngestion(LogsIngestionScenarios.TOKEN, tls.serverContext(), 4, 0,
                plan.allowedPerSecond())) {
            Scenarios.Scenario single = new LogsIngestionScenarios(events, sink.endpoint(), tls)
                    .componentSingleRecords(false, "requestsPerMinute=" + (budget ? plan.allowedPerSecond() * 60 : 0));
            try {
                long requestsBefore = sink.requests();
                long throttledBefore = sink.throttled();
                Result result = measure(single, plan.records(), sink);
                long requests = sink.requests() - requestsBefore;
                long throttled = sink.throttled() - throttledBefore;
                double accepted = (requests - throttled) / result.seconds();
                return new RateLimitedRun(single.name() + (budget ? ", requestsPerMinute = the allowance"
                        : ", no quota kept"), result.records(), plan.allowedPerSecond(), result.seconds(),
                        requests, throttled, accepted, accepted / plan.allowedPerSecond(),
                        requests == 0 ? 0 : (double) throttled / requests);
            } finally {
                single.close();
            }
        }
    }

    private void checkTokens(CountingSink sink) {
        if (sink.badSignatures() > 0 || sink.oversized() > 0) {
            throw new IllegalStateException(sink.badSignatures() + " requests had a bad token, " + sink.oversized()
                                            + " were over 1 MiB");
        }
        out.printf("Logs Ingestion sink (answering after %d ms): %d requests, %d tokens checked, none bad, none over 1 MiB%n",
                sink.latencyMillis(), sink.requests(), sink.verified());
    }

    /**
     * Runs the single-record scenario in a child JVM whose heap is limited to maxPendingBytes plus a constant: if the
     * component kept more than maxPendingBytes of records and exchanges, a large run would not complete.
     */
    private MemoryRun boundedHeapRun(long records) throws Exception {
        long maxHeapMiB = MAX_PENDING_MIB + MEMORY_CONSTANT_MIB;
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeapMiB + "m", "-XX:+ExitOnOutOfMemoryError", "-cp", childClasspath(),
                Benchmark.class.getName(), "--memory-probe", Long.toString(records));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String result = null;
        StringBuilder tail = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("PROBE ")) {
                    result = line;
                } else if (tail.length() < 2000) {
                    tail.append(line).append('\n');
                }
            }
        }
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        if (process.exitValue() != 0 || result == null) {
            String failure = "exit " + process.exitValue() + ": " + tail.toString().strip();
            return new MemoryRun(records, maxHeapMiB, false, 0, 0, failure);
        }
        String[] fields = result.split(" ");
        return new MemoryRun(records, maxHeapMiB, true, Double.parseDouble(fields[2]), Long.parseLong(fields[3]), null);
    }

    /** The project's classes and dependencies, as written by the build (see the pom). */
    private static String childClasspath() throws Exception {
        Path dependencies = Path.of(System.getProperty("bench.classpath", "target/benchmark.classpath"));
        String classes = System.getProperty("bench.classes", "target/classes");
        return classes + java.io.File.pathSeparator + Files.readString(dependencies).strip();
    }

    /** The child side of {@link #boundedHeapRun}: prints {@code PROBE records recordsPerSecond peakHeapBytes}. */
    void memoryProbe(long records) throws Exception {
        try (CountingSink sink = new CountingSink(WORKSPACE, KEY, 4)) {
            Scenarios.Scenario single = new Scenarios(events, sink.endpoint(), WORKSPACE, KEY).componentSingleRecords();
            try {
                measure(single, Math.min(records, 20_000), sink);
                Result result = measure(single, records, sink);
                out.printf("PROBE %d %.0f %d%n", records, result.recordsPerSecond(), result.peakHeapBytes());
            } finally {
                single.close();
            }
        }
    }

    /**
     * The single-record (acknowledged and queued) and list-body scenarios under several settings, to choose the
     * defaults; once per round trip, each the median of the plan's rounds taken in turn, so that the JIT and the
     * machine's noise fall on every setting alike.
     */
    void sweep(Plan plan) throws Exception {
        List<String> settings = List.of(System.getProperty("bench.settings",
                "adaptiveConcurrency=false&maxConcurrentRequests=4;adaptiveConcurrency=false&maxConcurrentRequests=16;"
                + "adaptiveConcurrency=true;batchSize=1000;batchTimeout=20;maxPendingBytes=134217728").split(";"));
        List<Long> latencies = new ArrayList<>(List.of(0L));
        latencies.addAll(plan.roundTrips());
        boolean logsIngestion = "logsIngestion".equals(System.getProperty("bench.api"));
        for (long roundTrip : latencies) {
            if (logsIngestion) {
                sweepLogsIngestion(settings, roundTrip, plan);
            } else {
                sweepDataCollector(settings, roundTrip, plan);
            }
        }
    }

    /** The sweep on the Data Collector path, each a ratio to the do-it-yourself route with parallelProcessing. */
    private void sweepDataCollector(List<String> settings, long roundTrip, Plan plan) throws Exception {
        try (CountingSink sink = new CountingSink(WORKSPACE, KEY, 4, roundTrip)) {
            Scenarios scenarios = new Scenarios(events, sink.endpoint(), WORKSPACE, KEY);
            print("Settings, the sink answering after " + roundTrip + " ms, median of " + plan.rounds()
                  + " rounds (x diy parallel)", relativeToFirst(plan, sink, all -> {
                      all.add(scenarios.diyRoute(true));
                      for (String setting : settings) {
                          all.add(scenarios.componentSingleRecords(setting));
                          all.add(scenarios.componentSingleRecordsQueued(setting));
                          all.add(scenarios.componentListBodies(1000, setting));
                      }
                  }));
        }
    }

    interface ScenarioList {
        void addTo(List<Scenarios.Scenario> all) throws Exception;
    }

    /** Medians of interleaved rounds of the scenarios listed, each a ratio to the first; closes them all. */
    private List<Result> relativeToFirst(Plan plan, CountingSink sink, ScenarioList list) throws Exception {
        List<Scenarios.Scenario> all = new ArrayList<>();
        try {
            list.addTo(all);
            List<Result> results = medianOfRounds(all, plan, sink);
            double reference = results.get(0).recordsPerSecond();
            results.replaceAll(r -> r.withRatio(reference));
            return results;
        } finally {
            closeAll(all);
        }
    }

    /** The sweep on the Logs Ingestion path: single-record scenarios only, each a ratio to that API's limit. */
    private void sweepLogsIngestion(List<String> settings, long roundTrip, Plan plan) throws Exception {
        SelfSignedTls tls = SelfSignedTls.create();
        try (CountingSink sink = CountingSink.logsIngestion(LogsIngestionScenarios.TOKEN, tls.serverContext(), 4,
                roundTrip, 0)) {
            LogsIngestionScenarios scenarios = new LogsIngestionScenarios(events, sink.endpoint(), tls);
            print("Logs Ingestion settings, the sink answering after " + roundTrip + " ms, median of " + plan.rounds()
                  + " rounds (x limit)", relativeToFirst(plan, sink, all -> {
                      all.add(scenarios.limit());
                      for (String setting : settings) {
                          all.add(scenarios.componentSingleRecords(false, setting));
                          all.add(scenarios.componentSingleRecords(true, setting));
                      }
                  }));
        }
    }

    void profileSingleRecords(long records) throws Exception {
        try (CountingSink sink = new CountingSink(WORKSPACE, KEY, 4)) {
            Scenarios.Scenario single = new Scenarios(events, sink.endpoint(), WORKSPACE, KEY).componentSingleRecords();
            try {
                measure(single, records / 5, sink);
                long requestsBefore = sink.requests();
                long allocatedBefore = allocatedOutside(sink);
                Result result = measure(single, records, sink);
                long allocated = allocatedOutside(sink) - allocatedBefore;
                print("Profiled", List.of(result));
                long requests = sink.requests() - requestsBefore;
                out.printf(Locale.ROOT, "%d requests, %.0f records a request, %.2f CPU µs and %.0f bytes allocated a record%n",
                        requests, (double) records / requests, cpuMicros(result), (double) allocated / records);
            } finally {
                single.close();
            }
        }
    }

    /**
     * Bytes allocated so far by the live threads other than the sink's own: what the senders, Camel and the component
     * allocate (a thread that ended meanwhile drops out; the scenario's threads live through the run).
     */
    private static long allocatedOutside(CountingSink sink) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long id : threads.getAllThreadIds()) {
            if (!sink.isSinkThread(id)) {
                total += Math.max(0, threads.getThreadAllocatedBytes(id));
            }
        }
        return total;
    }

    private static void closeAll(List<Scenarios.Scenario> scenarios) throws Exception {
        for (Scenarios.Scenario scenario : scenarios) {
            scenario.close();
        }
    }

    private void checkSignatures(CountingSink sink) {
        if (sink.badSignatures() > 0) {
            throw new IllegalStateException(sink.badSignatures() + " requests had a bad signature");
        }
        out.printf("Sink (answering after %d ms): %d requests, %d signatures verified, none bad%n",
                sink.latencyMillis(), sink.requests(), sink.verified());
    }

    private static double cpuMicros(Result result) {
        return result.cpuSeconds() * 1e6 / result.records();
    }

    private static Result named(List<Result> results, String prefix) {
        return results.stream().filter(r -> r.name().startsWith(prefix)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no scenario " + prefix));
    }

    private static Result way(List<Result> results, String way) {
        return results.stream().filter(r -> r.way().equals(way)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no scenario " + way));
    }

    private static String verdict(double ratio, double target) {
        return String.format("%.2f: %s", ratio, ratio >= target ? "met" : "MISSED");
    }

    /** The round trips the targets are set for; others are measured and printed, without a verdict. */
    private static final Set<Long> TARGET_ROUND_TRIPS = Set.of(50L, 200L);

    private Map<String, Object> targets(List<Result> main, List<Result> alone, List<Result> roundTrips,
                                        List<Result> logsIngestion, RateLimitedRun rateLimited, List<MemoryRun> memory) {
        Map<String, Object> targets = new LinkedHashMap<>();
        // what Camel costs per exchange adds to what shipping costs: the best the component can do is their sum
        double limitRate = way(main, "limit").recordsPerSecond();
        double camelRate = alone.stream().filter(r -> r.name().contains("later")).findFirst().orElseThrow().recordsPerSecond();
        targets.put("dataCollector, single-record acknowledged, answering at once >= 0.8 x 1 / (1/limit + 1/Camel alone)",
                verdict(named(main, "component, single-record exchanges (" + Scenarios.SENDERS + " senders, seda, acknowledged")
                        .recordsPerSecond() * (1 / limitRate + 1 / camelRate), 0.8));
        targets.put("dataCollector, list bodies of " + Scenarios.BATCH + " >= 0.9 x limit",
                verdict(named(main, "component, list bodies (" + Scenarios.BATCH + " ").ratioToLimit(), 0.9));
        targets.put("dataCollector, list bodies of 1000 from " + Scenarios.CALLERS + " waiting callers >= 0.7 x limit",
                verdict(named(main, "component, list bodies (1000 ").ratioToLimit(), 0.7));
        for (long roundTrip : roundTrips.stream().map(Result::roundTripMs).filter(TARGET_ROUND_TRIPS::contains)
                .distinct().toList()) {
            List<Result> rows = roundTrips.stream().filter(r -> r.roundTripMs() == roundTrip).toList();
            double parallel = way(rows, "diy parallel").recordsPerSecond();
            targets.put("dataCollector, " + roundTrip + " ms, queued >= 1.0 x diy parallel",
                    verdict(way(rows, "single queued").recordsPerSecond() / parallel, 1.0));
            targets.put("dataCollector, " + roundTrip + " ms, acknowledged >= 0.7 x diy parallel",
                    verdict(way(rows, "single acknowledged").recordsPerSecond() / parallel, 0.7));
        }
        for (long roundTrip : logsIngestion.stream().map(Result::roundTripMs).distinct().toList()) {
            List<Result> rows = logsIngestion.stream().filter(r -> r.roundTripMs() == roundTrip).toList();
            if (roundTrip == 0) {
                targets.put("logsIngestion, list bodies, 0 ms >= 0.9 x logsIngestion limit",
                        verdict(way(rows, "list").ratioToLimit(), 0.9));
            } else if (TARGET_ROUND_TRIPS.contains(roundTrip)) {
                targets.put("logsIngestion, single-record acknowledged, " + roundTrip + " ms >= 2 x aggregator + Azure SDK",
                        verdict(way(rows, "single acknowledged").recordsPerSecond() / way(rows, "sdk").recordsPerSecond(), 2));
            }
        }
        if (rateLimited != null) {
            targets.put("logsIngestion, rate-limited sink, quota set to the allowance >= 0.9 x allowed rate, 429s <= 5%"
                        + " of requests",
                    String.format("%.2f x, %.0f%% 429: %s", rateLimited.ratioToAllowed(), 100 * rateLimited.throttledShare(),
                            rateLimited.ratioToAllowed() >= 0.9 && rateLimited.throttledShare() <= 0.05 ? "met" : "MISSED"));
        }
        targets.put("CPU per record (single-record, Camel alone completing later, limit)", String.format(
                "%.1f us, %.1f us, %.1f us", cpuMicros(named(main, "component, single")),
                cpuMicros(alone.stream().filter(r -> r.name().contains("later")).findFirst().orElseThrow()),
                cpuMicros(way(main, "limit"))));
        if (!memory.isEmpty()) {
            boolean bounded = memory.stream().allMatch(MemoryRun::completed);
            targets.put("heap bounded by maxPendingBytes plus a constant, whatever the volume",
                    String.format("%s single-record runs of %d to %d records in a %d MiB heap: %s",
                            bounded ? "all" : "not all", memory.get(0).records(), memory.get(memory.size() - 1).records(),
                            memory.get(0).maxHeapMiB(), bounded ? "met" : "MISSED"));
        }
        return targets;
    }

    /**
     * Every way at each steady rate, against sinks answering after {@value #STEADY_ROUND_TRIP_MS} ms: the no-Camel
     * limit, Camel's own cost of the shape, the component acknowledged and queued and the Aggregator + Azure SDK route
     * on Logs Ingestion, and the component on the Data Collector API.
     */
    List<SteadyRate.Row> steady(List<Long> rates, long warmupSeconds, long seconds) throws Exception {
        List<SteadyRate.Row> rows = new ArrayList<>();
        SteadyRate steady = new SteadyRate();
        SelfSignedTls tls = SelfSignedTls.create();
        try (CountingSink logsIngestionSink = CountingSink.logsIngestion(LogsIngestionScenarios.TOKEN, tls.serverContext(),
                4, STEADY_ROUND_TRIP_MS, 0);
             CountingSink dataCollectorSink = new CountingSink(WORKSPACE, KEY, 4, STEADY_ROUND_TRIP_MS)) {
            LogsIngestionScenarios logsIngestion = new LogsIngestionScenarios(events, logsIngestionSink.endpoint(), tls);
            Scenarios dataCollector = new Scenarios(events, dataCollectorSink.endpoint(), WORKSPACE, KEY);
            for (long rate : rates) {
                List<SteadyTarget> targets = List.of(
                        new SteadyTarget(logsIngestion::steadyLimit, logsIngestionSink),
                        new SteadyTarget(dataCollector::steadyCamelAlone, logsIngestionSink),
                        new SteadyTarget(() -> logsIngestion.steadyComponent(false), logsIngestionSink),
                        new SteadyTarget(() -> logsIngestion.steadyComponent(true), logsIngestionSink),
                        new SteadyTarget(logsIngestion::steadySdkRoute, logsIngestionSink),
                        new SteadyTarget(() -> dataCollector.steadyComponent(false), dataCollectorSink),
                        new SteadyTarget(() -> dataCollector.steadyComponent(true), dataCollectorSink));
                for (SteadyTarget target : targets) {
                    try (SteadyRate.Target started = target.factory().create()) {
                        rows.add(steady.run(started, target.sink(), rate, warmupSeconds, seconds));
                    }
                }
            }
            checkTokens(logsIngestionSink);
            checkSignatures(dataCollectorSink);
        }
        return rows;
    }

    private interface TargetFactory {
        SteadyRate.Target create() throws Exception;
    }

    private record SteadyTarget(TargetFactory factory, CountingSink sink) {
    }

    private void printSteady(List<SteadyRate.Row> rows, long seconds) {
        out.printf("Steady rates for %d s each, the sink answering after %d ms; CPU a second is a share of one core, "
                   + "the sink's own left out; latency from send to completion, acknowledged ways only%n", seconds,
                STEADY_ROUND_TRIP_MS);
        out.printf("%-14s %-30s %8s %8s %6s %9s %9s %8s %8s %8s %8s %8s%n", "api", "way", "offered", "sent/s",
                "CPU/s", "heap0 M", "heap1 M", "req/s", "rec/req", "p50 ms", "p99 ms", "max ms");
        for (SteadyRate.Row r : rows) {
            out.printf("%-14s %-30s %8d %8.0f %6.2f %9.1f %9.1f %8.1f %8.0f %8s %8s %8s%n", r.api(), r.way(),
                    r.offeredPerSecond(), r.sentPerSecond(), r.cpuPerSecond(), r.heapStartBytes() / 1048576.0,
                    r.heapEndBytes() / 1048576.0, r.requestsPerSecond(), r.recordsPerRequest(), ms(r.p50Millis()),
                    ms(r.p99Millis()), ms(r.maxMillis()));
        }
    }

    private static String ms(Double millis) {
        return millis == null ? "-" : String.format("%.0f", millis);
    }

    /**
     * At 20,000 records a second (or the rate nearest to it): the component's CPU against the no-Camel limit plus
     * Camel's own cost of the shape, and against the SDK route; its acknowledged p99 against batchTimeout plus three
     * round trips; its heap after GC at the end against the start.
     */
    static Map<String, Object> steadyTargets(List<SteadyRate.Row> rows) {
        Map<String, Object> targets = new LinkedHashMap<>();
        if (rows.isEmpty()) {
            return targets;
        }
        long rate = rows.stream().map(SteadyRate.Row::offeredPerSecond)
                .min(java.util.Comparator.comparingLong(r -> Math.abs(r - 20_000))).orElseThrow();
        List<SteadyRate.Row> at = rows.stream().filter(r -> r.offeredPerSecond() == rate).toList();
        SteadyRate.Row component = steadyWay(at, "logsIngestion", "single acknowledged");
        double floor = steadyWay(at, "logsIngestion", "limit").cpuPerSecond()
                       + steadyWay(at, "none", "camel alone, completed later").cpuPerSecond();
        targets.put("logsIngestion, " + rate + " records/s, acknowledged CPU <= 1.5 x (limit + Camel alone)",
                String.format("%.2f: %s", component.cpuPerSecond() / floor,
                        component.cpuPerSecond() <= 1.5 * floor ? "met" : "MISSED"));
        double sdk = steadyWay(at, "logsIngestion", "sdk").cpuPerSecond();
        targets.put("logsIngestion, " + rate + " records/s, acknowledged CPU <= 0.5 x aggregator + Azure SDK",
                String.format("%.2f: %s", component.cpuPerSecond() / sdk, component.cpuPerSecond() <= 0.5 * sdk ? "met" : "MISSED"));
        double bound = DEFAULT_BATCH_TIMEOUT_MS + 3 * STEADY_ROUND_TRIP_MS;
        for (String api : List.of("logsIngestion", "dataCollector")) {
            SteadyRate.Row row = steadyWay(at, api, "single acknowledged");
            targets.put(api + ", " + rate + " records/s, acknowledged p99 <= batchTimeout + 3 round trips ("
                        + (long) bound + " ms)",
                    String.format("%.0f ms: %s", row.p99Millis(), row.p99Millis() <= bound ? "met" : "MISSED"));
        }
        // flat: what a run leaves behind is within a few MiB, whatever the rate
        for (SteadyRate.Row row : rows.stream().filter(r -> r.way().startsWith("single")).toList()) {
            long grown = row.heapEndBytes() - row.heapStartBytes();
            targets.put(row.api() + ", " + row.way() + ", " + row.offeredPerSecond()
                        + " records/s, heap after GC flat over the run (grows <= 8 MiB)",
                    String.format("%+.1f MiB: %s", grown / 1048576.0, grown <= 8 << 20 ? "met" : "MISSED"));
        }
        return targets;
    }

    private static SteadyRate.Row steadyWay(List<SteadyRate.Row> rows, String api, String way) {
        return rows.stream().filter(r -> r.api().equals(api) && r.way().equals(way)).findFirst().orElseThrow();
    }

    /** Runs a scenario once; with a sink, waits until it counted every record and leaves its CPU time out. */
    private Result measure(Scenarios.Scenario scenario, long records, CountingSink sink) throws Exception {
        System.gc();
        HeapSampler heap = new HeapSampler();
        heap.start();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime() - sinkCpu(sink);
        long sinkBefore = sink == null ? 0 : sink.records();
        if (sink != null) {
            sink.takeMaxInFlight();
        }
        long start = System.nanoTime();
        scenario.run(records);
        if (sink != null
                && !sink.await(sinkBefore + records, TimeUnit.SECONDS.toMillis(Long.getLong("bench.awaitSeconds", 300)))) {
            throw new IllegalStateException(scenario.name() + ": the sink counted " + (sink.records() - sinkBefore)
                                            + " of " + records + " records");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpu = os.getProcessCpuTime() - sinkCpu(sink) - cpuBefore;
        heap.stopSampling();
        if (sink != null && sink.records() - sinkBefore != records) {
            throw new IllegalStateException(scenario.name() + ": the sink counted " + (sink.records() - sinkBefore)
                                            + " records, expected " + records);
        }
        double bytes = events.bytes(records);
        return new Result(scenario.name(), scenario.api(), scenario.way(), sink == null ? 0 : sink.latencyMillis(),
                records, seconds, records / seconds,
                bytes / seconds / 1e6, cpu / 1e9, heap.peakUsed, sink == null ? 0 : sink.takeMaxInFlight(), null);
    }

    private static long sinkCpu(CountingSink sink) {
        return sink == null ? 0 : sink.cpuNanos();
    }

    private void print(String title, List<Result> results) {
        out.println(title);
        out.printf("%-70s %5s %9s %11s %7s %7s %9s %9s %7s%n", "scenario", "ms", "records", "records/s", "MB/s",
                "CPU s", "peak heap", "in flight", "x limit");
        for (Result r : results) {
            out.printf("%-70s %5d %9d %11.0f %7.1f %7.2f %7d M %9d %7s%n", r.name(), r.roundTripMs(),
                    r.records(), r.recordsPerSecond(), r.megabytesPerSecond(), r.cpuSeconds(), r.peakHeapBytes() >> 20,
                    r.maxRequestsInFlight(), r.ratioToLimit() == null ? "" : String.format("%.2f", r.ratioToLimit()));
        }
    }

    private void printMemory(List<MemoryRun> runs) {
        out.printf("Memory: single-record exchanges (%d senders, seda, acknowledged) in a JVM limited to -Xmx%dm "
                   + "(maxPendingBytes %d MiB + %d MiB)%n", Scenarios.SENDERS, runs.get(0).maxHeapMiB(), MAX_PENDING_MIB,
                MEMORY_CONSTANT_MIB);
        out.printf("%9s %10s %11s %9s%n", "records", "completed", "records/s", "peak heap");
        for (MemoryRun run : runs) {
            out.printf("%9d %10s %11.0f %7d M%s%n", run.records(), run.completed() ? "yes" : "NO", run.recordsPerSecond(),
                    run.peakHeapBytes() >> 20, run.failure() == null ? "" : "  " + run.failure());
        }
    }

    /** Samples heap use every 10 ms. */
    private static final class HeapSampler extends Thread {
        private volatile boolean running = true;
        volatile long peakUsed;

        HeapSampler() {
            super("heap-sampler");
            setDaemon(true);
        }

        @Override
        public void run() {
            var memory = ManagementFactory.getMemoryMXBean();
            while (running) {
                peakUsed = Math.max(peakUsed, memory.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stopSampling() {
            running = false;
        }
    }
}
