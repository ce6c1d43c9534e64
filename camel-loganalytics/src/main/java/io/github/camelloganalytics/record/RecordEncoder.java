package io.github.camelloganalytics.record;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.BaseStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.StreamCache;
import org.apache.camel.WrappedFile;

/**
 * Turns an exchange body into records: each one a JSON object serialized once to UTF-8 bytes, checked against the
 * API's rules. A body that cannot become records fails with a message naming the problem; the record content is
 * never part of that message.
 */
public final class RecordEncoder {

    private static final String TIME_GENERATED = "TimeGenerated";

    private final ObjectMapper mapper;
    private final RecordRules rules;
    private final String[] reservedNames;
    private final FieldLimitMonitor fieldLimits;

    public RecordEncoder(RecordRules rules, FieldLimitMonitor fieldLimits) {
        this(newMapper(), rules, fieldLimits);
    }

    public RecordEncoder(ObjectMapper mapper, RecordRules rules, FieldLimitMonitor fieldLimits) {
        this.mapper = mapper;
        this.rules = rules;
        this.reservedNames = rules.reservedProperties().toArray(String[]::new);
        this.fieldLimits = fieldLimits;
    }

    /**
     * A mapper that keeps numbers exactly as written, refuses trailing garbage after a JSON value, and writes
     * characters outside the BMP (emoji) as UTF-8 rather than as escaped surrogate pairs.
     */
    public static ObjectMapper newMapper() {
        return JsonMapper.builder()
                .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // the service would keep one of two values silently: refuse rather than guess which
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    /**
     * The records of the exchange's body, in order, with what the body takes in the heap.
     *
     * @param  logType              the record type, for warnings about oversized fields
     * @throws InvalidBodyException if any part of the body is not a JSON object or breaks a rule of the API
     */
    public EncodedBody encode(Exchange exchange, String logType) throws InvalidBodyException {
        return encode(exchange, logType, null);
    }

    /**
     * The records of the exchange's body, in order, with what the body takes in the heap. Where the API reads the
     * time from the record itself (Logs Ingestion), each record's {@code timeField} value is also its
     * {@code TimeGenerated}.
     *
     * @param  logType              the record type, for warnings about oversized fields
     * @param  timeField            the record property holding the record's time, or null
     * @throws InvalidBodyException if any part of the body is not a JSON object or breaks a rule of the API
     */
    public EncodedBody encode(Exchange exchange, String logType, String timeField) throws InvalidBodyException {
        Target target = new Target(exchange, logType, rules.timeGeneratedInRecord() ? timeField : null);
        try {
            add(exchange.getMessage().getBody(), "body", target, true);
        } catch (Problem p) {
            throw new InvalidBodyException("Cannot send to Log Analytics: " + p.getMessage());
        }
        return new EncodedBody(target.records, target.bodyHeapBytes);
    }

    /** What a body may be, for messages about one that is not. */
    static final String ACCEPTED = "a body must be a JSON object or an array of objects (as text, bytes or a stream),"
                                   + " a Map, a POJO, a JsonNode, or a list of them";

    /** Reads the next element, turning a failure of the body's own iterator into a problem of this exchange. */
    private static Object next(Iterator<?> iterator, String where) {
        try {
            return iterator.next();
        } catch (RuntimeException e) {
            throw new Problem(where + " could not be read: its iterator failed with " + e.getClass().getName());
        }
    }

    private static boolean hasNext(Iterator<?> iterator, String where) {
        try {
            return iterator.hasNext();
        } catch (RuntimeException e) {
            throw new Problem(where + " could not be read: its iterator failed with " + e.getClass().getName());
        }
    }

    /**
     * Encodes a value into the target's records.
     *
     * @param held whether the exchange keeps this value alive (its body, or an element of a list it holds), so that
     *             its heap counts; the elements of an iterator or a stream are not kept
     */
    private void add(Object value, String where, Target target, boolean held) {
        if (value == null) {
            throw new Problem(where + " is null, not a JSON object");
        } else if (value instanceof Map<?, ?> map) {
            addMap(map, where, target, held);
        } else if (value instanceof JsonNode node) {
            addNode(node, where, target, held);
        } else if (value instanceof CharSequence text) {
            target.holds(held, HeapFootprint.ARRAY + text.length());
            addNode(parse(text.toString(), where), where, target, false);
        } else if (value instanceof byte[] bytes) {
            target.holds(held, HeapFootprint.ARRAY + bytes.length);
            addNode(parse(bytes, where), where, target, false);
        } else if (value instanceof InputStream in) {
            int first = target.records.size();
            addNode(parse(in, where), where, target, false);
            // a cached stream keeps about what it held; its length is not known before reading
            target.holds(held, HeapFootprint.ARRAY + target.recordBytesFrom(first));
        } else if (value instanceof Exchange inner) {
            target.holds(held, HeapFootprint.EXCHANGE);
            add(inner.getMessage().getBody(), where + " (grouped exchange " + inner.getExchangeId() + ")", target, held);
        } else if (value instanceof Iterable<?> iterable) {
            addAll(iterator(iterable, where), where, target, held);
        } else if (value instanceof Iterator<?> iterator) {
            addAll(iterator, where, target, false);
        } else if (value instanceof BaseStream<?, ?> stream) {
            try (stream) {
                addAll(iterator(stream, where), where, target, false);
            } catch (Problem p) {
                throw p;
            } catch (RuntimeException e) {
                // closing the stream failed
                throw new Problem(where + " could not be read: closing its stream failed with " + e.getClass().getName());
            }
        } else if (value instanceof Object[] array) {
            addAll(Arrays.asList(array).iterator(), where, target, held);
        } else if (value instanceof StreamCache || value instanceof WrappedFile<?>) {
            byte[] bytes = target.exchange.getContext().getTypeConverter().tryConvertTo(byte[].class, target.exchange, value);
            if (bytes == null) {
                throw new Problem(where + " is a " + value.getClass().getName() + " that cannot be read as bytes");
            }
            target.holds(held, HeapFootprint.ARRAY + bytes.length);
            addNode(parse(bytes, where), where, target, false);
        } else if (isScalar(value)) {
            throw new Problem(where + " is a " + value.getClass().getName() + ", not a JSON object; " + ACCEPTED);
        } else {
            addPojo(value, where, target, held);
        }
    }

    private void addAll(Iterator<?> iterator, String where, Target target, boolean held) {
        for (int index = 0;; index++) {
            String elementWhere = where + " element " + index;
            if (!hasNext(iterator, elementWhere)) {
                return;
            }
            target.holds(held, HeapFootprint.ELEMENT);
            add(next(iterator, elementWhere), elementWhere, target, held);
        }
    }

    private static Iterator<?> iterator(Object iterable, String where) {
        try {
            return iterable instanceof Iterable<?> i ? i.iterator() : ((BaseStream<?, ?>) iterable).iterator();
        } catch (RuntimeException e) {
            throw new Problem(where + " could not be read: its iterator failed with " + e.getClass().getName());
        }
    }

    private void addMap(Map<?, ?> map, String where, Target target, boolean held) {
        if (target.timeField != null && map.get(target.timeField) != null) {
            // the caller's map stays as it was
            Map<Object, Object> timed = new LinkedHashMap<>(map);
            timed.put(TIME_GENERATED, map.get(target.timeField));
            map = timed;
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String property = String.valueOf(entry.getKey());
            checkName(property, where);
            if (entry.getValue() instanceof CharSequence text) {
                checkFieldLength(text, property, target);
            }
        }
        byte[] record = write(map, where);
        target.holds(held, record.length + (long) HeapFootprint.FIELD * map.size());
        target.add(record, where, rules);
    }

    private void addNode(JsonNode node, String where, Target target, boolean held) {
        if (node.isObject()) {
            addObject((ObjectNode) node, where, target, held);
        } else if (node.isArray()) {
            int index = 0;
            for (JsonNode element : node) {
                String elementWhere = where + " element " + index++;
                if (!element.isObject()) {
                    throw new Problem(elementWhere + " is a JSON " + JsonProblems.kind(element) + ", not a JSON object");
                }
                target.holds(held, HeapFootprint.ELEMENT);
                addObject((ObjectNode) element, elementWhere, target, held);
            }
        } else if (node.isMissingNode()) {
            throw new Problem(where + " is empty, not a JSON object");
        } else {
            throw new Problem(where + " is a JSON " + JsonProblems.kind(node) + ", not a JSON object");
        }
    }

    private void addObject(ObjectNode object, String where, Target target, boolean held) {
        if (target.timeField != null && object.hasNonNull(target.timeField)) {
            // a copy: the node may be the caller's body
            JsonNode time = object.get(target.timeField);
            object = object.deepCopy();
            object.set(TIME_GENERATED, time);
        }
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            checkName(field.getKey(), where);
            if (field.getValue().isTextual()) {
                checkFieldLength(field.getValue().textValue(), field.getKey(), target);
            }
        }
        byte[] record = write(object, where);
        target.holds(held, record.length + (long) HeapFootprint.FIELD * object.size());
        target.add(record, where, rules);
    }

