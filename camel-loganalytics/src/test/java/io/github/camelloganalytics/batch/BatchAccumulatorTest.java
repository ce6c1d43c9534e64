package io.github.camelloganalytics.batch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.github.camelloganalytics.record.HeapFootprint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BatchAccumulatorTest {

    static final BatchKey APP = new BatchKey("AppEvents", null, null);
    static final BatchKey AUDIT = new BatchKey("Audit", null, null);
    static final long TIMEOUT = 1_000;
    static final long IDLE = TIMEOUT / 5;

    final List<String> accepted = new ArrayList<>();
    final RecordListener listener = new RecordListener() {
        @Override
        public void accepted(int records, int statusCode) {
            accepted.add(records + "@" + statusCode);
        }

        @Override
        public void failed(int records, DeliveryFailure failure) {
        }
    };

    static byte[] record(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void batchIsReadyWhenItReachesBatchSize() {
        BatchAccumulator acc = new BatchAccumulator(3, 1_000_000, TIMEOUT, IDLE);
        acc.add(APP, record("{\"a\":1}"), listener, 0, 0);
        acc.add(APP, record("{\"a\":2}"), listener, 0, 0);
        assertThat(acc.poll(0, false)).isNull();
        acc.add(APP, record("{\"a\":3}"), listener, 0, 0);
        Batch batch = acc.poll(0, false);
        assertThat(batch.recordCount()).isEqualTo(3);
        assertThat(new String(batch.body(), StandardCharsets.UTF_8)).isEqualTo("[{\"a\":1},{\"a\":2},{\"a\":3}]");
    }

    @Test
    void recordThatWouldPassBatchMaxBytesStartsTheNextBatch() {
        // each record is 7 bytes: "[r]" = 9, "[r,r]" = 17, "[r,r,r]" = 25
        BatchAccumulator acc = new BatchAccumulator(100, 20, TIMEOUT, IDLE);
        acc.add(APP, record("{\"a\":1}"), listener, 0, 0);
        acc.add(APP, record("{\"a\":2}"), listener, 0, 0);
        assertThat(acc.poll(0, false)).isNull();
        acc.add(APP, record("{\"a\":3}"), listener, 0, 0);
        Batch first = acc.poll(0, false);
        assertThat(first.body()).hasSize(17);
        assertThat(first.requestBytes()).isEqualTo(17);
        assertThat(acc.poll(0, false)).isNull();
        assertThat(acc.poll(TIMEOUT, false).recordCount()).isEqualTo(1);
    }

    @Test
    void batchFilledExactlyToBatchMaxBytesIsReady() {
        BatchAccumulator acc = new BatchAccumulator(100, 17, TIMEOUT, IDLE);
        acc.add(APP, record("{\"a\":1}"), listener, 0, 0);
        acc.add(APP, record("{\"a\":2}"), listener, 0, 0);
        assertThat(acc.poll(0, false).requestBytes()).isEqualTo(17);
    }

    @Test
    void openBatchIsDueBatchTimeoutAfterItsFirstRecord() {
        BatchAccumulator acc = new BatchAccumulator(100, 1_000_000, TIMEOUT, IDLE);
        acc.add(APP, record("{}"), listener, 0, 100);
        acc.add(APP, record("{}"), listener, 0, 900);
        assertThat(acc.nextDueNanos()).isEqualTo(100 + TIMEOUT);
        assertThat(acc.poll(100 + TIMEOUT - 1, false)).isNull();
        assertThat(acc.poll(100 + TIMEOUT, false).recordCount()).isEqualTo(2);
        assertThat(acc.isEmpty()).isTrue();
    }

    @Test
    void batchThatNoRecordJoinedForTheIdleTimeIsDue() {
        BatchAccumulator acc = new BatchAccumulator(100, 1_000_000, TIMEOUT, IDLE);
        acc.add(APP, record("{}"), listener, 0, 0);
        assertThat(acc.nextDueNanos()).isEqualTo(IDLE);
        assertThat(acc.poll(IDLE - 1, false)).isNull();
        assertThat(acc.poll(IDLE, false).recordCount()).isEqualTo(1);
    }

    @Test
    void recordsArrivingSteadilyKeepABatchOpenUntilBatchTimeout() {
        BatchAccumulator acc = new BatchAccumulator(100, 1_000_000, TIMEOUT, IDLE);
        for (long now = 0; now < TIMEOUT; now += TIMEOUT / 10) {
            assertThat(acc.poll(now, false)).isNull();
            acc.add(APP, record("{}"), listener, 0, now);
        }
        assertThat(acc.nextDueNanos()).isEqualTo(TIMEOUT);
        assertThat(acc.poll(TIMEOUT - 1, false)).isNull();
        assertThat(acc.poll(TIMEOUT, false).recordCount()).isEqualTo(10);
    }

    @Test
    void idleBatchGoesBeforeAnOlderOneStillFilling() {
        BatchAccumulator acc = new BatchAccumulator(100, 1_000_000, TIMEOUT, IDLE);
        acc.add(AUDIT, record("{}"), listener, 0, 0);
        acc.add(APP, record("{}"), listener, 0, 100);
        acc.add(AUDIT, record("{}"), listener, 0, 150);
        // Audit is older but was joined at 150 (idle from 350); AppEvents has been idle since 300
        assertThat(acc.nextDueNanos()).isEqualTo(300);
        assertThat(acc.poll(300, false).key()).isEqualTo(APP);
        assertThat(acc.poll(300, false)).isNull();
    }

    @Test
    void idleTimeOfBatchTimeoutNeverSendsEarly() {
        BatchAccumulator acc = new BatchAccumulator(100, 1_000_000, TIMEOUT, TIMEOUT);
        acc.add(APP, record("{}"), listener, 0, 0);
        assertThat(acc.poll(TIMEOUT - 1, false)).isNull();
        assertThat(acc.poll(TIMEOUT, false).recordCount()).isEqualTo(1);
    }

    @Test
    void recordsOfDifferentKeysNeverShareABatch() {
        BatchAccumulator acc = new BatchAccumulator(100, 1_000_000, TIMEOUT, IDLE);
        acc.add(APP, record("{\"k\":\"app\"}"), listener, 0, 0);
        acc.add(AUDIT, record("{\"k\":\"audit\"}"), listener, 0, 1);
        acc.add(APP, record("{\"k\":\"app\"}"), listener, 0, 2);
        acc.add(new BatchKey("AppEvents", "ts", null), record("{\"k\":\"app-ts\"}"), listener, 0, 3);
        Batch first = acc.poll(0, true);
        Batch second = acc.poll(0, true);
        Batch third = acc.poll(0, true);
        assertThat(acc.poll(0, true)).isNull();
        assertThat(first.key()).isEqualTo(APP);
        assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("[{\"k\":\"app\"},{\"k\":\"app\"}]");
        assertThat(second.key()).isEqualTo(AUDIT);
        assertThat(third.key().timeGeneratedField()).isEqualTo("ts");
    }

    @Test
    void fullBatchesGoBeforeDueOnes() {
        BatchAccumulator acc = new BatchAccumulator(2, 1_000_000, TIMEOUT, IDLE);
        acc.add(AUDIT, record("{}"), listener, 0, 0);
        acc.add(APP, record("{}"), listener, 0, 5);
        acc.add(APP, record("{}"), listener, 0, 6);
        assertThat(acc.poll(TIMEOUT * 2, false).key()).isEqualTo(APP);
        assertThat(acc.poll(TIMEOUT * 2, false).key()).isEqualTo(AUDIT);
    }

    @Test
    void consecutiveRecordsOfOneExchangeAreAcknowledgedInOneCall() {
        BatchAccumulator acc = new BatchAccumulator(100, 1_000_000, TIMEOUT, IDLE);
        RecordListener other = new RecordListener() {
            @Override
            public void accepted(int records, int statusCode) {
                accepted.add("other " + records);
            }

            @Override
            public void failed(int records, DeliveryFailure failure) {
            }
        };
        acc.add(APP, record("{}"), listener, 0, 0);
        acc.add(APP, record("{}"), listener, 0, 0);
        acc.add(APP, record("{}"), other, 0, 0);
        Batch batch = acc.poll(0, true);
        batch.accepted(200);
        assertThat(accepted).containsExactly("2@200", "other 1");
        assertThat(batch.heldBytes()).as("what the records hold, no brackets or commas").isEqualTo(3 * HeapFootprint.ofRecord(record("{}")));
    }

    @Test
    void batchGivesBackTheRoomOfItsRecordsAndOfExchangesEndingInIt() {
        // batches of 2 records: the exchange of 3 records spans two batches and ends in the second
        BatchAccumulator acc = new BatchAccumulator(2, 1_000_000, TIMEOUT, IDLE);
        acc.add(APP, record("{\"a\":1}"), listener, 0, 0);
        acc.add(APP, record("{\"a\":2}"), listener, 0, 0);
        acc.add(APP, record("{\"a\":3}"), listener, 2048, 0);
        acc.add(APP, record("{}"), listener, 2048, 0);
        long seven = HeapFootprint.ofRecord(record("{\"a\":1}"));
        long two = HeapFootprint.ofRecord(record("{}"));
        assertThat(acc.poll(0, false).heldBytes()).isEqualTo(seven + seven);
        assertThat(acc.poll(0, false).heldBytes()).isEqualTo(seven + 2048 + two + 2048);
    }

    @Test
    void aRecordHoldsItsBytesRoundedToTheJvmAlignmentPlusItsArrayHeaderAndReference() {
        assertThat(HeapFootprint.ofRecord(new byte[0])).isEqualTo(24);
        assertThat(HeapFootprint.ofRecord(new byte[1])).isEqualTo(32);
        assertThat(HeapFootprint.ofRecord(new byte[8])).isEqualTo(32);
        assertThat(HeapFootprint.ofRecord(new byte[9])).isEqualTo(40);
    }

    @Test
    void drainTakesEverything() {
        BatchAccumulator acc = new BatchAccumulator(1, 1_000_000, TIMEOUT, IDLE);
        acc.add(APP, record("{}"), listener, 0, 0);
        acc.add(AUDIT, record("{}"), listener, 0, 0);
        BatchAccumulator open = new BatchAccumulator(10, 1_000_000, TIMEOUT, IDLE);
        open.add(APP, record("{}"), listener, 0, 0);
        assertThat(acc.drain()).hasSize(2);
        assertThat(open.drain()).hasSize(1);
        assertThat(acc.isEmpty()).isTrue();
        assertThat(acc.pendingRecords()).isZero();
    }
}
