package io.github.camelloganalytics.batch;

import java.util.ArrayList;
import java.util.List;

import io.github.camelloganalytics.record.HeapFootprint;

/**
 * Records of one {@link BatchKey} that travel in one request. While open it grows; once sealed its body is fixed:
 * the records joined as a JSON array, the exact bytes that are signed and sent.
 */
public final class Batch {

    private final BatchKey key;
    private final long createdNanos;
    private long lastAddedNanos;
    private final List<byte[]> records = new ArrayList<>();
    // consecutive records of one exchange share an entry, so acknowledging costs one call per exchange
    private final List<RecordListener> listeners = new ArrayList<>();
    private final List<Integer> listenerCounts = new ArrayList<>();
    private int recordCount;
    private int requestBytes = 2;
    private long heldBytes;
    private byte[] body;
    private byte[] wireBody;

    /**
     * The records of one exchange that never joined a batch (refused for want of room, say), as a batch, so that they
     * reach the dead letter endpoint in the form failed batches do. It holds no room.
     */
    public static Batch of(BatchKey key, List<byte[]> records, long nowNanos) {
        Batch batch = new Batch(key, nowNanos);
        for (byte[] record : records) {
            batch.add(record, RecordListener.NONE, 0, nowNanos);
        }
        batch.heldBytes = 0;
        return batch;
    }

    Batch(BatchKey key, long createdNanos) {
        this.key = key;
        this.createdNanos = createdNanos;
        this.lastAddedNanos = createdNanos;
    }

    /** Body size if the record were added: a comma before every record but the first. */
    int bytesWith(byte[] record) {
        return requestBytes + record.length + (records.isEmpty() ? 0 : 1);
    }

    void add(byte[] record, RecordListener listener, long extraHeldBytes, long nowNanos) {
        lastAddedNanos = nowNanos;
        requestBytes = bytesWith(record);
        heldBytes += HeapFootprint.ofRecord(record) + extraHeldBytes;
        recordCount++;
        records.add(record);
        int last = listeners.size() - 1;
        if (last >= 0 && listeners.get(last) == listener) {
            listenerCounts.set(last, listenerCounts.get(last) + 1);
        } else {
            listeners.add(listener);
            listenerCounts.add(1);
        }
    }

    /** Whether an exchange waits for the outcome of any record in this batch (acknowledged delivery). */
    public boolean hasWaitingExchanges() {
        for (RecordListener listener : listeners) {
            if (listener.isWaiting()) {
                return true;
            }
        }
        return false;
    }

    /** Fixes the body; the record list is released, the body holds the same bytes. */
    private void seal() {
        if (body != null) {
            return;
        }
        byte[] out = new byte[requestBytes];
        out[0] = '[';
        int pos = 1;
        for (int i = 0; i < records.size(); i++) {
            if (i > 0) {
                out[pos++] = ',';
            }
            byte[] record = records.get(i);
            System.arraycopy(record, 0, out, pos, record.length);
            pos += record.length;
        }
        out[pos] = ']';
        body = out;
        records.clear();
    }

    /**
     * The body as the transport sends it (compressed, say), computed once and kept for retries.
     */
    public byte[] wireBody(java.util.function.UnaryOperator<byte[]> encoding) {
        if (wireBody == null) {
            wireBody = encoding.apply(body());
        }
        return wireBody;
    }

    public BatchKey key() {
        return key;
    }

    /** When the first record arrived ({@link System#nanoTime()}). */
    public long createdNanos() {
        return createdNanos;
    }

    /** When the latest record arrived ({@link System#nanoTime()}). */
    public long lastAddedNanos() {
        return lastAddedNanos;
    }

    public int recordCount() {
        return recordCount;
    }

    /**
     * Room under maxPendingBytes that this batch gives back when it settles: its records, plus what the exchanges
     * whose last record it holds are counted for besides.
     */
    public long heldBytes() {
        return heldBytes;
    }

    /** Size of the request body before the transport encodes it. */
    public int requestBytes() {
        return requestBytes;
    }

    /**
     * The request body: a JSON array of the records. Built on first call, by whoever took the batch from the
     * accumulator, so the copy happens outside its lock; no record can be added after that.
     */
    public byte[] body() {
        seal();
        return body;
    }

    /** Tells every exchange with records in this batch that the service accepted them. */
    public void accepted(int statusCode) {
        for (int i = 0; i < listeners.size(); i++) {
            listeners.get(i).accepted(listenerCounts.get(i), statusCode);
        }
    }

    /** Tells every exchange with records in this batch that they failed. */
    public void failed(DeliveryFailure failure) {
        for (int i = 0; i < listeners.size(); i++) {
            listeners.get(i).failed(listenerCounts.get(i), failure);
        }
    }
}
