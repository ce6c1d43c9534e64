package io.github.camelloganalytics;

/**
 * When an exchange is completed.
 */
public enum DeliveryMode {
    /** The exchange completes once the service accepted all of its records, or failed for good. */
    acknowledged,
    /** The exchange completes once its records are buffered; failed records go to the dead letter endpoint. */
    queued
}
