package io.github.camelloganalytics.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.concurrent.locks.LockSupport;

import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.support.service.ServiceHelper;

/**
 * What shipping costs at the steady rates deployments run, rather than flat out: records offered at a fixed rate, one
 * per exchange, for a fixed time after a warm-up, against a sink that answers after a round trip. Each row gives the
 * CPU a second (a share of one core, the sink's own left out), the heap after a GC at the start and the end of the
 * measured time, requests a second, records a request, and the time from sending an exchange to its completion (p50,
 * p99, max): for acknowledged delivery, until the service accepted its record.
 */
final class SteadyRate {

    /** Threads that offer the records between them, as a route's concurrent consumers would. */
    static final int OFFERING_THREADS = 4;

    /**
     * One row of results.json.
     *
     * @param api              {@code logsIngestion} or {@code dataCollector}
     * @param way              {@code limit}, {@code camel alone, completed later}, {@code single acknowledged},
     *                         {@code single queued} or {@code sdk}
     * @param roundTripMs      how long the sink waits before answering
     * @param offeredPerSecond records offered a second
     * @param sentPerSecond    records actually sent a second (below the offer when the caller fell behind)
     * @param cpuPerSecond     CPU seconds a second of the process, the sink's left out: a share of one core
     * @param heapStartBytes   heap used after a GC when the measured time began
     * @param heapEndBytes     heap used after a GC when it ended
     * @param requestsPerSecond requests the sink received a second
     * @param recordsPerRequest records a request
     * @param p50Millis        median time from send to completion, for acknowledged ways only
     * @param p99Millis        99th percentile
     * @param maxMillis        the longest
     */
    record Row(String api, String way, long roundTripMs, long offeredPerSecond, double sentPerSecond, double cpuPerSecond,
            long heapStartBytes, long heapEndBytes, double requestsPerSecond, double recordsPerRequest, Double p50Millis,
            Double p99Millis, Double maxMillis) {
    }

    /**
     * A way of shipping, driven one record at a time: {@code done} is called once the record's exchange completed,
     * with its failure or {@code null}.
     */
    interface Target extends AutoCloseable {
        /** {@code logsIngestion}, {@code dataCollector}, or {@code none} when nothing is shipped. */
        String api();

        String way();

        /** Whether completion means the service accepted the record, so the latency is worth reporting. */
        boolean acknowledged();

        void send(long index, Consumer<Throwable> done) throws Exception;
    }

    /**
     * A started context's {@code direct:steady} as a target, driven as a Camel consumer drives a route: through its
     * asynchronous producer, so as many exchanges are in flight as the route lets be.
     */
    static Target camel(String api, String way, boolean acknowledged, CamelContext context, LogEvents events,
            AutoCloseable alsoClose) throws Exception {
        Endpoint steady = context.getEndpoint("direct:steady");
        AsyncProducer producer = steady.createAsyncProducer();
        ServiceHelper.startService(producer);
        return new Target() {
            public String api() {
                return api;
            }

            public String way() {
                return way;
            }

            public boolean acknowledged() {
                return acknowledged;
            }

            public void send(long index, Consumer<Throwable> done) {
                Exchange exchange = steady.createExchange();
                exchange.getMessage().setBody(events.get(index));
                producer.process(exchange, doneSync -> done.accept(exchange.getException()));
            }

            public void close() throws Exception {
                ServiceHelper.stopService(producer);
                context.close();
                if (alsoClose != null) {
                    alsoClose.close();
                }
            }
        };
    }

