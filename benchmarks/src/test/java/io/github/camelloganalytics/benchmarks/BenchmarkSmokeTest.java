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
                "logsIngestion, rate-limited sink >= 0.8 x allowed rate, 429s <= 5% of requests");
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
    void sinkCountsTopLevelObjectsOnly() {
        byte[] body = "[{\"a\":{\"b\":1},\"s\":\"{[\\\"}\"},{\"c\":[{\"d\":2}]}]".getBytes(StandardCharsets.UTF_8);
        assertThat(CountingSink.countRecords(body)).isEqualTo(2);
    }
}
