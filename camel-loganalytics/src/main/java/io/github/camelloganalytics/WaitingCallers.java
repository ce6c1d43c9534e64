package io.github.camelloganalytics;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.spi.InflightRepository;

/**
 * Counts the acknowledged exchanges that wait at the component's producers for the service, so that a producer can
 * tell when every exchange in flight in the Camel context is one of them. Then no record can join an open batch until
 * one of them is answered, and waiting for the batch to fill would only delay them all.
 * <p>
 * Only exchanges that Camel counts as in flight (those with a unit of work) are counted here, so the comparison is
 * like for like.
 */
final class WaitingCallers {

    private final AtomicInteger waiting = new AtomicInteger();
    private final InflightRepository inflight;

    WaitingCallers(InflightRepository inflight) {
        this.inflight = inflight;
    }

    void arrived() {
        waiting.incrementAndGet();
    }

    void left() {
        waiting.decrementAndGet();
    }

    /** Whether every exchange in flight in the context waits at a producer of this component. */
    boolean allInFlightAreWaiting() {
        return waiting.get() >= inflight.size();
    }
}
