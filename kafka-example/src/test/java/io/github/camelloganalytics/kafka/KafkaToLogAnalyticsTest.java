package io.github.camelloganalytics.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * At least once from a topic to Log Analytics, through the Logs Ingestion API, with the application in child JVMs that
 * a test kills as a crash would: every record lands across a SIGKILL taken while records had landed and were not yet
 * committed, duplicates are only what was not yet committed, queued mode loses what it buffered, two instances of one
 * group share the partitions and one takes over when the other is killed, and no offset is committed past a record
 * that is neither landed nor at the dead letter endpoint, whatever failed.
 * <p>
 * The figures each test prints are the ones the "Scaling out and durability" page quotes.
 */
class KafkaToLogAnalyticsTest {

    static final String RULE = "dcr-7d3c4a5596e14d7e8f2a0c6b5e1f9a21";
    static final String TOKEN = "kafka-shipper-token";
    static final int MAX_POLL_RECORDS = 500;
    static final long SESSION_TIMEOUT_MS = 6_000;
    /**
     * Beyond the session timeout, what a takeover may take: up to a heartbeat interval before the broker notices, the
     * group's rebalance, the survivor's rejoin and first poll, which two JVMs and a broker on a busy machine stretch.
     */
    static final long TAKEOVER_MARGIN_MS = 20_000;
    static final List<String> TABLES = List.of("Crash", "OutageQueued", "OutageAcknowledged", "LongOutage", "ScaleFirst",
            "ScaleSecond", "MixedJava", "MixedYaml", "Oversize", "Refused", "Unkept");

    static KafkaBroker broker;
    static LogAnalyticsEmulator emulator;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        broker = new KafkaBroker();
        LogAnalyticsEmulator.Builder builder = LogAnalyticsEmulator.builder().acceptToken(TOKEN);
        for (String table : TABLES) {
            builder.dataCollectionRule(RULE, "Custom-" + table + "_CL",
                    Map.of("recordId", "long", "service", "string", "message", "string"));
        }
        emulator = builder.start();
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
    void everyRecordLandsAcrossAKillTakenWhileLandedRecordsAreUncommittedAndOnlyThoseAreSentTwice(TestInfo test)
            throws Exception {
        int n = 4_000;
        broker.createTopic("crash", 4);
        broker.produce("crash", 0, n);
        // a service that stores at once and answers 300 ms later: records stay landed and uncommitted that long
        emulator.faults().add(List.of(Fault.slowAnswer(-1, 300)));

        Map<String, String> config = instance("crash", "Crash", "acknowledged", "java", "crash-1");
        long[] atKill;
        try (Shipper shipper = new Shipper(config, log(test, "before-kill"))) {
            atKill = killWhenLandedExceedsCommitted(shipper, "crash", "Crash");
        }
        int landedAtKill = (int) atKill[0];
        long committedAtKill = atKill[1];
        assertThat(landedAtKill).as("killed mid-stream").isLessThan(n);
        assertThat(landedAtKill).as("killed with records landed and not committed").isGreaterThan((int) committedAtKill);

        emulator.faults().clear();
        try (Shipper shipper = new Shipper(config, log(test, "after-restart"))) {
            waiting(shipper).until(() -> table("Crash").size() == n && broker.committed("crash", "crash") == n);
        }

        int duplicates = rows("Crash") - n;
        System.out.printf("Kafka crash, acknowledged: %,d records, killed with %,d landed and %,d committed; after the"
                          + " restart all %,d landed, %,d twice%n", n, landedAtKill, committedAtKill, n, duplicates);
        assertThat(table("Crash")).hasSize(n);
        assertThat(duplicates).as("only records that landed but were not committed are sent again")
                .isLessThanOrEqualTo((int) (landedAtKill - committedAtKill));
    }

    /**
     * Waits until records have landed that are not yet committed, then kills the instance (SIGKILL), and returns
     * {landed, committed} as they were then: what a restart may send twice is their difference.
     */
    private long[] killWhenLandedExceedsCommitted(Shipper shipper, String topic, String... tables) throws Exception {
        return killWhenLandedExceedsCommitted(shipper, topic, null, tables);
    }

