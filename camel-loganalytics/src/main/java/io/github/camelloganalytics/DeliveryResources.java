package io.github.camelloganalytics;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import io.github.camelloganalytics.transport.SharedHttpClients;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;

/**
 * The threads and HTTP clients every endpoint of one component shares, so they do not grow with endpoints: one timer
 * thread for batch timeouts, retries and request deadlines; one worker pool that builds requests and completes
 * exchanges; a few threads that hand failed records to dead letter endpoints; one HTTP client per distinct connection
 * setting. Made with the first producer, released with the last.
 */
final class DeliveryResources {

    private final ExecutorServiceManager executors;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private final ExecutorService deadLetters;
    private final ExecutorService httpExecutor;
    private final SharedHttpClients httpClients;

    DeliveryResources(CamelContext context, Object source) {
        this.executors = context.getExecutorServiceManager();
        this.scheduler = executors.newSingleThreadScheduledExecutor(source, "LogAnalyticsTimer");
        // each task is one batch (an attempt, or completing its exchanges): the queue is bounded by the batches in
        // flight, so it never needs to refuse work
        int size = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        ThreadPoolProfile workerProfile = new ThreadPoolProfile("LogAnalyticsDelivery");
        workerProfile.setPoolSize(size);
        workerProfile.setMaxPoolSize(size);
        workerProfile.setMaxQueueSize(Integer.MAX_VALUE);
        workerProfile.setAllowCoreThreadTimeOut(true);
        workerProfile.setKeepAliveTime(60L);
        workerProfile.setRejectedPolicy(ThreadPoolRejectedPolicy.Abort);
        this.workers = executors.newThreadPool(source, "LogAnalyticsDelivery", workerProfile);
        // dead letter hand-overs run apart from delivery: a dead letter route may wait on the delivery workers itself.
        // What is queued here is bounded by maxPendingBytes, since a failed batch keeps its room until handed over
        ThreadPoolProfile deadLetterProfile = new ThreadPoolProfile("LogAnalyticsDeadLetter");
        int deadLetterThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        deadLetterProfile.setPoolSize(deadLetterThreads);
        deadLetterProfile.setMaxPoolSize(deadLetterThreads);
        deadLetterProfile.setMaxQueueSize(Integer.MAX_VALUE);
        deadLetterProfile.setAllowCoreThreadTimeOut(true);
        deadLetterProfile.setKeepAliveTime(60L);
        deadLetterProfile.setRejectedPolicy(ThreadPoolRejectedPolicy.Abort);
        this.deadLetters = executors.newThreadPool(source, "LogAnalyticsDeadLetter", deadLetterProfile);
        this.httpExecutor = executors.newCachedThreadPool(source, "LogAnalyticsHttpClient");
        this.httpClients = new SharedHttpClients(httpExecutor);
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    ExecutorService workers() {
        return workers;
    }

    /** Runs dead letter hand-overs; never a delivery worker. */
    ExecutorService deadLetters() {
        return deadLetters;
    }

    SharedHttpClients httpClients() {
        return httpClients;
    }

    void shutdown() {
        httpClients.closeAll();
        executors.shutdownNow(scheduler);
        executors.shutdownGraceful(workers);
        // every endpoint's delivery has closed, which ended each hand-over, given up if need be: what still runs here
        // (a direct: producer waiting for a consumer that has stopped, say) is no longer waited for
        executors.shutdownNow(deadLetters);
        executors.shutdownNow(httpExecutor);
    }
}
