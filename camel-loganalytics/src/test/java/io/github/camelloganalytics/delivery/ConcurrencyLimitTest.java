package io.github.camelloganalytics.delivery;

import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The limit on requests in flight, judged window by window on a clock the test moves.
 */
class ConcurrencyLimitTest {

    static final long MS = MILLISECONDS.toNanos(1);

    long now;

    /** One window: every slot wanted, the answers after {@code roundTripMs}. */
    void busyWindow(ConcurrencyLimit limit, long roundTripMs) {
        limit.wanted();
        now += roundTripMs * MS;
        limit.answered(roundTripMs * MS, now);
    }

    @Test
    void aFixedLimitNeverMoves() {
        ConcurrencyLimit limit = ConcurrencyLimit.fixed(4);
        for (int i = 0; i < 10; i++) {
            busyWindow(limit, 100);
        }
        limit.pushedBack(now);
        busyWindow(limit, 5_000);

        assertThat(limit.current()).isEqualTo(4);
    }

    @Test
    void itGrowsByOnePerRoundTripWhileBatchesWaitAndAnswersHoldSteadyUpToTheCeiling() {
        ConcurrencyLimit limit = ConcurrencyLimit.adaptive(4, 8, now);
        busyWindow(limit, 100); // the first answer only tells what a round trip usually takes

        for (int expected = 5; expected <= 8; expected++) {
            busyWindow(limit, 100);
            assertThat(limit.current()).isEqualTo(expected);
        }
        busyWindow(limit, 100);
        assertThat(limit.current()).as("never above maxConcurrentRequests").isEqualTo(8);
    }

    @Test
    void itDoesNotGrowWhenNoBatchWaitedForASlot() {
        ConcurrencyLimit limit = ConcurrencyLimit.adaptive(4, 16, now);
        for (int i = 0; i < 10; i++) {
            now += 100 * MS;
            limit.answered(100 * MS, now);
        }

        assertThat(limit.current()).isEqualTo(4);
    }

    @Test
    void eachPushBackTakesATenthAwayButNeverTheLastRequest() {
        ConcurrencyLimit limit = ConcurrencyLimit.adaptive(16, 16, now);
        busyWindow(limit, 100);

        int[] expected = { 14, 12, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1 };
        for (int value : expected) {
            now += 100 * MS;
            limit.pushedBack(now);
            assertThat(limit.current()).isEqualTo(value);
        }
    }

    @Test
    void manyPushBacksWithinOneRoundTripCountOnce() {
        ConcurrencyLimit limit = ConcurrencyLimit.adaptive(10, 16, now);
        busyWindow(limit, 100);

        now += 100 * MS; // a decision is made when a window of one usual round trip ends
        for (int i = 0; i < 10; i++) {
            limit.pushedBack(now + i * MS);
        }

        assertThat(limit.current()).as("one window, one decrease").isEqualTo(9);
    }

    @Test
    void answersClearlySlowerThanUsualTakeRequestsAway() {
        ConcurrencyLimit limit = ConcurrencyLimit.adaptive(4, 16, now);
        for (int i = 0; i < 6; i++) {
            busyWindow(limit, i % 2 == 0 ? 90 : 110);
        }
        int before = limit.current();

        busyWindow(limit, 400);

        assertThat(limit.current()).isEqualTo(Math.max(1, (int) (before * ConcurrencyLimit.DECREASE)));
    }

    @Test
    void answersWithinTheUsualSpreadButSlowerThanTheMeanKeepTheLimit() {
        ConcurrencyLimit limit = ConcurrencyLimit.adaptive(4, 16, now);
        for (int i = 0; i < 6; i++) {
            busyWindow(limit, i % 2 == 0 ? 90 : 110);
        }
        int before = limit.current();

        busyWindow(limit, 115);

        assertThat(limit.current()).isEqualTo(before);
    }

    @Test
    void afterPerfectlySteadyAnswersARiseOfUnderAQuarterIsNoise() {
        ConcurrencyLimit limit = ConcurrencyLimit.adaptive(4, 16, now);
        for (int i = 0; i < 3; i++) {
            busyWindow(limit, 100);
        }
        int before = limit.current();

        busyWindow(limit, 120);

        assertThat(limit.current()).isEqualTo(before);
    }

    @Test
    void afterASlowdownItGrowsAgainOnceTheNewRoundTripIsUsual() {
        ConcurrencyLimit limit = ConcurrencyLimit.adaptive(8, 16, now);
        busyWindow(limit, 100);
        busyWindow(limit, 1_000);
        int shrunk = limit.current();
        assertThat(shrunk).isLessThan(8);

        for (int i = 0; i < 20; i++) {
            busyWindow(limit, 1_000);
        }

        assertThat(limit.current()).isGreaterThan(shrunk);
    }

    @Test
    void limitsBelowOneAreRefused() {
        assertThatThrownBy(() -> ConcurrencyLimit.fixed(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConcurrencyLimit.adaptive(4, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
