package io.github.camelloganalytics.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness runs every scenario end to end on small volumes; figures come from the full run, not from here.
 */
class BenchmarkSmokeTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyScenarioDeliversEveryRecordToTheSink() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Map<String, Object> report = new Benchmark(new PrintStream(printed, true, StandardCharsets.UTF_8))
                .run(new Benchmark.Plan(3000, 1000, 1, List.of(2000L), List.of(), List.of(2000L)));

        List<Benchmark.Result> scenarios = (List<Benchmark.Result>) report.get("scenarios");
        assertThat(scenarios).extracting(Benchmark.Result::name).hasSize(8)
                .anySatisfy(n -> assertThat(n).startsWith("limit"))
                .anySatisfy(n -> assertThat(n).startsWith("diy route"));
        assertThat(scenarios).allSatisfy(r -> {
            assertThat(r.records()).isEqualTo(3000);
            assertThat(r.recordsPerSecond()).isPositive();
            assertThat(r.ratioToLimit()).isPositive();
            assertThat(r.maxRequestsInFlight()).isPositive();
        });
        assertThat((List<Benchmark.Result>) report.get("scaling")).hasSize(3);
        assertThat((List<Benchmark.MemoryRun>) report.get("memory")).singleElement().satisfies(run -> {
            assertThat(run.failure()).isNull();
            assertThat(run.completed()).isTrue();
            assertThat(run.recordsPerSecond()).isPositive();
        });
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("none bad", "x limit");

        List<Benchmark.Result> logsIngestion = (List<Benchmark.Result>) report.get("logsIngestion");
        assertThat(logsIngestion).extracting(Benchmark.Result::way)
                .containsExactly("limit", "list", "single acknowledged", "single queued", "sdk");
        assertThat(logsIngestion).allSatisfy(r -> {
            assertThat(r.api()).isEqualTo("logsIngestion");
            assertThat(r.records()).isEqualTo(3000);
            assertThat(r.ratioToLimit()).isPositive();
        });
        Benchmark.RateLimitedRun limited = (Benchmark.RateLimitedRun) report.get("rateLimited");
        assertThat(limited.requests()).isPositive();
        assertThat(limited.acceptedPerSecond()).isPositive();
        assertThat((Map<String, Object>) report.get("targets")).containsKey(
                "logsIngestion, rate-limited sink, quota set to the allowance >= 0.9 x allowed rate, 429s <= 5% of requests");
        assertThat(((Benchmark.RateLimitedRun) report.get("rateLimitedWithoutQuota")).requests()).isPositive();
    }

    @Test
    @SuppressWarnings("unchecked")
    void roundTripRowsRunAgainstASinkThatAnswersLate() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Map<String, Object> report = new Benchmark(new PrintStream(printed, true, StandardCharsets.UTF_8))
                .run(new Benchmark.Plan(2000, 0, 1, List.of(), List.of(150L), List.of(), 2, false));

        List<Benchmark.Result> rows = (List<Benchmark.Result>) report.get("roundTrips");
        assertThat(rows).extracting(Benchmark.Result::name).hasSize(5)
                .anySatisfy(n -> assertThat(n).startsWith("component, single-record"))
                .anySatisfy(n -> assertThat(n).startsWith("diy route with parallelProcessing"));
        // 2000 records fit one batch: no way can deliver them before the sink answered once
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.roundTripMs()).isEqualTo(150);
            assertThat(r.seconds()).isGreaterThanOrEqualTo(0.15);
        });
    }

    @Test
    void steadyRateRowsMeasureEveryWayAtTheOfferedRate() throws Exception {
        List<SteadyRate.Row> rows = new Benchmark(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .steady(List.of(400L), 0, 1);

        assertThat(rows).extracting(r -> r.api() + " " + r.way()).containsExactly("logsIngestion limit",
                "none camel alone, completed later", "logsIngestion single acknowledged", "logsIngestion single queued",
                "logsIngestion sdk", "dataCollector single acknowledged", "dataCollector single queued");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.offeredPerSecond()).isEqualTo(400);
            assertThat(r.roundTripMs()).isEqualTo(Benchmark.STEADY_ROUND_TRIP_MS);
            assertThat(r.sentPerSecond()).isPositive();
            assertThat(r.cpuPerSecond()).isPositive();
        });
        // every record shipped reached the sink, in requests of more than one record
        assertThat(rows).filteredOn(r -> !r.way().startsWith("camel alone")).allSatisfy(r -> {
            assertThat(r.requestsPerSecond()).isPositive();
            assertThat(r.recordsPerRequest()).isGreaterThan(1);
        });
        // an acknowledged record cannot complete before the sink answered its request
        assertThat(rows).filteredOn(r -> r.way().equals("single acknowledged") || r.way().equals("limit"))
                .allSatisfy(r -> assertThat(r.p50Millis()).isGreaterThanOrEqualTo((double) Benchmark.STEADY_ROUND_TRIP_MS));
        assertThat(rows).filteredOn(r -> r.way().equals("single queued") || r.way().equals("sdk"))
                .allSatisfy(r -> assertThat(r.p99Millis()).isNull());
        assertThat(Benchmark.steadyTargets(rows)).containsKeys(
                "logsIngestion, 400 records/s, acknowledged CPU <= 1.5 x (limit + Camel alone)",
                "logsIngestion, 400 records/s, acknowledged p99 <= batchTimeout + 3 round trips (250 ms)");
    }

    @Test
    void profileRunPrintsTheCpuAndTheBytesAllocatedARecord() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        new Benchmark(new PrintStream(printed, true, StandardCharsets.UTF_8)).profileSingleRecords(5000);

        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("component, single-record exchanges");
        java.util.regex.Matcher line = java.util.regex.Pattern
                .compile("(\\d+) requests, (\\d+) records a request, ([\\d.]+) CPU µs and (\\d+) bytes allocated a record")
                .matcher(out);
        assertThat(line.find()).as(out).isTrue();
        assertThat(Long.parseLong(line.group(1))).isPositive();
        assertThat(Double.parseDouble(line.group(3))).isPositive();
        // at the least, every record's JSON is allocated once
        assertThat(Long.parseLong(line.group(4))).isGreaterThan(300);
    }

    @Test
    void chartDrawsALineForEachWayAndEachPercentile() {
        List<Benchmark.Result> throughput = List.of(
                new Benchmark.Result("a", "logsIngestion", "limit", 0, 10, 1, 1000, 1, 1, 1, 1, 1.0),
                new Benchmark.Result("a", "logsIngestion", "limit", 50, 10, 1, 800, 1, 1, 1, 1, 1.0),
                new Benchmark.Result("b", "logsIngestion", "single acknowledged", 0, 10, 1, 900, 1, 1, 1, 1, 0.9),
                new Benchmark.Result("b", "logsIngestion", "single acknowledged", 50, 10, 1, 700, 1, 1, 1, 1, 0.9));
        List<SteadyRate.Row> steady = List.of(
                new SteadyRate.Row("logsIngestion", "single acknowledged", 50, 2000, 2000, 0.2, 1, 1, 18, 107, 81.0, 108.0, 114.0),
                new SteadyRate.Row("logsIngestion", "single acknowledged", 50, 20000, 20000, 0.25, 1, 1, 17, 1194, 90.0, 121.0, 131.0),
                new SteadyRate.Row("logsIngestion", "single queued", 50, 2000, 2000, 0.1, 1, 1, 10, 200, null, null, null));

        String svg = Chart.render(throughput, steady);

        assertThat(svg).startsWith("<svg").endsWith("</svg>\n");
        assertThat(svg.split("<polyline", -1)).as("limit, acknowledged, and p50 and p99 of the acknowledged way").hasSize(5);
        assertThat(svg).contains(">logsIngestion single acknowledged<", "round trip (ms)", "records offered a second",
                ">0.25<").doesNotContain("single queued");
        assertThat(Chart.render(List.of(), List.of())).contains("not measured in this run");
        assertThat(Chart.niceCeiling(131)).isEqualTo(200);
    }

    @Test
    void sinkCountsTopLevelObjectsOnly() {
        byte[] body = "[{\"a\":{\"b\":1},\"s\":\"{[\\\"}\"},{\"c\":[{\"d\":2}]}]".getBytes(StandardCharsets.UTF_8);
        assertThat(CountingSink.countRecords(body)).isEqualTo(2);
    }
}
