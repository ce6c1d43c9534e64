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
 * exchanges; one HTTP client per distinct connection setting. Made with the first producer, released with the last.
 */
final class DeliveryResources {

    private final ExecutorServiceManager executors;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
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
        this.httpExecutor = executors.newCachedThreadPool(source, "LogAnalyticsHttpClient");
        this.httpClients = new SharedHttpClients(httpExecutor);
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    ExecutorService workers() {
        return workers;
    }

    SharedHttpClients httpClients() {
        return httpClients;
    }

    void shutdown() {
        httpClients.closeAll();
        executors.shutdownNow(scheduler);
        executors.shutdownGraceful(workers);
        executors.shutdownNow(httpExecutor);
    }
}
