package io.github.camelloganalytics.transport;

/**
 * No credential could be had for a request: the token service failed or refused.
 */
public class CredentialException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean retryable;
    private final long heldForMillis;

    public CredentialException(String message, boolean retryable, Throwable cause) {
        this(message, retryable, cause, 0);
    }

    /**
     * @param heldForMillis how long a recent failure, repeated here, still holds before the token service is asked
     *                      again; 0 if it was asked for this one
     */
    public CredentialException(String message, boolean retryable, Throwable cause, long heldForMillis) {
        super(message, cause);
        this.retryable = retryable;
        this.heldForMillis = heldForMillis;
    }

    /**
     * How long to wait before asking again when the token service was not asked for this failure (another request's
     * recent failure holds for that long); 0 when it was.
     */
    public long heldForMillis() {
        return heldForMillis;
    }

    /** Whether asking again later may succeed (a network error) or not (refused credentials). */
    public boolean isRetryable() {
        return retryable;
    }
}
