package io.github.camelloganalytics.batch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups records into batches per {@link BatchKey}. A batch is ready when it reaches the record or byte cap; an open
 * batch becomes due {@code timeout} after its first record, or once no record joined it for {@code idle}, but is only
 * taken when a sender asks for work, so while every sender is busy batches keep filling. Not thread-safe: its owner
 * serializes access.
 */
public final class BatchAccumulator {

    private final int maxRecords;
    private final int maxBytes;
    private final long timeoutNanos;
    private final long idleNanos;
    // insertion order is age order: a key's batch is re-inserted when it is replaced
    private final Map<BatchKey, Batch> open = new LinkedHashMap<>();
    private final ArrayDeque<Batch> ready = new ArrayDeque<>();
    private int pendingRecords;

    /**
     * @param timeoutNanos longest a batch stays open after its first record
     * @param idleNanos    longest a batch stays open after its latest record; {@code timeoutNanos} or more never
     *                     sends a batch early
     */
    public BatchAccumulator(int maxRecords, int maxBytes, long timeoutNanos, long idleNanos) {
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
        this.timeoutNanos = timeoutNanos;
        this.idleNanos = idleNanos;
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
        batch.add(record, listener, extraHeldBytes, nowNanos);
        pendingRecords++;
        if (batch.recordCount() >= maxRecords || batch.requestBytes() >= maxBytes) {
            open.remove(key);
            ready.add(batch);
        }
    }

    /**
     * The next batch to send: a full one first, else the oldest open batch that is due (any, if {@code flush}).
     *
     * @return the batch, now owned by the caller, or null when nothing is to be sent yet
     */
    public Batch poll(long nowNanos, boolean flush) {
        Batch batch = ready.poll();
        if (batch == null) {
            for (Iterator<Batch> oldestFirst = open.values().iterator(); oldestFirst.hasNext();) {
                Batch candidate = oldestFirst.next();
                if (flush || nowNanos - dueNanos(candidate) >= 0) {
                    oldestFirst.remove();
                    batch = candidate;
                    break;
                }
            }
        }
        if (batch != null) {
            pendingRecords -= batch.recordCount();
        }
        return batch;
    }

    /**
     * When the first open batch becomes due: {@link Long#MIN_VALUE} if one is ready, {@link Long#MAX_VALUE} if none
     * is open.
     */
    public long nextDueNanos() {
        if (!ready.isEmpty()) {
            return Long.MIN_VALUE;
        }
        long next = Long.MAX_VALUE;
        for (Batch batch : open.values()) {
            long due = dueNanos(batch);
            if (next == Long.MAX_VALUE || due - next < 0) {
                next = due;
            }
        }
        return next;
    }

    private long dueNanos(Batch batch) {
        long byAge = batch.createdNanos() + timeoutNanos;
        long byIdleness = batch.lastAddedNanos() + idleNanos;
        return byIdleness - byAge < 0 ? byIdleness : byAge;
    }

    /** Records waiting in batches not yet taken. */
    public int pendingRecords() {
        return pendingRecords;
    }

    /** Batches not yet taken, ready or open. */
    public int batchCount() {
        return ready.size() + open.size();
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
