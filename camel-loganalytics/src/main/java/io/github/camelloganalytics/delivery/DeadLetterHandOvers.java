package io.github.camelloganalytics.delivery;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.github.camelloganalytics.batch.Batch;
import io.github.camelloganalytics.batch.DeliveryFailure;

/**
 * The dead letter hand-overs of one engine that are under way. Each ends exactly once: when the dead letter endpoint
 * answers, or when the engine gives up on it at its last stop deadline, so an exchange waiting behind a hand-over
 * always gets its outcome. How many may be under way is bounded by maxPendingBytes: a failed batch keeps its room until
 * its hand-over ends.
 */
final class DeadLetterHandOvers {

    private final DeadLetterSink sink;
    private final DeliveryStatistics statistics;
    private final Runnable ended;
    private final Set<HandOver> underWay = ConcurrentHashMap.newKeySet();

    /**
     * @param sink  the dead letter endpoint, or null when none is configured
     * @param ended told after each hand-over ended
     */
    DeadLetterHandOvers(DeadLetterSink sink, DeliveryStatistics statistics, Runnable ended) {
        this.sink = sink;
        this.statistics = statistics;
        this.ended = ended;
    }

    /** Whether a dead letter endpoint is configured. */
    boolean configured() {
        return sink != null;
    }

    /**
     * Starts handing the batch over; {@code outcome} hears once whether the endpoint took it (null) or not.
     */
    void start(Batch batch, DeliveryFailure failure, Consumer<Exception> outcome) {
        HandOver handOver = new HandOver(outcome);
        underWay.add(handOver);
        statistics.handOverStarted();
        try {
            sink.handOver(batch, failure, handOver::end);
        } catch (RuntimeException e) {
            handOver.end(e);
        }
    }

    /** Hand-overs started and not yet ended. */
    int underWay() {
        return underWay.size();
    }

    /** Ends every hand-over still under way as failed: the dead letter endpoint did not answer in time. */
    void abandon(String reason) {
        for (HandOver handOver : List.copyOf(underWay)) {
            handOver.end(new IllegalStateException(reason));
        }
    }

    private final class HandOver {
        private final AtomicBoolean done = new AtomicBoolean();
        private final Consumer<Exception> outcome;

        HandOver(Consumer<Exception> outcome) {
            this.outcome = outcome;
        }

        void end(Exception error) {
            if (!done.compareAndSet(false, true)) {
                return; // abandoned before the endpoint answered, or answered twice
            }
            try {
                outcome.accept(error);
            } finally {
                underWay.remove(this);
                statistics.handOverEnded();
                ended.run();
            }
        }
    }
}
