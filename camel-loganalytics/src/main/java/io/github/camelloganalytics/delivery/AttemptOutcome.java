package io.github.camelloganalytics.delivery;

import io.github.camelloganalytics.batch.DeliveryFailure;

/**
 * How one attempt ended, decided from what came back alone.
 */
sealed interface AttemptOutcome {

    /** The service accepted the request. */
    record Accepted(int statusCode) implements AttemptOutcome {
    }

    /** Not now: worth another attempt, after {@code retryAfterMillis} if the service said so (else -1). */
    record Transient(DeliveryFailure failure, long retryAfterMillis) implements AttemptOutcome {
    }

    /** Refused for good: another attempt would get the same answer. */
    record Refused(DeliveryFailure failure) implements AttemptOutcome {
    }

    /** The credential was refused (401 or 403): another credential may help, else this is final. */
    record CredentialRefused(int statusCode, DeliveryFailure failure) implements AttemptOutcome {
    }
}
