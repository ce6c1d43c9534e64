package io.github.camelloganalytics.record;

import java.util.List;

/**
 * The records of one exchange's body, in order, and an estimate of the heap the body itself takes (see
 * {@link HeapFootprint}): what the exchange keeps alive while it waits for the service.
 *
 * @param records   each record as the UTF-8 bytes of one JSON object
 * @param bodyHeapBytes the body's estimated heap, not counting the records
 */
public record EncodedBody(List<byte[]> records, long bodyHeapBytes) {
}