    /**
     * Offers {@code perSecond} records a second to the target for {@code warmupSeconds}, then measures for
     * {@code seconds}.
     */
    Row run(Target target, CountingSink sink, long perSecond, long warmupSeconds, long seconds) throws Exception {
        boolean ships = !"none".equals(target.api());
        if (warmupSeconds > 0) {
            long before = sink.records();
            long warmedUp = offer(target, perSecond, warmupSeconds, null);
            awaitDelivered(sink, ships ? before + warmedUp : before);
        }
        // allocated before the heap is measured: at 100,000 records a second for 10 s it alone is 8 MB
        long[] latencies = new long[(int) Math.min(Integer.MAX_VALUE - 8, perSecond * seconds)];
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long heapStart = usedAfterGc();
        long requestsBefore = sink.requests();
        long recordsBefore = sink.records();
        long cpuBefore = os.getProcessCpuTime() - sink.cpuNanos();
        long start = System.nanoTime();
        long[] sendingEnded = new long[1];
        long sent = offer(target, perSecond, seconds, latencies, sendingEnded);
        awaitDelivered(sink, ships ? recordsBefore + sent : recordsBefore);
        // until the last record landed: what was sent costs what it costs, however late
        long elapsed = System.nanoTime() - start;
        long cpu = os.getProcessCpuTime() - sink.cpuNanos() - cpuBefore;
        long heapEnd = usedAfterGc();
        long requests = sink.requests() - requestsBefore;
        long records = sink.records() - recordsBefore;

        double elapsedSeconds = elapsed / 1e9;
        long[] measured = target.acknowledged() ? Arrays.copyOf(latencies, (int) Math.min(sent, latencies.length))
                : new long[0];
        Arrays.sort(measured);
        return new Row(target.api(), target.way(), sink.latencyMillis(), perSecond,
                sent / ((sendingEnded[0] - start) / 1e9), cpu / 1e9 / elapsedSeconds, heapStart, heapEnd,
                requests / elapsedSeconds, requests == 0 ? 0 : (double) records / requests,
                latency(target, percentile(measured, 0.50)), latency(target, percentile(measured, 0.99)),
                latency(target, measured.length == 0 ? 0 : measured[measured.length - 1]));
    }

    private long offer(Target target, long perSecond, long seconds, long[] latencies) throws Exception {
        return offer(target, perSecond, seconds, latencies, new long[1]);
    }

    /**
     * Sends at the rate for the given time from OFFERING_THREADS threads that wake every millisecond and send what is
     * due; records each record's time to completion in {@code latencies} when given. Returns the number sent once
     * every one of them completed; any failure fails the run.
     */
    private long offer(Target target, long perSecond, long seconds, long[] latencies, long[] sendingEnded)
            throws Exception {
        long total = perSecond * seconds;
        AtomicLong next = new AtomicLong();
        AtomicLong pending = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        long start = System.nanoTime();
        // several threads share the schedule, as a route's consumers do: one slow send does not hold the others back
        Scenarios.runThreads(OFFERING_THREADS, () -> {
            while (next.get() < total) {
                long due = Math.min(total, (System.nanoTime() - start) * perSecond / 1_000_000_000L + 1);
                for (long index = next.get(); index < due; index = next.get()) {
                    if (!next.compareAndSet(index, index + 1)) {
                        continue;
                    }
                    int slot = (int) index;
                    long sentAt = System.nanoTime();
                    pending.incrementAndGet();
                    target.send(index, failure -> {
                        if (failure != null) {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, failure);
                        }
                        if (latencies != null && slot < latencies.length) {
                            latencies[slot] = System.nanoTime() - sentAt;
                        }
                        pending.decrementAndGet();
                    });
                }
                LockSupport.parkNanos(1_000_000);
            }
        });
        sendingEnded[0] = System.nanoTime();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        if (failed.get() > 0 || pending.get() > 0) {
            throw new IllegalStateException(target.way() + ": " + failed.get() + " records failed, " + pending.get()
                                            + " never completed", firstFailure.get());
        }
        return total;
    }

    /** Waits until the sink counted so many records. */
    private static void awaitDelivered(CountingSink sink, long records) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (sink.records() < records) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the sink counted " + sink.records() + " records of " + records);
            }
            Thread.sleep(5);
        }
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** Milliseconds, or none when completion does not wait for the service. */
    private static Double latency(Target target, long nanos) {
        return target.acknowledged() ? nanos / 1e6 : null;
    }
}