    /**
     * As above, counting only the records of the given partitions and the instance's own tables: those another
     * instance still ships would blur the figures.
     *
     * @param partitions the partitions the killed instance held, or null for all
     */
    private long[] killWhenLandedExceedsCommitted(Shipper shipper, String topic, java.util.Set<Integer> partitions,
                                                  String... tables) throws Exception {
        java.util.concurrent.Callable<Long> committedNow = () -> partitions == null
                ? broker.committed(topic, topic) : broker.committed(topic, topic, partitions);
        long[] seen = new long[2];
        waiting(shipper).until(() -> {
            // committed first: what lands meanwhile only widens the gap, so landed > committed stays true at the kill
            long committed = committedNow.call();
            long landed = landed(tables);
            if (committed > 0 && landed > committed) {
                shipper.kill();
                seen[0] = landed;
                seen[1] = committed;
                return true;
            }
            return false;
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> emulator.ingestionRequestsInProgress() == 0);
        // what was stored before the kill and answered after it landed too
        seen[0] = landed(tables);
        seen[1] = committedNow.call();
        return seen;
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
    void twoInstancesShareThePartitionsAndOneTakesOverWhenTheOtherIsKilled(TestInfo test) throws Exception {
        int n = 4_000;
        broker.createTopic("scale", 4);
        // each instance ships to a table of its own, so the test can tell who shipped what
        Map<String, String> first = instance("scale", "ScaleFirst", "acknowledged", "java", "scale-1");
        Map<String, String> second = instance("scale", "ScaleSecond", "acknowledged", "yaml", "scale-2");
        try (Shipper one = new Shipper(first, log(test, "first")); Shipper two = new Shipper(second, log(test, "second"))) {
            waiting(one, two).until(() -> broker.assignments("scale").equals(Map.of("scale-1", 2, "scale-2", 2)));
            // stored at once, answered later: the first instance is killed with records landed and uncommitted
            emulator.faults().add(List.of(Fault.slowAnswer(-1, 300)));
            broker.produce("scale", 0, n);
            // the first instance's partitions and table: the second goes on shipping its own meanwhile, and takes the
            // first's partitions over only after the session timeout
            java.util.Set<Integer> firstPartitions = broker.partitionsHeld("scale").get("scale-1");
            long[] atKill = killWhenLandedExceedsCommitted(one, "scale", firstPartitions, "ScaleFirst");
            long killedAt = System.nanoTime();
            assertThat(table("ScaleFirst")).as("the first instance shipped before it was killed").isNotEmpty();

            waiting(two).until(() -> broker.assignments("scale").equals(Map.of("scale-2", 4)));
            long takeOverMillis = (System.nanoTime() - killedAt) / 1_000_000;
            emulator.faults().clear();
            waiting(two).until(() -> landed("ScaleFirst", "ScaleSecond") == n && broker.committed("scale", "scale") == n);

            int duplicates = rows("ScaleFirst") + rows("ScaleSecond") - n;
            System.out.printf("Kafka takeover: 2 instances, 4 partitions, %,d records; the first killed with %,d of its"
                              + " records landed and %,d committed; the second held all partitions %,d ms later (session timeout %,d"
                              + " ms); all %,d landed, %,d twice%n", n, atKill[0], atKill[1], takeOverMillis,
                    SESSION_TIMEOUT_MS, n, duplicates);
            assertThat(atKill[0]).as("killed with records of its partitions landed and not committed").isGreaterThan(atKill[1]);
            assertThat(duplicates).as("only what the killed instance had landed without committing is sent again")
                    .isLessThanOrEqualTo((int) (atKill[0] - atKill[1]));
            assertThat(takeOverMillis).as("the other instance takes the partitions over within the session timeout"
                                          + " and a margin").isLessThanOrEqualTo(SESSION_TIMEOUT_MS + TAKEOVER_MARGIN_MS);
        }
    }

    @Test
    void aBatchTooLargeForMaxPendingBytesIsDeadLetteredBeforeItsOffsetsAreCommitted(TestInfo test) throws Exception {
        int n = 100;
        Path deadLetters = Files.createDirectories(dir.resolve("oversize"));
        broker.createTopic("oversize", 1);
        Map<String, String> config = instance("oversize", "Oversize", "acknowledged", "java", "oversize-1");
        // 100 records of about 80 bytes, each exchange of them counting more than this bound
        config.put("camel.component.loganalytics.max-pending-bytes", "4000");
        config.put("la.dead-letter-uri", "file:" + deadLetters + "?fileName=${exchangeId}.json");
        try (Shipper shipper = new Shipper(config, log(test, "java"))) {
            waiting(shipper).until(() -> broker.assignments("oversize").equals(Map.of("oversize-1", 1)));
            broker.produce("oversize", 0, n);
            waiting(shipper).until(() -> broker.committed("oversize", "oversize") == n);
        }

        assertThat(rows("Oversize")).isZero();
        assertThat(deadLettered(deadLetters)).as("every committed record is at the dead letter endpoint")
                .containsExactlyInAnyOrderElementsOf(ids(0, n));
    }

    @Test
    void recordsTheServiceRefusesAreDeadLetteredBeforeTheirOffsetsAreCommitted(TestInfo test) throws Exception {
        int n = 100;
        Path deadLetters = Files.createDirectories(dir.resolve("refused"));
        broker.createTopic("refused", 1);
        Map<String, String> config = instance("refused", "Refused", "acknowledged", "yaml", "refused-1");
        config.put("la.dead-letter-uri", "file:" + deadLetters + "?fileName=${exchangeId}.json");
        try (Shipper shipper = new Shipper(config, log(test, "yaml"))) {
            waiting(shipper).until(() -> broker.assignments("refused").equals(Map.of("refused-1", 1)));
            // after the start-up check: from now on the service refuses every request as malformed
            emulator.faults().add(List.of(Fault.status(-1, 400)));
            broker.produce("refused", 0, n);
            waiting(shipper).until(() -> broker.committed("refused", "refused") == n);
        }

        assertThat(rows("Refused")).isZero();
        assertThat(deadLettered(deadLetters)).containsExactlyInAnyOrderElementsOf(ids(0, n));
    }

    @Test
    void aBatchThatCanBeKeptNowhereIsNotCommittedAndTheConsumerStops(TestInfo test) throws Exception {
        int n = 100;
        // a file where the dead letter directory should be: nothing can be written there
        Path blocked = Files.writeString(dir.resolve("not-a-directory"), "");
        broker.createTopic("unkept", 1);
        Map<String, String> config = instance("unkept", "Unkept", "acknowledged", "java", "unkept-1");
        config.put("la.dead-letter-uri", "file:" + blocked + "?fileName=${exchangeId}.json");
        Path firstRun = log(test, "blocked");
        try (Shipper shipper = new Shipper(config, firstRun)) {
            waiting(shipper).until(() -> broker.assignments("unkept").equals(Map.of("unkept-1", 1)));
            emulator.faults().add(List.of(Fault.status(-1, 400)));
            broker.produce("unkept", 0, n);
            waiting(shipper).until(() -> Files.readString(firstRun).contains("Stopping route kafka-to-loganalytics"));
            assertThat(broker.committed("unkept", "unkept")).as("no offset moved past records kept nowhere").isZero();
        }
        assertThat(broker.committed("unkept", "unkept")).as("nor after the instance stopped").isZero();
        assertThat(Files.readString(firstRun)).contains("are neither in Log Analytics nor at the dead letter endpoint",
                "partition@offset 0@0");

        // once the service takes the records again, a restart ships them all
        emulator.faults().clear();
        try (Shipper shipper = new Shipper(config, log(test, "restarted"))) {
            waiting(shipper).until(() -> table("Unkept").size() == n && broker.committed("unkept", "unkept") == n);
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

        assertThat(table(table).keySet()).containsExactlyInAnyOrderElementsOf(ids(0, 40));
        assertThat(rows(table)).as("each exactly once").isEqualTo(40);
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
        config.put("kafka.session-timeout-ms", String.valueOf(SESSION_TIMEOUT_MS));
        config.put("la.log-type", logType);
        config.put("la.delivery-mode", mode);
        config.put("la.dead-letter-uri", "file:" + dir.resolve("dead-letters") + "?fileName=${exchangeId}.json");
        config.put("route.dsl", dsl);
        config.put("camel.component.loganalytics.endpoint", emulator.endpoint());
        config.put("camel.component.loganalytics.rule-id", RULE);
        // on loopback a fixed token stands in for the identity
        config.put("camel.component.loganalytics.access-token", TOKEN);
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
        Table table = emulator.workspace(LogAnalyticsEmulator.DEFAULT_WORKSPACE).table(logType + "_CL");
        for (Map<String, Object> row : table == null ? List.<Map<String, Object>>of() : table.rows()) {
            counts.merge(((Number) row.get("recordId")).longValue(), 1, Integer::sum);
        }
        return counts;
    }

    private static int rows(String logType) {
        Table table = emulator.workspace(LogAnalyticsEmulator.DEFAULT_WORKSPACE).table(logType + "_CL");
        return table == null ? 0 : table.rowCount();
    }

    private static List<Long> ids(long from, long to) {
        return Stream.iterate(from, id -> id < to, id -> id + 1).toList();
    }

    /** The record ids at a file dead letter endpoint: each file a JSON array of records. */
    private static List<Long> deadLettered(Path directory) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                for (JsonNode record : new ObjectMapper().readTree(file.toFile())) {
                    ids.add(record.get("recordId").asLong());
                }
            }
        }
        return ids;
    }

    /** Distinct ids that landed in any of the tables. */
    private static int landed(String... logTypes) {
        return (int) Stream.of(logTypes).flatMap(t -> table(t).keySet().stream()).distinct().count();
    }

    private static Path log(TestInfo test, String name) throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "shipper-logs"));
        Path log = logs.resolve(test.getTestMethod().orElseThrow().getName() + "-" + name + ".log");
        // a log of this run only: the shipper appends to it
        Files.deleteIfExists(log);
        return log;
    }

    private String read(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
