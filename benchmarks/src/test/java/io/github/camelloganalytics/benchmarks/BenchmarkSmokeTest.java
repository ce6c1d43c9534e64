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
                .run(3000, 1000, List.of(2000L));

        List<Benchmark.Result> scenarios = (List<Benchmark.Result>) report.get("scenarios");
        assertThat(scenarios).extracting(Benchmark.Result::name).hasSize(6)
                .anySatisfy(n -> assertThat(n).startsWith("limit"))
                .anySatisfy(n -> assertThat(n).startsWith("diy route"));
        assertThat(scenarios).allSatisfy(r -> {
            assertThat(r.records()).isEqualTo(3000);
            assertThat(r.recordsPerSecond()).isPositive();
            assertThat(r.ratioToLimit()).isPositive();
        });
        assertThat((List<Benchmark.Result>) report.get("scaling")).hasSize(3);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("none bad", "x limit");
    }

    @Test
    void sinkCountsTopLevelObjectsOnly() {
        byte[] body = "[{\"a\":{\"b\":1},\"s\":\"{[\\\"}\"},{\"c\":[{\"d\":2}]}]".getBytes(StandardCharsets.UTF_8);
        assertThat(CountingSink.countRecords(body)).isEqualTo(2);
    }
}
