package io.github.camelloganalytics.record;

import io.github.camelloganalytics.api.LogAnalyticsApi;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordEncoderTest {

    static final CamelContext CONTEXT = new DefaultCamelContext();
    final FieldLimitMonitor monitor = new FieldLimitMonitor(LogAnalyticsApi.dataCollector.fieldLimitBytes());
    final RecordEncoder encoder = new RecordEncoder(
            new RecordRules(LogAnalyticsApi.dataCollector.reservedProperties(), 1000, LogAnalyticsApi.dataCollector.fieldLimitBytes(), false), monitor);

    @AfterAll
    static void close() throws Exception {
        CONTEXT.close();
    }

    /** A POJO as users send them. */
    public static class Order {
        public String id = "o-1";
        public int quantity = 3;
        public boolean paid = true;
    }

    static Exchange exchange(Object body) {
        Exchange exchange = new DefaultExchange(CONTEXT);
        exchange.getMessage().setBody(body);
        return exchange;
    }

    List<String> encode(Object body) throws InvalidBodyException {
        return encoder.encode(exchange(body), "AppEvents").records().stream()
                .map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void mapIsOneRecord() throws Exception {
        assertThat(encode(map("level", "info", "count", 3, "ok", true))).containsExactly("{\"level\":\"info\",\"count\":3,\"ok\":true}");
    }

    @Test
    void pojoIsOneRecord() throws Exception {
        assertThat(encode(new Order())).containsExactly("{\"id\":\"o-1\",\"quantity\":3,\"paid\":true}");
    }

    @Test
    void jsonNodeObjectIsOneRecord() throws Exception {
        assertThat(encode(new ObjectMapper().readTree("{\"a\":1}"))).containsExactly("{\"a\":1}");
    }

    @Test
    void jsonTextObjectIsOneRecordAndKeepsNumbersExactly() throws Exception {
        assertThat(encode("{\"price\": 1.10, \"big\": 12345678901234567890}"))
                .containsExactly("{\"price\":1.10,\"big\":12345678901234567890}");
    }

    @Test
    void jsonTextArrayIsOneRecordPerObject() throws Exception {
        assertThat(encode("[{\"a\":1},{\"a\":2}]")).containsExactly("{\"a\":1}", "{\"a\":2}");
    }

    @Test
    void bytesAndStreamsHoldingJsonAreParsedAsUtf8() throws Exception {
        byte[] json = "{\"city\":\"東京\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(encode(json)).containsExactly("{\"city\":\"東京\"}");
        assertThat(encode(new ByteArrayInputStream(json))).containsExactly("{\"city\":\"東京\"}");
    }

    @Test
    void iterableIteratorArrayAndStreamAreOneRecordPerElement() throws Exception {
        List<Object> mixed = List.of(map("a", 1), "{\"b\":2}", new Order());
        List<String> expected = List.of("{\"a\":1}", "{\"b\":2}", "{\"id\":\"o-1\",\"quantity\":3,\"paid\":true}");
        assertThat(encode(mixed)).isEqualTo(expected);
        assertThat(encode(mixed.iterator())).isEqualTo(expected);
        assertThat(encode(mixed.toArray())).isEqualTo(expected);
        assertThat(encode(mixed.stream())).isEqualTo(expected);
    }

    @Test
    void groupedExchangesAreOneRecordPerInnerBody() throws Exception {
        List<Exchange> grouped = List.of(exchange(map("n", 1)), exchange("{\"n\":2}"), exchange("[{\"n\":3},{\"n\":4}]"));
        assertThat(encode(grouped)).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "{\"n\":4}");
    }

    @Test
    void emptyListGivesNoRecords() throws Exception {
        assertThat(encode(List.of())).isEmpty();
    }

    @Test
    void nullBodyFails() {
        // the producer names the exchange (BadInputTest): the encoder says what is wrong with the body
        assertThatThrownBy(() -> encoder.encode(exchange(null), "AppEvents"))
                .isInstanceOf(InvalidBodyException.class)
                .hasMessage("Cannot send to Log Analytics: body is null, not a JSON object");
    }

    @Test
    void numberBodyFails() {
        assertThatThrownBy(() -> encode(42)).hasMessageContaining("body is a java.lang.Integer, not a JSON object");
    }

    @Test
    void aStreamThatFailsAsItIsReadFailsItsExchangeAsAnInvalidRecord() {
        java.io.InputStream broken = new java.io.InputStream() {
            @Override
            public int read() {
                throw new IllegalStateException("the connection behind the stream closed: {\"secret\":1}");
            }
        };

        assertThatThrownBy(() -> encode(broken))
                .isInstanceOf(InvalidBodyException.class)
                .hasMessageContaining("body could not be read: the stream failed with java.lang.IllegalStateException")
                .hasMessageNotContaining("secret");
    }

    @Test
    void textThatIsNotJsonFailsWithoutEchoingTheText() {
        assertThatThrownBy(() -> encode("john.smith@example.com logged in"))
                .isInstanceOf(InvalidBodyException.class)
                .hasMessageContaining("body is text that is not valid JSON")
                .hasMessageContaining("line 1")
                .hasMessageNotContaining("john");
    }

    @Test
    void truncatedJsonFails() {
        assertThatThrownBy(() -> encode("{\"a\": [1, 2"))
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void trailingContentAfterTheJsonFails() {
        assertThatThrownBy(() -> encode("{\"a\":1} extra"))
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void arrayHoldingAScalarFailsNamingTheElement() {
        assertThatThrownBy(() -> encode("[{\"a\":1}, 7]"))
                .hasMessageContaining("body element 1 is a JSON number, not a JSON object");
        assertThatThrownBy(() -> encode(List.of(map("a", 1), "text")))
                .hasMessageContaining("body element 1 is text that is not valid JSON");
    }

    @Test
    void jsonScalarTextFails() {
        assertThatThrownBy(() -> encode("\"just a string\"")).hasMessageContaining("body is a JSON string");
        assertThatThrownBy(() -> encode("  ")).hasMessageContaining("body is empty");
    }

    @Test
    void invalidUtf8BytesFail() {
        byte[] bytes = { '{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' };
        assertThatThrownBy(() -> encode(bytes)).hasMessageContaining("not valid UTF-8 JSON");
    }

    @Test
    void primitiveArrayFails() {
        assertThatThrownBy(() -> encode(new int[] { 1, 2 })).hasMessageContaining("is a [I, not a JSON object");
    }

    @Test
    void reservedPropertyFails() {
        assertThatThrownBy(() -> encode(map("TimeGenerated", "2026-01-01T00:00:00Z")))
                .hasMessageContaining("has the property 'TimeGenerated', which the service reserves");
        assertThatThrownBy(() -> encode("[{\"ok\":1},{\"tenant\":\"x\"}]"))
                .hasMessageContaining("body element 1 has the property 'tenant'");
    }

    @Test
    void recordLargerThanTheRequestCapFails() {
        char[] chars = new char[1200];
        Arrays.fill(chars, 'x');
        assertThatThrownBy(() -> encode(map("big", new String(chars))))
                .hasMessageContaining("more than the 1000 bytes a request can carry");
    }

    @Test
    void deeplyNestedJsonFails() {
        String deep = "[".repeat(2000) + "]".repeat(2000);
        assertThatThrownBy(() -> encode(deep)).isInstanceOf(InvalidBodyException.class)
                .hasMessageContaining("nesting depth");
    }

    @Test
    void fieldOverTheServiceLimitIsCountedNotRefused() throws Exception {
        RecordEncoder roomy = new RecordEncoder(
                new RecordRules(LogAnalyticsApi.dataCollector.reservedProperties(), 1_000_000, LogAnalyticsApi.dataCollector.fieldLimitBytes(), false), monitor);
        String longValue = "é".repeat(20_000); // 20,000 chars, 40,000 UTF-8 bytes
        assertThat(roomy.encode(exchange(map("message", longValue)), "AppEvents").records()).hasSize(1);
        assertThat(roomy.encode(exchange(map("message", "x".repeat(30_000))), "AppEvents").records()).hasSize(1);
        assertThat(monitor.oversizedFields()).isEqualTo(1);
    }

    @Test
    void streamBodyIsClosed() throws Exception {
        boolean[] closed = { false };
        Stream<Object> stream = Stream.<Object> of(map("a", 1)).onClose(() -> closed[0] = true);
        assertThat(encode(stream)).hasSize(1);
        assertThat(closed[0]).isTrue();
    }

    @Test
    void aStreamThatFailsFailsItsExchangeAsAnInvalidRecord() {
        java.util.stream.Stream<Map<String, Object>> failing = java.util.stream.Stream.of(1, 2, 3).map(i -> {
            if (i == 2) {
                throw new IllegalStateException("source gone: secret-content");
            }
            return map("n", i);
        });
        assertThatThrownBy(() -> encode(failing)).isInstanceOf(InvalidBodyException.class)
                .hasMessageContaining("body element 1 could not be read: its iterator failed with java.lang.IllegalStateException")
                .hasMessageNotContaining("secret-content");
    }

    @Test
    void anIteratorThatFailsFailsItsExchangeAsAnInvalidRecord() {
        java.util.Iterator<Object> failing = new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
                throw new java.io.UncheckedIOException(new java.io.IOException("closed"));
            }

            @Override
            public Object next() {
                return null;
            }
        };
        assertThatThrownBy(() -> encode(failing)).isInstanceOf(InvalidBodyException.class)
                .hasMessageContaining("body element 0 could not be read: its iterator failed with java.io.UncheckedIOException");
    }

    @Test
    void jsonWithAByteOrderMarkIsAccepted() throws Exception {
        String json = "\uFEFF{\"a\":1}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertThat(encode(json)).containsExactly("{\"a\":1}");
        assertThat(encode(bytes)).containsExactly("{\"a\":1}");
        assertThat(encode(new ByteArrayInputStream(bytes))).containsExactly("{\"a\":1}");
    }

    @Test
    void anObjectWithTheSamePropertyTwiceIsRefused() {
        assertThatThrownBy(() -> encode("{\"id\":1,\"id\":2}")).isInstanceOf(InvalidBodyException.class)
                .hasMessageContaining("an object holds the same property twice (line 1, column");
        assertThatThrownBy(() -> encode("[{\"a\":1},{\"b\":1,\"b\":2}]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("the same property twice");
    }

    @Test
    void textThatIsNotJsonSaysWhatTheComponentTakes() {
        assertThatThrownBy(() -> encode("hello world")).hasMessageContaining(
                "body is text that is not valid JSON (a word where a JSON value should be (line 1, column ")
                .hasMessageContaining("a body must be a JSON object or an array of objects")
                .hasMessageNotContaining("hello");
    }

    @Test
    void anArrayWithANullElementFailsClearly() {
        assertThatThrownBy(() -> encode(new Object[] { map("a", 1), null })).hasMessageContaining("body element 1 is null");
    }

    long bodyBytes(Object body) throws InvalidBodyException {
        return encoder.encode(exchange(body), "AppEvents").bodyHeapBytes();
    }

    @Test
    void aTextOrBytesBodyIsCountedForItsLength() throws Exception {
        String json = "[{\"a\":1},{\"a\":2}]";

        assertThat(bodyBytes(json)).isEqualTo(HeapFootprint.ARRAY + json.length());
        assertThat(bodyBytes(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(HeapFootprint.ARRAY + json.length());
    }

    @Test
    void aMapBodyIsCountedForItsJsonAndItsFields() throws Exception {
        Map<String, Object> body = map("a", 1, "b", "two");

        assertThat(bodyBytes(body)).isEqualTo("{\"a\":1,\"b\":\"two\"}".length() + 2L * HeapFootprint.FIELD);
    }

    @Test
    void aListBodyIsCountedForEachElementItKeeps() throws Exception {
        long one = "{\"a\":1}".length() + HeapFootprint.FIELD;

        assertThat(bodyBytes(List.of(map("a", 1), map("a", 2)))).isEqualTo(2 * (HeapFootprint.ELEMENT + one));
    }

    @Test
    void theElementsOfAnIteratorOrStreamAreNotKeptSoNotCounted() throws Exception {
        assertThat(bodyBytes(List.of(map("a", 1)).iterator())).isZero();
        assertThat(bodyBytes(Stream.of(map("a", 1)))).isZero();
    }

    @Test
    void anExchangeInAGroupedBodyIsCountedWithItsOwnBody() throws Exception {
        String inner = "{\"a\":1}";

        assertThat(bodyBytes(List.of(exchange(inner))))
                .isEqualTo(HeapFootprint.ELEMENT + HeapFootprint.EXCHANGE + HeapFootprint.ARRAY + inner.length());
    }
}
