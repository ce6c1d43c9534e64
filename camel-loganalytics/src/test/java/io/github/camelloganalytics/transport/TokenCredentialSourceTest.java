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

    static RuntimeException unreachable() {
        return new ClientAuthenticationException("Managed Identity authentication failed", null,
                new java.io.UncheckedIOException(new ConnectException("Connection refused")));
    }

    /** A credential whose token service can never be reached, counting how often it was asked. */
    static TokenCredential alwaysUnreachable(AtomicInteger asked) {
        return request -> {
            asked.incrementAndGet();
            return Mono.error(unreachable());
        };
    }

    @Test
    void callersWithinASecondOfAnUnreachableTokenServiceShareItsFailureWithoutAskingAgain() {
        AtomicInteger asked = new AtomicInteger();
        TokenCredential credential = alwaysUnreachable(asked);
        TestClock clock = new TestClock();
        TokenCredentialSource source = new TokenCredentialSource(credential, SCOPE, clock);

        CredentialException first = catchThrowableOfType(CredentialException.class, source::token);
        clock.advance(java.time.Duration.ofMillis(300));
        CredentialException second = catchThrowableOfType(CredentialException.class, source::token);

        assertThat(asked).hasValue(1);
        assertThat(first.heldForMillis()).as("the first was asked for").isZero();
        assertThat(second).hasMessage(first.getMessage());
        assertThat(second.isRetryable()).isTrue();
        assertThat(second.heldForMillis()).as("what is left of the hold").isEqualTo(700);

        clock.advance(java.time.Duration.ofMillis(700));
        catchThrowableOfType(CredentialException.class, source::token);
        assertThat(asked).hasValue(2);
    }

    @Test
    void theHoldStartsWhenTheFailureIsKnownNotWhenTheTokenServiceWasAsked() {
        AtomicInteger asked = new AtomicInteger();
        TestClock clock = new TestClock();
        TokenCredential credential = request -> {
            asked.incrementAndGet();
            // an unreachable managed identity endpoint takes seconds to fail, its client retrying meanwhile
            clock.advance(java.time.Duration.ofSeconds(6));
            return Mono.error(unreachable());
        };
        TokenCredentialSource source = new TokenCredentialSource(credential, SCOPE, clock);

        catchThrowableOfType(CredentialException.class, source::token);
        CredentialException held = catchThrowableOfType(CredentialException.class, source::token);

        assertThat(asked).hasValue(1);
        assertThat(held.heldForMillis()).isEqualTo(1000);
    }

    @Test
    void aClockSetBackDoesNotStretchTheHold() {
        AtomicInteger asked = new AtomicInteger();
        TestClock clock = new TestClock();
        TokenCredential credential = alwaysUnreachable(asked);
        TokenCredentialSource source = new TokenCredentialSource(credential, SCOPE, clock);

        catchThrowableOfType(CredentialException.class, source::token);
        clock.advance(java.time.Duration.ofHours(-1));
        catchThrowableOfType(CredentialException.class, source::token);

        assertThat(asked).hasValue(2);
    }

    @Test
    void aFinalFailureIsNotHeldSoAnIdentityThatAppearsIsFoundAtOnce() {
        AtomicInteger asked = new AtomicInteger();
        TestClock clock = new TestClock();
        TokenCredential credential = request -> asked.incrementAndGet() == 1
                ? Mono.error(new ClientAuthenticationException("WorkloadIdentityCredential authentication unavailable", null))
                : Mono.just(new AccessToken("t", OffsetDateTime.now(clock).plusHours(1)));
        TokenCredentialSource source = new TokenCredentialSource(credential, SCOPE, clock);

        assertThat(catchThrowableOfType(CredentialException.class, source::token).isRetryable()).isFalse();

        assertThat(source.token()).isEqualTo("t");
        assertThat(asked).hasValue(2);
    }

    @Test
    void whileTheTokenServiceIsDownATokenThatHasNotExpiredIsUsedAndItIsAskedOnceASecond() {
        AtomicInteger asked = new AtomicInteger();
        TestClock clock = new TestClock();
        TokenCredential credential = request -> asked.incrementAndGet() == 1
                // due for refresh at once: it expires within the refresh margin
                ? Mono.just(new AccessToken("old", OffsetDateTime.now(clock).plusMinutes(4)))
                : Mono.error(unreachable());
        TokenCredentialSource source = new TokenCredentialSource(credential, SCOPE, clock);

        assertThat(source.token()).isEqualTo("old");
        assertThat(source.token()).isEqualTo("old");
        assertThat(asked).hasValue(2);
        clock.advance(java.time.Duration.ofMillis(999));
        assertThat(source.token()).isEqualTo("old");
        assertThat(asked).hasValue(2);

        clock.advance(java.time.Duration.ofMillis(1));
        assertThat(source.token()).isEqualTo("old");
        assertThat(asked).hasValue(3);
    }

    @Test
    void whileOneRequestAsksForAFreshTokenTheOthersUseTheOneStillGood() throws Exception {
        java.util.concurrent.CountDownLatch asking = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger asked = new AtomicInteger();
        TestClock clock = new TestClock();
        TokenCredential credential = request -> {
            if (asked.incrementAndGet() == 1) {
                // due for refresh at once: it expires within the refresh margin
                return Mono.just(new AccessToken("old", OffsetDateTime.now(clock).plusMinutes(4)));
            }
            asking.countDown();
            try {
                answer.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Mono.just(new AccessToken("new", OffsetDateTime.now(clock).plusHours(1)));
        };
        TokenCredentialSource source = new TokenCredentialSource(credential, SCOPE, clock);
        assertThat(source.token()).isEqualTo("old");

        // threads of its own: the common pool may have a single one on a small machine
        java.util.concurrent.ExecutorService requests = java.util.concurrent.Executors.newFixedThreadPool(2);
        java.util.concurrent.Future<String> refreshing;
        String meanwhile;
        try {
            refreshing = requests.submit(source::token);
            assertThat(asking.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            meanwhile = requests.submit(source::token).get(10, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            answer.countDown();
            requests.shutdown();
        }

        assertThat(meanwhile).as("not held up by the request asking").isEqualTo("old");
        assertThat(refreshing.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("new");
        assertThat(source.token()).isEqualTo("new");
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
