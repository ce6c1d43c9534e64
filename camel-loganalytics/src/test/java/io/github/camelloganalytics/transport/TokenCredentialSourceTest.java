package io.github.camelloganalytics.transport;

import java.net.ConnectException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicInteger;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.ClientAuthenticationException;
import io.github.camelloganalytics.transport.entra.TokenCredentialSource;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What a token credential's failures become: retryable when the token service could not be reached, final when the
 * credential is refused or missing, with the credential's own cause in one line either way.
 */
class TokenCredentialSourceTest {

    static final String SCOPE = "https://monitor.azure.com//.default";

    private static CredentialException failureOf(RuntimeException thrown) {
        TokenCredential credential = request -> Mono.error(thrown);
        TokenCredentialSource source = new TokenCredentialSource(credential, SCOPE, Clock.systemUTC());
        return catchThrowableOfType(CredentialException.class, source::token);
    }

    @Test
    void aTokenServiceThatCannotBeReachedIsRetryable() {
        CredentialException failure = failureOf(new ClientAuthenticationException("Managed Identity authentication"
                + " failed, see inner exception for more information.", null,
                new java.io.UncheckedIOException(new ConnectException("Connection refused"))));

        assertThat(failure.isRetryable()).isTrue();
        assertThat(failure.getMessage()).startsWith("the token service could not be reached: Managed Identity");
    }

    @Test
    void aRefusedCredentialIsFinalWithEveryCredentialsReasonInOneLine() {
        CredentialException failure = failureOf(new ClientAuthenticationException("""
                DefaultAzureCredential failed to retrieve a token from the included credentials.
                Attempted credentials:
                EnvironmentCredential authentication unavailable. Environment variables are not fully configured. To mitigate this issue, please refer to the troubleshooting guidelines here at https://aka.ms/azsdk/java/identity/environmentcredential/troubleshoot
                WorkloadIdentityCredential authentication failed. AADSTS700211: No matching federated identity record found for presented assertion issuer.
                """, null));

        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage()).doesNotContain("\n", "aka.ms", "To mitigate")
                .contains("EnvironmentCredential authentication unavailable", "AADSTS700211: No matching federated identity");
    }

    /** A clock that moves only when told. */
    static final class TestClock extends Clock {
        private java.time.Instant now = java.time.Instant.parse("2030-01-01T00:00:00Z");

        void advance(java.time.Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }

    @Test
    void callersWithinASecondOfAFailureShareItWithoutAskingTheTokenServiceAgain() {
        AtomicInteger asked = new AtomicInteger();
        TokenCredential credential = request -> {
            asked.incrementAndGet();
            return Mono.error(new ClientAuthenticationException("Managed Identity authentication failed", null,
                    new java.io.UncheckedIOException(new ConnectException("Connection refused"))));
        };
        TestClock clock = new TestClock();
        TokenCredentialSource source = new TokenCredentialSource(credential, SCOPE, clock);

        CredentialException first = catchThrowableOfType(CredentialException.class, source::token);
        clock.advance(java.time.Duration.ofMillis(999));
        CredentialException second = catchThrowableOfType(CredentialException.class, source::token);

        assertThat(asked).hasValue(1);
        assertThat(second).isNotSameAs(first).hasMessage(first.getMessage());
        assertThat(second.isRetryable()).isTrue();

        clock.advance(java.time.Duration.ofMillis(1));
        catchThrowableOfType(CredentialException.class, source::token);
        assertThat(asked).hasValue(2);
    }

    @Test
    void aTokenAfterAFailureIsAskedForOnceTheHoldIsOver() {
        AtomicInteger asked = new AtomicInteger();
        TestClock clock = new TestClock();
        TokenCredential credential = request -> asked.incrementAndGet() == 1
                ? Mono.error(new ClientAuthenticationException("refused", null))
                : Mono.just(new AccessToken("t", OffsetDateTime.now(clock).plusHours(1)));
        TokenCredentialSource source = new TokenCredentialSource(credential, SCOPE, clock);

        assertThat(catchThrowableOfType(CredentialException.class, source::token).isRetryable()).isFalse();
        clock.advance(java.time.Duration.ofSeconds(1));

        assertThat(source.token()).isEqualTo("t");
        assertThat(source.token()).isEqualTo("t");
        assertThat(asked).hasValue(2);
    }

    @Test
    void aTokenIsKeptUntilShortlyBeforeItExpires() {
        AtomicInteger issued = new AtomicInteger();
        TokenCredential credential = request -> Mono.just(new AccessToken("t" + issued.incrementAndGet(),
                OffsetDateTime.now().plusHours(1)));
        TokenCredentialSource source = new TokenCredentialSource(credential, SCOPE, Clock.systemUTC());

        assertThat(source.token()).isEqualTo("t1");
        assertThat(source.token()).isEqualTo("t1");
        source.invalidate("t1");
        assertThat(source.token()).isEqualTo("t2");
    }
}
