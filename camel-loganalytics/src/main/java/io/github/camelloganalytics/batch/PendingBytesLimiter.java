package io.github.camelloganalytics.batch;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

/**
 * Bounds the bytes of records taken but not yet settled. Callers block for room, up to a timeout, so a slow or absent
 * service pushes back on the route instead of filling the heap.
 */
public final class PendingBytesLimiter {

    private final long maxBytes;
    private final LongConsumer onChange;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private long pending;
    private boolean closed;

    /**
     * @param onChange told every change of the reserved bytes (positive or negative), under the limiter's lock, so
     *                 that a mirror of the count never shows more than the limiter allowed
     */
    public PendingBytesLimiter(long maxBytes, LongConsumer onChange) {
        this.maxBytes = maxBytes;
        this.onChange = onChange;
    }

    /**
     * Reserves room for {@code bytes}, waiting up to the timeout.
     *
     * @return true if reserved; false on timeout, when closed, or when {@code bytes} can never fit
     */
    public boolean acquire(long bytes, long timeoutMillis) throws InterruptedException {
        if (bytes > maxBytes) {
            return false;
        }
        long remaining = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lockInterruptibly();
        try {
            while (!closed && pending + bytes > maxBytes) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = released.awaitNanos(remaining);
            }
            if (closed) {
                return false;
            }
            pending += bytes;
            onChange.accept(bytes);
            return true;
        } finally {
            lock.unlock();
        }
    }

    public void release(long bytes) {
        lock.lock();
        try {
            pending -= bytes;
            onChange.accept(-bytes);
            if (lock.hasWaiters(released)) {
                released.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiter and refuses new reservations. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Bytes reserved now. */
    public long pendingBytes() {
        lock.lock();
        try {
            return pending;
        } finally {
            lock.unlock();
        }
    }
}
