package io.github.camelloganalytics.record;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * What an acknowledged exchange keeps alive in the heap until the service answered, besides its encoded records:
 * Camel's exchange, its headers, and the body it still carries. Estimates, measured on Java 17 with G1 through a
 * {@code seda} route (an exchange with no header and a body of three fields took 1,420 bytes with its record; five
 * headers added 510; a Map of eleven fields took its JSON bytes plus about 80 bytes a field), rounded up.
 */
public final class HeapFootprint {

    /** An exchange, its message and its unit of work. */
    public static final int EXCHANGE = 1024;
    /** A header: its map entry and a small value. */
    public static final int HEADER = 128;
    /** A top-level field of a Map, JSON object or POJO body: its entry and its value's object, beside its JSON. */
    public static final int FIELD = 96;
    /** A text or byte array body besides its length: object headers and alignment. */
    public static final int ARRAY = 64;
    /** An element of a list or array body: its reference and slot. */
    public static final int ELEMENT = 16;

    private HeapFootprint() {
    }

    /**
     * What a waiting exchange holds besides its records.
     *
     * @param bodyBytes the body's estimate, as {@link EncodedBody#bodyBytes()} gives it
     */
    public static long ofWaitingExchange(Exchange exchange, long bodyBytes) {
        Message message = exchange.getMessage();
        int headers = message.hasHeaders() ? message.getHeaders().size() : 0;
        return EXCHANGE + (long) HEADER * headers + bodyBytes;
    }
}
