package io.github.camelloganalytics.delivery;

/**
 * Where a delivery tells what became of its batch: the settler completes the records' listeners, the failure log and
 * the statistics count attempts, retries and outcomes.
 */
record Reporting(BatchSettler settler, FailureLog failureLog, DeliveryStatistics statistics) {
}
