package io.github.camelloganalytics.batch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups records into batches per {@link BatchKey}. A batch is ready when it reaches the record or byte cap; an open
 * batch becomes due {@code timeout} after its first record, but is only taken when a sender asks for work, so while
 * every sender is busy batches keep filling. Not thread-safe: its owner serializes access.
 */
public final class BatchAccumulator {

    private final int maxRecords;
    private final int maxBytes;
    private final long timeoutNanos;
    // insertion order is age order: a key's batch is re-inserted when it is replaced
    private final Map<BatchKey, Batch> open = new LinkedHashMap<>();
    private final ArrayDeque<Batch> ready = new ArrayDeque<>();
    private int pendingRecords;

    public BatchAccumulator(int maxRecords, int maxBytes, long timeoutNanos) {
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * Adds a record, which must be no larger than {@code maxBytes - 2} (the array brackets).
     *
     * @param extraHeldBytes room the record's batch gives back when it settles, besides the record's own bytes
     * @param nowNanos       {@link System#nanoTime()}
     */
    public void add(BatchKey key, byte[] record, RecordListener listener, long extraHeldBytes, long nowNanos) {
        Batch batch = open.get(key);
        if (batch != null && batch.bytesWith(record) > maxBytes) {
            open.remove(key);
            ready.add(batch);
            batch = null;
        }
        if (batch == null) {
            batch = new Batch(key, nowNanos);
            open.put(key, batch);
        }
        batch.add(record, listener, extraHeldBytes);
        pendingRecords++;
        if (batch.recordCount() >= maxRecords || batch.bodyBytes() >= maxBytes) {
            open.remove(key);
            ready.add(batch);
        }
    }

    /**
     * The next batch to send: a full one first, else the oldest open batch if it is due (or if {@code flush}).
     *
     * @return the batch, now owned by the caller, or null when nothing is to be sent yet
     */
    public Batch poll(long nowNanos, boolean flush) {
        Batch batch = ready.poll();
        if (batch == null && !open.isEmpty()) {
            Iterator<Batch> oldest = open.values().iterator();
            Batch candidate = oldest.next();
            if (flush || nowNanos - candidate.createdNanos() >= timeoutNanos) {
                oldest.remove();
                batch = candidate;
            }
        }
        if (batch != null) {
            pendingRecords -= batch.recordCount();
        }
        return batch;
    }

    /** When the oldest open batch becomes due, or {@link Long#MAX_VALUE} if none is open. */
    public long nextDueNanos() {
        if (!ready.isEmpty()) {
            return Long.MIN_VALUE;
        }
        return open.isEmpty() ? Long.MAX_VALUE : open.values().iterator().next().createdNanos() + timeoutNanos;
    }

    /** Records waiting in batches not yet taken. */
    public int pendingRecords() {
        return pendingRecords;
    }

    public boolean isEmpty() {
        return ready.isEmpty() && open.isEmpty();
    }

    /** Takes every batch, ready and open. */
    public List<Batch> drain() {
        List<Batch> all = new ArrayList<>(ready);
        all.addAll(open.values());
        ready.clear();
        open.clear();
        pendingRecords = 0;
        return all;
    }
}
