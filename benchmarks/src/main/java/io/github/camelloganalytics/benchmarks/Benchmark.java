package io.github.camelloganalytics.benchmarks;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Measures, in one run, how fast the same records reach the same local sink through each way a Camel user could ship
 * them, and how cost grows with volume. Prints a table and writes {@code target/results.json}.
 * <p>
 * Arguments: {@code --records N} (default 100000), {@code --scaling 10000,100000,1000000}, {@code --warmup N},
 * {@code --out path}.
 */
public final class Benchmark {

    static final String WORKSPACE = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
    static final String KEY = "YmVuY2htYXJrLXdvcmtzcGFjZS1rZXktMDEyMzQ1Njc4OWFiY2RlZg==";

    /** One measured run of a scenario. */
    public record Result(String name, long records, double seconds, double recordsPerSecond, double megabytesPerSecond,
            double cpuSeconds, long peakHeapBytes, long peakLiveHeapBytes, Double ratioToLimit) {

        Result withRatio(double limitRate) {
            return new Result(name, records, seconds, recordsPerSecond, megabytesPerSecond, cpuSeconds, peakHeapBytes,
                    peakLiveHeapBytes, recordsPerSecond / limitRate);
        }
    }

    private final LogEvents events = new LogEvents(10_000);
    private final PrintStream out;

