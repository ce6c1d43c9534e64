package io.github.camelloganalytics.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.camelloganalytics.emulator.Fault;
import io.github.camelloganalytics.emulator.LogAnalyticsEmulator;
import io.github.camelloganalytics.emulator.Table;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * At least once from a topic to Log Analytics, with the application in child JVMs that a test kills as a crash would:
 * every record lands across a SIGKILL, duplicates are only what was not yet committed, queued mode loses what it
 * buffered, and two instances of one group share the partitions and take over from each other.
 * <p>
 * The figures each test prints are the ones the "Scaling out and durability" page quotes.
 */
class KafkaToLogAnalyticsTest {

    static final String WS = "7d3c4a55-96e1-4d7e-8f2a-0c6b5e1f9a21";
    static final String KEY = "c2NhbGluZy1vdXQtd2l0aC1rYWZrYS10ZXN0LWtleS0wMTIzNDU2Nzg5YWJjZGVm";
    static final int MAX_POLL_RECORDS = 500;

    static KafkaBroker broker;
    static LogAnalyticsEmulator emulator;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        broker = new KafkaBroker();
        emulator = LogAnalyticsEmulator.builder().workspace(WS, KEY).start();
        Files.writeString(dir.resolve("key"), KEY);
    }

    @AfterAll
    static void stop() throws Exception {
        if (emulator != null) {
            emulator.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void clearFaults() {
        emulator.faults().clear();
    }

    @Test
    void everyRecordLandsAcrossAKillAndOnlyUncommittedOnesAreSentTwice(TestInfo test) throws Exception {
        int n = 10_000;
        broker.createTopic("crash", 4);
        broker.produce("crash", 0, n);
        // a distant service: each request takes 100 ms, so the kill lands mid-stream
        emulator.faults().add(List.of(Fault.latency(-1, 100)));

        Map<String, String> config = instance("crash", "Crash", "acknowledged", "java", "crash-1");
        try (Shipper shipper = new Shipper(config, log(test, "before-kill"))) {
            waiting(shipper).until(() -> table("Crash").size() >= 2_000);
            shipper.kill();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> emulator.ingestionRequestsInProgress() == 0);
        int landedAtKill = rows("Crash");
        long committedAtKill = broker.committed("crash", "crash");
        assertThat(landedAtKill).as("killed mid-stream").isLessThan(n);
        assertThat(committedAtKill).as("an offset is committed only once its record landed").isLessThanOrEqualTo(landedAtKill);

        emulator.faults().clear();
        try (Shipper shipper = new Shipper(config, log(test, "after-restart"))) {
            waiting(shipper).until(() -> table("Crash").size() == n && broker.committed("crash", "crash") == n);
        }

        int duplicates = rows("Crash") - n;
        System.out.printf("Kafka crash, acknowledged: %,d records, killed with %,d landed and %,d committed; after the"
                          + " restart all %,d landed, %,d twice%n", n, landedAtKill, committedAtKill, n, duplicates);
        assertThat(table("Crash")).hasSize(n);
        assertThat(duplicates).as("only records that landed but were not committed are sent again")
                .isLessThanOrEqualTo((int) (landedAtKill - committedAtKill))
                .isLessThanOrEqualTo(2 * MAX_POLL_RECORDS);
    }

    @Test
    void acknowledgedModeLosesNothingWhenKilledDuringAnOutage(TestInfo test) throws Exception {
        Outcome outcome = killDuringAnOutage(test, "acknowledged", "yaml");

        assertThat(outcome.committedAtKill).as("nothing committed that had not landed").isZero();
        assertThat(outcome.lost).isZero();
    }

    @Test
    void queuedModeLosesWhatItBufferedWhenKilledDuringAnOutage(TestInfo test) throws Exception {
        Outcome outcome = killDuringAnOutage(test, "queued", "java");

        assertThat(outcome.committedAtKill).as("queued completes, and commits, once records are buffered")
                .isEqualTo(outcome.produced);
        assertThat(outcome.lost).as("what the killed JVM held is gone").isEqualTo(outcome.produced);
    }

    /**
     * The service answers 503 to everything, the instance is killed while it retries, the service recovers and the
     * instance restarts; a marker record produced after the restart shows the restarted instance is shipping.
     */
    private Outcome killDuringAnOutage(TestInfo test, String mode, String dsl) throws Exception {
        int n = 2_000;
        String topic = "outage-" + mode;
        String table = "Outage" + (mode.equals("queued") ? "Queued" : "Acknowledged");
        broker.createTopic(topic, 4);
        broker.produce(topic, 0, n);
        emulator.faults().add(List.of(Fault.status(-1, 503)));

        Map<String, String> config = instance(topic, table, mode, dsl, topic + "-1");
        long requestsBefore = emulator.ingestionRequests();
        try (Shipper shipper = new Shipper(config, log(test, "before-kill"))) {
            // retrying against the outage; in queued mode, every record taken and its offset committed
            waiting(shipper).until(() -> emulator.ingestionRequests() >= requestsBefore + 3
                                         && (mode.equals("acknowledged") || broker.committed(topic, topic) == n));
            shipper.kill();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> emulator.ingestionRequestsInProgress() == 0);
        long committedAtKill = broker.committed(topic, topic);

        emulator.faults().clear();
        try (Shipper shipper = new Shipper(config, log(test, "after-restart"))) {
            broker.produce(topic, n, n + 1);
            waiting(shipper).until(() -> table(table).containsKey((long) n) && broker.committed(topic, topic) == n + 1);
        }
        Map<Long, Integer> landed = table(table);
        long lost = Stream.iterate(0L, id -> id < n, id -> id + 1).filter(id -> !landed.containsKey(id)).count();
        System.out.printf("Kafka crash during an outage, %s: %,d records taken, %,d committed at the kill, %,d lost%n",
                mode, n, committedAtKill, lost);
        return new Outcome(n, committedAtKill, lost);
    }

    private record Outcome(long produced, long committedAtKill, long lost) {
    }

    @Test
    void anOutageLongerThanDeliveryTimeoutStallsThePartitionAndLosesNothing(TestInfo test) throws Exception {
        int n = 500;
        Path deadLetters = Files.createDirectories(dir.resolve("long-outage"));
        broker.createTopic("long-outage", 1);
        broker.produce("long-outage", 0, n);
        // the component gives up after 1 s each time; the route sends the batch again until the service is back
        emulator.faults().add(List.of(Fault.status(12, 503)));

        Map<String, String> config = instance("long-outage", "LongOutage", "acknowledged", "java", "long-outage-1");
        config.put("camel.component.loganalytics.delivery-timeout", "1s");
        config.put("camel.component.loganalytics.retry-backoff", "50");
        config.put("la.dead-letter-uri", "file:" + deadLetters + "?fileName=${exchangeId}.json");
        try (Shipper shipper = new Shipper(config, log(test, "java"))) {
            waiting(shipper).until(() -> table("LongOutage").size() == n && broker.committed("long-outage", "long-outage") == n);
        }

        assertThat(emulator.faults().size()).as("the whole outage was met").isZero();
        assertThat(table("LongOutage").keySet()).containsExactlyInAnyOrderElementsOf(
                Stream.iterate(0L, id -> id < n, id -> id + 1).toList());
        try (Stream<Path> files = Files.list(deadLetters)) {
            assertThat(files.count()).as("each timed-out attempt was handed to the dead letters, then sent again")
                    .isPositive();
        }
    }

    @Test
    void twoInstancesShareThePartitionsAndOneTakesOverWhenTheOtherStops(TestInfo test) throws Exception {
        int n = 4_000;
        broker.createTopic("scale", 4);
        // each instance ships to a table of its own, so the test can tell who shipped what
        Map<String, String> first = instance("scale", "ScaleFirst", "acknowledged", "java", "scale-1");
        Map<String, String> second = instance("scale", "ScaleSecond", "acknowledged", "yaml", "scale-2");
        try (Shipper one = new Shipper(first, log(test, "first")); Shipper two = new Shipper(second, log(test, "second"))) {
            waiting(one, two).until(() -> broker.assignments("scale").equals(Map.of("scale-1", 2, "scale-2", 2)));
            broker.produce("scale", 0, n / 2);
            waiting(one, two).until(() -> landed("ScaleFirst", "ScaleSecond") == n / 2);
            assertThat(table("ScaleFirst")).as("both instances ship").isNotEmpty();
            assertThat(table("ScaleSecond")).as("both instances ship").isNotEmpty();

            long handedOverAt = System.nanoTime();
            one.stop();
            waiting(two).until(() -> broker.assignments("scale").equals(Map.of("scale-2", 4)));
            long takeOverMillis = (System.nanoTime() - handedOverAt) / 1_000_000;
            broker.produce("scale", n / 2, n);
            waiting(two).until(() -> landed("ScaleFirst", "ScaleSecond") == n);

            assertThat(table("ScaleSecond").keySet()).as("the second took over every partition")
                    .containsAll(Stream.iterate((long) n / 2, id -> id < n, id -> id + 1).toList());
            System.out.printf("Kafka scale-out: 2 instances, 4 partitions, %,d records; the second held all partitions"
                              + " %,d ms after the first stopped (session timeout 6 s); %,d + %,d rows, none lost%n",
                    n, takeOverMillis, rows("ScaleFirst"), rows("ScaleSecond"));
        }
    }

    @ParameterizedTest(name = "{0} DSL")
    @ValueSource(strings = {"java", "yaml"})
    void aRecordThatIsNotJsonGoesToTheDeadLettersAndTheRestOfItsBatchLands(String dsl, TestInfo test) throws Exception {
        String topic = "mixed-" + dsl;
        String table = "Mixed" + (dsl.equals("java") ? "Java" : "Yaml");
        Path deadLetters = Files.createDirectories(dir.resolve(topic));
        broker.createTopic(topic, 1);
        broker.produce(topic, 0, 20);
        broker.produceRaw(topic, "not json at all");
        broker.produce(topic, 20, 40);

        Map<String, String> config = instance(topic, table, "acknowledged", dsl, topic + "-1");
        config.put("la.dead-letter-uri", "file:" + deadLetters + "?fileName=${exchangeId}.txt");
        try (Shipper shipper = new Shipper(config, log(test, dsl))) {
            waiting(shipper).until(() -> broker.committed(topic, topic) == 41);
        }

        assertThat(table(table).keySet()).containsExactlyInAnyOrderElementsOf(
                Stream.iterate(0L, id -> id < 40, id -> id + 1).toList());
        try (Stream<Path> files = Files.list(deadLetters)) {
            assertThat(files.map(this::read)).containsExactly("not json at all");
        }
    }

    /** The properties of one instance: its topic and group, where it ships, how, and in which DSL. */
    private static Map<String, String> instance(String topic, String logType, String mode, String dsl, String instanceId) {
        Map<String, String> config = new HashMap<>();
        config.put("kafka.brokers", broker.bootstrapServers());
        config.put("kafka.topic", topic);
        config.put("kafka.group-id", topic);
        config.put("kafka.instance-id", instanceId);
        config.put("kafka.max-poll-records", String.valueOf(MAX_POLL_RECORDS));
        config.put("kafka.session-timeout-ms", "6000");
        config.put("la.log-type", logType);
        config.put("la.delivery-mode", mode);
        config.put("la.dead-letter-uri", "file:" + dir.resolve("dead-letters") + "?fileName=${exchangeId}.json");
        config.put("route.dsl", dsl);
        config.put("camel.component.loganalytics.workspace-id", WS);
        config.put("camel.component.loganalytics.endpoint", emulator.endpoint());
        config.put("camel.component.loganalytics.shared-key-file", dir.resolve("key").toString());
        return config;
    }

    /** Waits up to two minutes, failing at once with the log's path if an instance exits by itself. */
    private static ConditionFactory waiting(Shipper... shippers) {
        return await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                .failFast(() -> Stream.of(shippers).anyMatch(Shipper::hasExited));
    }

    /** How many times each id landed in the log type's table. */
    private static Map<Long, Integer> table(String logType) {
        Map<Long, Integer> counts = new HashMap<>();
        Table table = emulator.workspace(WS).table(logType + "_CL");
        for (Map<String, Object> row : table == null ? List.<Map<String, Object>>of() : table.rows()) {
            counts.merge(((Double) row.get("id_d")).longValue(), 1, Integer::sum);
        }
        return counts;
    }

    private static int rows(String logType) {
        Table table = emulator.workspace(WS).table(logType + "_CL");
        return table == null ? 0 : table.rowCount();
    }

    /** Distinct ids that landed in any of the tables. */
    private static int landed(String... logTypes) {
        return (int) Stream.of(logTypes).flatMap(t -> table(t).keySet().stream()).distinct().count();
    }

    private static Path log(TestInfo test, String name) throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "shipper-logs"));
        return logs.resolve(test.getTestMethod().orElseThrow().getName() + "-" + name + ".log");
    }

    private String read(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
