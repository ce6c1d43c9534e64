package io.github.camelloganalytics.transport;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/**
 * A request body sent straight from its array, in read-only slices. The JDK's {@code BodyPublishers.ofByteArray}
 * copies the whole body into buffers of its own when the request starts, so every request in flight would hold its
 * records twice; a batch's body never changes once sealed, so it needs no copy. Each subscription (a retry, say)
 * reads the body from its start.
 */
final class ByteArrayBody implements Flow.Publisher<ByteBuffer> {

    /** The slice handed to the client at a time, as the JDK's own publishers do. */
    static final int SLICE = 16 * 1024;

    private final byte[] body;

    private ByteArrayBody(byte[] body) {
        this.body = body;
    }

    /** A publisher of {@code body}, which must not change while any request sends it, with its exact length. */
    static HttpRequest.BodyPublisher of(byte[] body) {
        return body.length == 0
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.fromPublisher(new ByteArrayBody(body), body.length);
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        subscriber.onSubscribe(new Slices(subscriber));
    }

    /** Hands out slices as they are requested; a request made from within onNext is served by the running loop. */
    private final class Slices implements Flow.Subscription {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private int offset;
        private long demand;
        private boolean emitting;
        private boolean done;

        Slices(Flow.Subscriber<? super ByteBuffer> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            synchronized (this) {
                if (done) {
                    return;
                }
                if (n <= 0) {
                    done = true;
                } else {
                    demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                    if (emitting) {
                        return;
                    }
                    emitting = true;
                }
            }
            if (n <= 0) {
                subscriber.onError(new IllegalArgumentException("non-positive request: " + n));
                return;
            }
            emit();
        }

        private void emit() {
            while (true) {
                ByteBuffer slice;
                boolean last;
                synchronized (this) {
                    if (done || demand == 0) {
                        emitting = false;
                        return;
                    }
                    int length = Math.min(SLICE, body.length - offset);
                    slice = ByteBuffer.wrap(body, offset, length).slice().asReadOnlyBuffer();
                    offset += length;
                    demand--;
                    last = offset == body.length;
                    done = last;
                }
                subscriber.onNext(slice);
                if (last) {
                    subscriber.onComplete();
                    return;
                }
            }
        }

        @Override
        public synchronized void cancel() {
            done = true;
        }
    }
}
