package io.github.camelloganalytics.delivery;

import io.github.camelloganalytics.transport.IngestionTransport;
import io.github.camelloganalytics.transport.RequestSender;

/**
 * How one attempt reaches the service and how its answer is read: the transport turns a batch into a request, the
 * sender sends it, the classifier judges the answer.
 *
 * @param requestTimeoutNanos longest time for one attempt, answer included
 */
record RequestPath(IngestionTransport transport, RequestSender sender, ResponseClassifier classifier,
        long requestTimeoutNanos) {
}
