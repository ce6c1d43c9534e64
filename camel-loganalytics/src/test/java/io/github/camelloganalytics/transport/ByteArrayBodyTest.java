package io.github.camelloganalytics.transport;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ByteArrayBodyTest {

    /** Records what it is given; asks for {@code perSlice} more after each slice (from within onNext). */
    static final class Recorder implements Flow.Subscriber<ByteBuffer> {
        final List<ByteBuffer> slices = new ArrayList<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final long first;
        final long perSlice;
        Flow.Subscription subscription;
        boolean completed;
        Throwable error;

        Recorder(long first, long perSlice) {
            this.first = first;
            this.perSlice = perSlice;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (first > 0) {
                subscription.request(first);
            }
        }

        @Override
        public void onNext(ByteBuffer item) {
            slices.add(item);
            byte[] copy = new byte[item.remaining()];
            item.get(copy);
            bytes.writeBytes(copy);
            if (perSlice > 0) {
                subscription.request(perSlice);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            error = throwable;
        }

        @Override
        public void onComplete() {
            completed = true;
        }
    }

    static byte[] body(int length) {
        byte[] body = new byte[length];
        for (int i = 0; i < length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        return body;
    }

    @Test
    void theWholeBodyArrivesInOrderInReadOnlySlicesThenCompletes() {
        byte[] body = body(2 * ByteArrayBody.SLICE + 100);
        HttpRequest.BodyPublisher publisher = ByteArrayBody.of(body);
        Recorder recorder = new Recorder(1, 1);

        publisher.subscribe(recorder);

        assertThat(publisher.contentLength()).isEqualTo(body.length);
        assertThat(recorder.bytes.toByteArray()).isEqualTo(body);
        assertThat(recorder.slices).hasSize(3).allSatisfy(slice -> assertThat(slice.isReadOnly()).isTrue());
        assertThat(recorder.completed).isTrue();
        assertThat(recorder.error).isNull();
    }

    @Test
    void noSliceIsSentBeyondWhatWasRequested() {
        Recorder recorder = new Recorder(1, 0);

        ByteArrayBody.of(body(3 * ByteArrayBody.SLICE)).subscribe(recorder);

        assertThat(recorder.slices).hasSize(1);
        assertThat(recorder.completed).isFalse();
        recorder.subscription.request(5);
        assertThat(recorder.slices).hasSize(3);
        assertThat(recorder.completed).isTrue();
    }

    @Test
    void everySubscriptionReadsTheBodyFromItsStart() {
        byte[] body = body(ByteArrayBody.SLICE + 1);
        HttpRequest.BodyPublisher publisher = ByteArrayBody.of(body);
        Recorder first = new Recorder(Long.MAX_VALUE, 0);
        Recorder again = new Recorder(Long.MAX_VALUE, 0);

        publisher.subscribe(first);
        publisher.subscribe(again);

        assertThat(first.bytes.toByteArray()).isEqualTo(body);
        assertThat(again.bytes.toByteArray()).isEqualTo(body);
    }

    @Test
    void aCancelledSubscriptionGetsNothingMore() {
        Recorder recorder = new Recorder(0, 0);
        ByteArrayBody.of(body(3 * ByteArrayBody.SLICE)).subscribe(recorder);

        recorder.subscription.request(1);
        recorder.subscription.cancel();
        recorder.subscription.request(10);

        assertThat(recorder.slices).hasSize(1);
        assertThat(recorder.completed).isFalse();
    }

    @Test
    void aNonPositiveRequestIsAnError() {
        Recorder recorder = new Recorder(0, 0);
        ByteArrayBody.of(body(10)).subscribe(recorder);

        recorder.subscription.request(0);

        assertThat(recorder.error).isInstanceOf(IllegalArgumentException.class);
        assertThat(recorder.slices).isEmpty();
    }

    @Test
    void theSlicesShareTheBodyRatherThanCopyIt() {
        byte[] body = body(100);
        Recorder recorder = new Recorder(1, 0);
        ByteArrayBody.of(body).subscribe(recorder);

        body[0] = 'Z';

        assertThat(recorder.slices.get(0).get(0)).as("a view of the array, not a copy").isEqualTo((byte) 'Z');
    }
}
