package io.github.camelloganalytics.transport;

/**
 * Bearer tokens for the Logs Ingestion API, cached by the source.
 */
public interface BearerTokenSource {

    /**
     * A token valid for a while yet; may block to fetch a new one.
     *
     * @throws CredentialException when no token can be had
     */
    String token();

    /** The service refused this token: the next call fetches a new one. */
    void invalidate(String token);
}
