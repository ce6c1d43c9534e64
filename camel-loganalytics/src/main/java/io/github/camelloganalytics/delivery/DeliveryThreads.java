package io.github.camelloganalytics.delivery;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/**
 * Where deliveries run and the clock they read: attempts and answers on the workers, waits on the scheduler.
 */
record DeliveryThreads(ScheduledExecutorService scheduler, Executor workers, LongSupplier nanoClock) {
}
