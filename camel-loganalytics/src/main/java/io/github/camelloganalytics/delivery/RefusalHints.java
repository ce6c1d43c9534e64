package io.github.camelloganalytics.delivery;

/**
 * What an API's refusal most likely means and how to fix it, added to the failure's reason, so that an exception, the
 * log and the health check all carry the fix.
 */
@FunctionalInterface
public interface RefusalHints {

    /** No hints. */
    RefusalHints NONE = (status, errorCode) -> null;

    /**
     * @param  errorCode the service's error code, or null
     * @return           a short sentence, or null when there is nothing to add
     */
    String hint(int status, String errorCode);
}
