package io.github.camelloganalytics.emulator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Faults applied to ingestion requests in order: each one to its {@code count} requests, then the next one.
 * Thread-safe.
 */
public final class FaultPlan {

    private final Deque<Fault> faults = new ArrayDeque<>();

    /** Appends faults to the plan. */
    public synchronized void add(List<Fault> more) {
        more.forEach(Fault::validate);
        faults.addAll(more);
    }

    public synchronized void clear() {
        faults.clear();
    }

    public synchronized int size() {
        return faults.size();
    }

    /** The fault for the next request, or null to serve it normally. */
    synchronized Fault next() {
        Fault head = faults.peekFirst();
        if (head == null) {
            return null;
        }
        if (head.count() > 0) {
            faults.pollFirst();
            if (head.count() > 1) {
                faults.addFirst(head.withCount(head.count() - 1));
            }
        }
        return head;
    }
}
