package io.github.camelloganalytics.delivery;

import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rule's quota kept on this side: a second's worth at once, then paced at the quota's rate, by requests and by
 * bytes.
 */
class RequestBudgetTest {

    @Test
    void aSecondsWorthOfRequestsGoesAtOnceThenTheRestArePaced() {
        RequestBudget budget = new RequestBudget(120, 1_000_000_000, 0); // 2 requests a second

        assertThat(budget.take(100, 0)).isZero();
        assertThat(budget.take(100, 0)).isZero();
        assertThat(budget.take(100, 0)).as("the third waits half a second").isEqualTo(MILLISECONDS.toNanos(500));
        assertThat(budget.take(100, MILLISECONDS.toNanos(499))).isPositive();
        assertThat(budget.take(100, MILLISECONDS.toNanos(500))).isZero();
    }

    @Test
    void bytesArePacedLikeRequests() {
        RequestBudget budget = new RequestBudget(12_000, 60_000, 0); // 1,000 bytes a second

        assertThat(budget.take(1_000, 0)).isZero();
        assertThat(budget.take(500, 0)).as("the bytes of half a second are missing").isEqualTo(MILLISECONDS.toNanos(500));
        assertThat(budget.take(500, MILLISECONDS.toNanos(500))).isZero();
    }

    @Test
    void aRequestLargerThanASecondsBytesGoesOnceTheBytesAreFull() {
        RequestBudget budget = new RequestBudget(12_000, 60_000, 0);

        assertThat(budget.take(5_000, 0)).as("larger than a second's worth, and the budget is full").isZero();
        assertThat(budget.take(1, 0)).as("then the debt is paid off first").isGreaterThan(SECONDS.toNanos(3));
    }

    @Test
    void withNoQuotaOfBytesRequestsAreStillPaced() {
        RequestBudget budget = new RequestBudget(120, 0, 0);

        assertThat(budget.take(50_000_000, 0)).isZero();
        assertThat(budget.take(50_000_000, 0)).isZero();
        assertThat(budget.take(1, 0)).as("the third request waits, whatever its size").isEqualTo(MILLISECONDS.toNanos(500));
    }

    @Test
    void withNoQuotaOfRequestsBytesAreStillPaced() {
        RequestBudget budget = new RequestBudget(0, 60_000, 0);

        for (int i = 0; i < 1_000; i++) {
            assertThat(budget.take(1, 0)).isZero();
        }
        assertThat(budget.take(500, 0)).as("a second's bytes are spent, not its requests").isEqualTo(MILLISECONDS.toNanos(500));
    }

    @Test
    void oneQuotaOffKeepsTheOtherForEveryEngineOfTheRule() {
        ServiceLimits limits = ServiceLimits.shared("https://dce.example|dcr-bytes-off", 120, 0, () -> 0);

        assertThat(limits.budget()).as("requests are still kept").isNotNull();
        assertThat(ServiceLimits.shared("https://dce.example|dcr-both-off", 0, 0, () -> 0).budget()).isNull();
    }
}
