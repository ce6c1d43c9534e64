package io.github.camelloganalytics.transport;

import io.github.camelloganalytics.batch.Batch;

/**
 * What differs between the ingestion APIs on the wire: the request (URL, headers, authentication) and what a refused
 * credential means. Batching, retries and acknowledgement are the same for all.
 */
public interface IngestionTransport {

    /**
     * A new request for the batch, with a fresh date and credentials: called again for every attempt. The request
     * carries no timeout; the sender bounds each attempt.
     *
     * @throws CredentialException when no credential can be had
     */
    PreparedRequest prepare(Batch batch);

    /**
     * The service refused the credential of a request (401 or 403).
     *
     * @return true if another credential is now in use, so the request is worth repeating at once
     */
    boolean credentialRefused(PreparedRequest refused, int status);

    /** How many distinct credentials one request may try. */
    int credentialCount();

    /** Where requests for a record type go, for logs and messages; never holds secrets. */
    String target(String logType);
}
