package io.github.camelloganalytics.transport;

/**
 * No credential could be had for a request: the token service failed or refused.
 */
public class CredentialException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    public CredentialException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** Whether asking again later may succeed (a network error) or not (refused credentials). */
    public boolean isRetryable() {
        return retryable;
    }
}