    /** A POJO is counted as the JSON object it serializes to, which is about what its fields take. */
    private void addPojo(Object pojo, String where, Target target, boolean held) {
        JsonNode node;
        try {
            node = mapper.valueToTree(pojo);
        } catch (IllegalArgumentException e) {
            throw new Problem(where + " is a " + pojo.getClass().getName() + " that cannot be serialized to JSON: "
                              + JsonProblems.sanitize(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw new Problem(where + " is a " + pojo.getClass().getName() + ", which serializes to "
                              + (node == null ? "nothing" : "a JSON " + JsonProblems.kind(node)) + ", not a JSON object");
        }
        addObject((ObjectNode) node, where, target, held);
    }

    private void checkName(String property, String where) {
        // a loop over the few names: hashing every property of every record cost more than the check itself
        for (String reserved : reservedNames) {
            if (reserved.equals(property)) {
                throw new Problem(where + " has the property '" + property + "', which the service reserves");
            }
        }
    }

    private void checkFieldLength(CharSequence value, String property, Target target) {
        int limit = rules.fieldLimitBytes();
        // most values are far below the limit: a char is at most 3 UTF-8 bytes, so only long ones are measured
        if (limit > 0 && (long) value.length() * 3 > limit) {
            int bytes = value.toString().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > limit) {
                fieldLimits.oversized(target.logType, property, bytes);
            }
        }
    }

    private byte[] write(Object value, String where) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new Problem(where + " cannot be serialized to JSON: " + JsonProblems.describe(e));
        }
    }

    private JsonNode parse(String text, String where) {
        try {
            // a byte-order mark read into a String arrives as U+FEFF
            return mapper.readTree(!text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text);
        } catch (JsonProcessingException e) {
            throw new Problem(where + " is text that is not valid JSON (" + JsonProblems.describe(e) + "); " + ACCEPTED);
        }
    }

    private JsonNode parse(byte[] bytes, String where) {
        try {
            return mapper.readTree(bytes);
        } catch (IOException e) {
            throw new Problem(where + " is bytes that are not valid UTF-8 JSON (" + JsonProblems.describe(e) + "); " + ACCEPTED);
        }
    }

    private JsonNode parse(InputStream in, String where) {
        try {
            if (in instanceof StreamCache cache) {
                cache.reset();
            }
            JsonNode node = mapper.readTree(in);
            return node != null ? node : mapper.missingNode();
        } catch (IOException e) {
            throw new Problem(where + " is a stream that does not hold valid UTF-8 JSON (" + JsonProblems.describe(e) + "); " + ACCEPTED);
        } catch (RuntimeException e) {
            // the stream's own failure: its message may quote what it read, so only its type is named
            throw new Problem(where + " could not be read: the stream failed with " + e.getClass().getName());
        }
    }

    private static boolean isScalar(Object value) {
        return value instanceof Number || value instanceof Boolean || value instanceof Character
               || value instanceof Enum<?> || value instanceof TemporalAccessor || value instanceof Date
               || value instanceof UUID || value.getClass().isArray();
    }

    /** Where encoded records go, with the size rule applied as each arrives, and what the body holds. */
    private static final class Target {
        final Exchange exchange;
        final String logType;
        final String timeField;
        final List<byte[]> records = new ArrayList<>();
        long bodyHeapBytes;

        Target(Exchange exchange, String logType, String timeField) {
            this.exchange = exchange;
            this.logType = logType;
            this.timeField = timeField;
        }

        void add(byte[] record, String where, RecordRules rules) {
            if (record.length > rules.maxRecordBytes()) {
                throw new Problem(where + " is " + record.length + " bytes as JSON, more than the "
                                  + rules.maxRecordBytes() + " bytes a request can carry (batchMaxBytes)");
            }
            records.add(record);
        }

        void holds(boolean held, long bytes) {
            if (held) {
                bodyHeapBytes += bytes;
            }
        }

        long recordBytesFrom(int first) {
            long bytes = 0;
            for (int i = first; i < records.size(); i++) {
                bytes += records.get(i).length;
            }
            return bytes;
        }
    }

    /** Carries a problem description up to {@link #encode}, which attaches the exchange. */
    private static final class Problem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Problem(String message) {
            super(message, null, false, false);
        }
    }
}
