package io.github.camelloganalytics.record;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The one estimate of what records and exchanges hold in the heap while they wait, counted under maxPendingBytes: each
 * encoded record, and for an acknowledged exchange Camel's exchange, its headers and the body it still carries. Estimates, measured on Java 17 with G1 through a
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
    /** What the JVM spends on an encoded record besides its bytes: the array header, alignment and the list slot. */
    private static final int RECORD = 16 + 8;

    private HeapFootprint() {
    }

    /**
     * What an encoded record holds while it waits: its bytes rounded up to the JVM's 8-byte alignment, plus the array
     * header and the reference to it, so that many small records cannot hold several times maxPendingBytes.
     */
    public static long ofRecord(byte[] record) {
        return ((record.length + 7L) & ~7L) + RECORD;
    }

    /** What a list of encoded records holds, plus {@code besides}: what one exchange is counted for in all. */
    public static long ofRecords(java.util.List<byte[]> records, long besides) {
        long bytes = besides;
        for (byte[] record : records) {
            bytes += ofRecord(record);
        }
        return bytes;
    }

    /**
     * What a waiting exchange holds besides its records.
     *
     * @param bodyHeapBytes the body's estimate, as {@link EncodedBody#bodyHeapBytes()} gives it
     */
    public static long ofWaitingExchange(Exchange exchange, long bodyHeapBytes) {
        Message message = exchange.getMessage();
        int headers = message.hasHeaders() ? message.getHeaders().size() : 0;
        return EXCHANGE + (long) HEADER * headers + bodyHeapBytes;
    }
}