    Benchmark(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        long records = 100_000;
        long warmup = 20_000;
        List<Long> scaling = List.of(10_000L, 100_000L, 1_000_000L);
        Path output = Path.of(System.getProperty("bench.out", "target/results.json"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--records" -> records = Long.parseLong(args[++i]);
                case "--warmup" -> warmup = Long.parseLong(args[++i]);
                case "--scaling" -> scaling = java.util.Arrays.stream(args[++i].split(",")).map(Long::parseLong).toList();
                case "--out" -> output = Path.of(args[++i]);
                case "--sweep" -> {
                    new Benchmark(System.out).sweep(Long.parseLong(args[++i]));
                    return;
                }
                case "--profile" -> {
                    // runs only the single-record scenario, for a profiler attached to this JVM
                    new Benchmark(System.out).profileSingleRecords(Long.parseLong(args[++i]));
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Map<String, Object> report = new Benchmark(System.out).run(records, warmup, scaling);
        Files.createDirectories(output.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(output.toFile(), report);
        System.out.println("Results written to " + output.toAbsolutePath());
    }

    Map<String, Object> run(long records, long warmup, List<Long> scaling) throws Exception {
        out.printf("Machine: %d cores, Java %s, max heap %d MiB%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
        out.printf("Records: %d to %d bytes of JSON, 11 fields of mixed types%n", events.minSize(), events.maxSize());
        List<Result> main = new ArrayList<>();
        List<Result> scalingRows = new ArrayList<>();
        try (CountingSink sink = new CountingSink(WORKSPACE, KEY, 4)) {
            Scenarios scenarios = new Scenarios(events, sink.endpoint(), WORKSPACE, KEY);
            List<Scenarios.Scenario> all = List.of(scenarios.sinkCeiling(), scenarios.limit(),
                    scenarios.componentListBodies(), scenarios.componentSingleRecords(), scenarios.componentQueued(),
                    scenarios.diyRoute());
            try {
                for (Scenarios.Scenario scenario : all) {
                    measure(scenario, warmup, sink); // JIT warm-up, not reported
                }
                for (Scenarios.Scenario scenario : all) {
                    main.add(measure(scenario, records, sink));
                }
                double limitRate = main.get(1).recordsPerSecond();
                main.replaceAll(r -> r.withRatio(limitRate));
                for (long n : scaling) {
                    Result limit = measure(all.get(1), n, sink);
                    scalingRows.add(limit.withRatio(limit.recordsPerSecond()));
                    scalingRows.add(measure(all.get(2), n, sink).withRatio(limit.recordsPerSecond()));
                    scalingRows.add(measure(all.get(3), n, sink).withRatio(limit.recordsPerSecond()));
                }
            } finally {
                for (Scenarios.Scenario scenario : all) {
                    scenario.close();
                }
            }
            if (sink.badSignatures() > 0) {
                throw new IllegalStateException(sink.badSignatures() + " requests had a bad signature");
            }
            out.printf("Sink: %d requests, %d signatures verified, none bad%n", sink.requests(), sink.verified());
        }
        out.println();
        print("Scenarios at " + records + " records", main);
        out.println();
        print("Scaling", scalingRows);
        Map<String, Object> targets = targets(main, scalingRows);
        out.println();
        targets.forEach((k, v) -> out.println("Target " + k + ": " + v));

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                "java", System.getProperty("java.version"), "maxHeapBytes", Runtime.getRuntime().maxMemory()));
        report.put("scenarios", main);
        report.put("scaling", scalingRows);
        report.put("targets", targets);
        return report;
    }

    /** The single-record scenario under several batch and concurrency settings, to choose the defaults. */
    void sweep(long records) throws Exception {
        List<String> settings = List.of("batchSize=250", "batchSize=1000", "batchSize=5000",
                "batchTimeout=20", "batchTimeout=100", "batchTimeout=500",
                "maxConcurrentRequests=1", "maxConcurrentRequests=2", "maxConcurrentRequests=4", "maxConcurrentRequests=8");
        List<Result> results = new ArrayList<>();
        try (CountingSink sink = new CountingSink(WORKSPACE, KEY, 4)) {
            Scenarios scenarios = new Scenarios(events, sink.endpoint(), WORKSPACE, KEY);
            for (String setting : settings) {
                Scenarios.Scenario scenario = scenarios.componentSingleRecords(setting);
                try {
                    measure(scenario, records / 5, sink);
                    results.add(measure(scenario, records, sink));
                } finally {
                    scenario.close();
                }
            }
        }
        print("Settings, single-record exchanges", results);
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

    private Map<String, Object> targets(List<Result> main, List<Result> scaling) {
        Map<String, Object> targets = new LinkedHashMap<>();
        double listRatio = main.get(2).ratioToLimit();
        targets.put("list bodies >= 0.8 x limit", String.format("%.2f x limit: %s", listRatio, listRatio >= 0.8 ? "met" : "MISSED"));
        double singleVsDiy = main.get(3).recordsPerSecond() / main.get(5).recordsPerSecond();
        targets.put("single-record >= 5 x diy", String.format("%.1f x diy: %s", singleVsDiy, singleVsDiy >= 5 ? "met" : "MISSED"));
        long liveSmall = scaling.stream().filter(r -> r.name().startsWith("component, single")).mapToLong(Result::peakLiveHeapBytes).min().orElse(0);
        long liveLarge = scaling.stream().filter(r -> r.name().startsWith("component, single")).mapToLong(Result::peakLiveHeapBytes).max().orElse(0);
        targets.put("peak live heap flat with volume (single-record, 10k..1M)",
                String.format("%d MiB .. %d MiB", liveSmall >> 20, liveLarge >> 20));
        return targets;
    }

    private Result measure(Scenarios.Scenario scenario, long records, CountingSink sink) throws Exception {
        System.gc();
        HeapSampler heap = new HeapSampler();
        heap.start();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime() - sink.cpuNanos();
        long sinkBefore = sink.records();
        long start = System.nanoTime();
        scenario.run(records);
        if (!sink.await(sinkBefore + records, TimeUnit.SECONDS.toMillis(Long.getLong("bench.awaitSeconds", 300)))) {
            throw new IllegalStateException(scenario.name() + ": the sink counted " + (sink.records() - sinkBefore)
                                            + " of " + records + " records");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpu = os.getProcessCpuTime() - sink.cpuNanos() - cpuBefore;
        heap.stopSampling();
        if (sink.records() - sinkBefore != records) {
            throw new IllegalStateException(scenario.name() + ": the sink counted " + (sink.records() - sinkBefore)
                                            + " records, expected " + records);
        }
        double bytes = events.bytes(records);
        return new Result(scenario.name(), records, seconds, records / seconds, bytes / seconds / 1e6, cpu / 1e9,
                heap.peakUsed, heap.peakLive, null);
    }

    private void print(String title, List<Result> results) {
        out.println(title);
        out.printf("%-72s %9s %11s %8s %8s %10s %10s %9s%n", "scenario", "records", "records/s", "MB/s", "CPU s",
                "peak heap", "peak live", "x limit");
        for (Result r : results) {
            out.printf("%-72s %9d %11.0f %8.1f %8.2f %8d M %8d M %9s%n", r.name(), r.records(), r.recordsPerSecond(),
                    r.megabytesPerSecond(), r.cpuSeconds(), r.peakHeapBytes() >> 20, r.peakLiveHeapBytes() >> 20,
                    r.ratioToLimit() == null ? "" : String.format("%.2f", r.ratioToLimit()));
        }
    }

    /** Samples heap use, and heap use after the latest collection (what is really retained), every 10 ms. */
    private static final class HeapSampler extends Thread {
        private volatile boolean running = true;
        volatile long peakUsed;
        volatile long peakLive;

        HeapSampler() {
            super("heap-sampler");
            setDaemon(true);
        }

        @Override
        public void run() {
            var memory = ManagementFactory.getMemoryMXBean();
            List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null).toList();
            while (running) {
                peakUsed = Math.max(peakUsed, memory.getHeapMemoryUsage().getUsed());
                long live = 0;
                for (MemoryPoolMXBean pool : pools) {
                    live += pool.getCollectionUsage().getUsed();
                }
                peakLive = Math.max(peakLive, live);
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
