package io.github.camelloganalytics.benchmarks;

import java.io.BufferedReader;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Measures, in one run, how fast the same records reach the same local sink through each way a Camel user could ship
 * them, how cost grows with volume, how each way copes with a service that takes time to answer, and whether the
 * component's memory stays bounded. Prints tables and writes {@code target/results.json}.
 * <p>
 * Arguments: {@code --records N} (default 100000), {@code --warmup N}, {@code --rounds N} (the main table reports the
 * median of that many interleaved rounds), {@code --scaling 10000,100000,1000000}, {@code --round-trips 10,50,200}
 * (milliseconds the sink waits before answering), {@code --memory 10000,100000,1000000} (single-record runs in a JVM
 * whose heap is limited to maxPendingBytes plus {@value #MEMORY_CONSTANT_MIB} MiB), {@code --out path};
 * {@code --sweep N} compares settings instead, {@code --profile N} runs the single-record scenario alone for a
 * profiler.
 */
public final class Benchmark {

    static final String WORKSPACE = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
    static final String KEY = "YmVuY2htYXJrLXdvcmtzcGFjZS1rZXktMDEyMzQ1Njc4OWFiY2RlZg==";

    /** The component's default maxPendingBytes. */
    static final long MAX_PENDING_MIB = 64;
    /** What the memory runs allow besides maxPendingBytes: Camel, the sink, the pre-generated records, the JIT. */
    static final long MEMORY_CONSTANT_MIB = 128;

    /** One measured run of a scenario against a sink that answers after {@code roundTripMillis}. */
    public record Result(String name, long roundTripMillis, long records, double seconds, double recordsPerSecond,
            double megabytesPerSecond, double cpuSeconds, long peakHeapBytes, long maxRequestsInFlight,
            Double ratioToLimit) {

        Result withRatio(double limitRate) {
            return new Result(name, roundTripMillis, records, seconds, recordsPerSecond, megabytesPerSecond, cpuSeconds,
                    peakHeapBytes, maxRequestsInFlight, recordsPerSecond / limitRate);
        }
    }

    /** One single-record run in a JVM with a bounded heap; {@code recordsPerSecond} is 0 when it did not complete. */
    public record MemoryRun(long records, long maxHeapMiB, boolean completed, double recordsPerSecond,
            long peakHeapBytes, String failure) {
    }

    /** What one run is made of. */
    record Plan(long records, long warmup, int rounds, List<Long> scaling, List<Long> roundTrips, List<Long> memory) {
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
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (memoryProbe != null) {
            new Benchmark(System.out).memoryProbe(memoryProbe);
            return;
        }
        if (sweep != null) {
            new Benchmark(System.out).sweep(sweep, roundTrips);
            return;
        }
        if (profile != null) {
            new Benchmark(System.out).profileSingleRecords(profile);
            return;
        }
        Map<String, Object> report = new Benchmark(System.out)
                .run(new Plan(records, warmup, rounds, scaling, roundTrips, memory));
        Files.createDirectories(output.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(output.toFile(), report);
        System.out.println("Results written to " + output.toAbsolutePath());
    }

    private static List<Long> longs(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(t -> !t.isEmpty()).map(Long::parseLong).toList();
    }

    Map<String, Object> run(Plan plan) throws Exception {
        out.printf("Machine: %d cores, Java %s, max heap %d MiB%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
        out.printf("Records: %d to %d bytes of JSON, 11 fields of mixed types; every scenario uses batches of %d and "
                   + "%d requests in flight (the component's defaults)%n",
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
        if (!memoryRuns.isEmpty()) {
            out.println();
            printMemory(memoryRuns);
        }
        Map<String, Object> targets = targets(main, alone, roundTripRows, memoryRuns);
        out.println();
        targets.forEach((k, v) -> out.println("Target " + k + ": " + v));

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                "java", System.getProperty("java.version"), "maxHeapBytes", Runtime.getRuntime().maxMemory()));
        report.put("settings", Map.of("batchSize", Scenarios.BATCH, "maxConcurrentRequests", Scenarios.CONCURRENCY,
                "senders", Scenarios.SENDERS, "rounds", plan.rounds()));
        report.put("scenarios", main);
        report.put("camelAlone", alone);
        report.put("scaling", scalingRows);
        report.put("roundTrips", roundTripRows);
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
        List<Result> rows = new ArrayList<>();
        try (CountingSink sink = new CountingSink(WORKSPACE, KEY, 4, roundTrip)) {
            Scenarios scenarios = new Scenarios(events, sink.endpoint(), WORKSPACE, KEY);
            List<Scenarios.Scenario> all = List.of(scenarios.limit(), scenarios.componentSingleRecords(),
                    scenarios.componentSingleRecordsQueued(), scenarios.diyRoute(), scenarios.diyRoute(true));
            try {
                for (Scenarios.Scenario scenario : all) {
                    measure(scenario, plan.warmup(), sink);
                    rows.add(measure(scenario, plan.records(), sink));
                }
            } finally {
                closeAll(all);
            }
            checkSignatures(sink);
        }
        double limitRate = rows.get(0).recordsPerSecond();
        rows.replaceAll(r -> r.withRatio(limitRate));
        return rows;
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

    /** The single-record and list-body scenarios under several settings, to choose the defaults; once per round trip. */
    void sweep(long records, List<Long> roundTrips) throws Exception {
        List<String> settings = List.of(System.getProperty("bench.settings", "batchSize=1000;batchSize=5000;"
                + "batchSize=10000;batchSize=20000;batchTimeout=20;batchTimeout=100;batchTimeout=500;"
                + "maxConcurrentRequests=2;maxConcurrentRequests=4;maxConcurrentRequests=8").split(";"));
        List<Long> latencies = new ArrayList<>(List.of(0L));
        latencies.addAll(roundTrips);
        for (long roundTrip : latencies) {
            List<Result> results = new ArrayList<>();
            try (CountingSink sink = new CountingSink(WORKSPACE, KEY, 4, roundTrip)) {
                Scenarios scenarios = new Scenarios(events, sink.endpoint(), WORKSPACE, KEY);
                for (String setting : settings) {
                    for (Scenarios.Scenario scenario : List.of(scenarios.componentSingleRecords(setting),
                            scenarios.componentListBodies(1000, setting))) {
                        try {
                            measure(scenario, records / 2, sink);
                            results.add(measure(scenario, records, sink));
                        } finally {
                            scenario.close();
                        }
                    }
                }
            }
            print("Settings, the sink answering after " + roundTrip + " ms", results);
        }
    }

    void profileSingleRecords(long records) throws Exception {
        try (CountingSink sink = new CountingSink(WORKSPACE, KEY, 4)) {
            Scenarios.Scenario single = new Scenarios(events, sink.endpoint(), WORKSPACE, KEY).componentSingleRecords();
            try {
                measure(single, records / 5, sink);
                Result result = measure(single, records, sink);
                print("Profiled", List.of(result));
            } finally {
                single.close();
            }
        }
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

    private Map<String, Object> targets(List<Result> main, List<Result> alone, List<Result> roundTrips,
                                        List<MemoryRun> memory) {
        Map<String, Object> targets = new LinkedHashMap<>();
        double listRatio = named(main, "component, list bodies (" + Scenarios.BATCH + " ").ratioToLimit();
        targets.put("list bodies >= 0.8 x limit", String.format("%.2f x limit: %s", listRatio, listRatio >= 0.8 ? "met" : "MISSED"));

        StringBuilder single = new StringBuilder();
        double atOnce = named(main, "component, single").recordsPerSecond() / named(main, "diy route").recordsPerSecond();
        single.append(String.format("answering at once %.1f x", atOnce));
        boolean met = atOnce >= 5;
        for (long roundTrip : roundTrips.stream().map(Result::roundTripMillis).distinct().toList()) {
            List<Result> rows = roundTrips.stream().filter(r -> r.roundTripMillis() == roundTrip).toList();
            double ratio = named(rows, "component, single").recordsPerSecond() / named(rows, "diy route (").recordsPerSecond();
            double parallel = named(rows, "component, single").recordsPerSecond()
                              / named(rows, "diy route with parallelProcessing").recordsPerSecond();
            double queued = named(rows, "component, single-record exchanges (" + Scenarios.SENDERS + " senders, seda, queued")
                                    .recordsPerSecond() / named(rows, "diy route (").recordsPerSecond();
            single.append(String.format("; after %d ms %.1f x (queued %.1f x; %.1f x the diy route with "
                                        + "parallelProcessing)", roundTrip, ratio, queued, parallel));
            met &= ratio >= 5;
        }
        targets.put("single-record >= 5 x diy", single + (met ? ": met" : ": MISSED"));
        targets.put("CPU per record (single-record, diy, Camel alone completing later)", String.format(
                "%.1f us, %.1f us, %.1f us", cpuMicros(named(main, "component, single")), cpuMicros(named(main, "diy route")),
                cpuMicros(alone.stream().filter(r -> r.name().contains("later")).findFirst().orElseThrow())));

        if (!memory.isEmpty()) {
            boolean bounded = memory.stream().allMatch(MemoryRun::completed);
            targets.put("heap bounded by maxPendingBytes plus a constant, whatever the volume",
                    String.format("%s single-record runs of %d to %d records in a %d MiB heap: %s",
                            bounded ? "all" : "not all", memory.get(0).records(), memory.get(memory.size() - 1).records(),
                            memory.get(0).maxHeapMiB(), bounded ? "met" : "MISSED"));
        }
        return targets;
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
        return new Result(scenario.name(), sink == null ? 0 : sink.latencyMillis(), records, seconds, records / seconds,
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
            out.printf("%-70s %5d %9d %11.0f %7.1f %7.2f %7d M %9d %7s%n", r.name(), r.roundTripMillis(),
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
