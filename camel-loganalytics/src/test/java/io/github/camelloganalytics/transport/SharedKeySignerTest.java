package io.github.camelloganalytics.transport;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SharedKeySignerTest {

    // vectors computed outside Java (Python hmac/hashlib) from the reference's formula
    static final String KEY = "dGVzdC13b3Jrc3BhY2Uta2V5LWZvci1zaWduYXR1cmUtdmVjdG9ycy0wMTIzNDU2Nzg5";
    static final String REFERENCE_EXAMPLE_SIGNATURE = "8zQ+Qta8igsD5EaMhLRTSYNjU8SRU3AsABJP1KCYtZw=";
    static final String UNICODE_BODY = "[{\"name\":\"Zoë Ångström\",\"city\":\"東京\",\"mood\":\"🎉\"}]";
    static final String UNICODE_BODY_SIGNATURE = "PTcYaQhbbI3ETHcYcFBhpWudnZwHAgZgyWYRzd2pCMI=";

    @Test
    void stringToSignMatchesTheReferenceExample() {
        assertThat(SharedKeySigner.stringToSign(1024, "Mon, 04 Apr 2016 08:00:00 GMT"))
                .isEqualTo("POST\n1024\napplication/json\nx-ms-date:Mon, 04 Apr 2016 08:00:00 GMT\n/api/logs");
    }

    @Test
    void signatureOfTheReferenceExampleMatchesAnIndependentImplementation() {
        SharedKey key = SharedKey.decode(KEY, "sharedKey");
        assertThat(SharedKeySigner.signature(key, 1024, "Mon, 04 Apr 2016 08:00:00 GMT"))
                .isEqualTo(REFERENCE_EXAMPLE_SIGNATURE)
                .isEqualTo(hmac(KEY, "POST\n1024\napplication/json\nx-ms-date:Mon, 04 Apr 2016 08:00:00 GMT\n/api/logs"));
    }

    @Test
    void contentLengthIsTheUtf8ByteCountOfAccentsCjkAndEmoji() {
        byte[] body = UNICODE_BODY.getBytes(StandardCharsets.UTF_8);
        assertThat(UNICODE_BODY.length()).isEqualTo(49); // UTF-16 chars: the emoji is two
        assertThat(body.length).isEqualTo(58);
        SharedKey key = SharedKey.decode(KEY, "sharedKey");
        assertThat(SharedKeySigner.signature(key, body.length, "Fri, 01 Jan 2027 09:05:03 GMT"))
                .isEqualTo(UNICODE_BODY_SIGNATURE);
    }

    @Test
    void dateHasATwoDigitDayAndGmt() {
        assertThat(SharedKeySigner.date(Instant.parse("2016-04-04T08:00:00Z"))).isEqualTo("Mon, 04 Apr 2016 08:00:00 GMT");
        assertThat(SharedKeySigner.date(Instant.parse("2027-01-01T09:05:03.999Z"))).isEqualTo("Fri, 01 Jan 2027 09:05:03 GMT");
        assertThat(SharedKeySigner.date(Instant.parse("2026-11-25T23:59:59Z"))).isEqualTo("Wed, 25 Nov 2026 23:59:59 GMT");
    }

    @Test
    void authorizationNamesTheWorkspace() {
        SharedKey key = SharedKey.decode(KEY, "sharedKey");
        assertThat(SharedKeySigner.authorization("11111111-2222-3333-4444-555555555555", key, 1024,
                "Mon, 04 Apr 2016 08:00:00 GMT"))
                .isEqualTo("SharedKey 11111111-2222-3333-4444-555555555555:" + REFERENCE_EXAMPLE_SIGNATURE);
    }

    @Test
    void keyThatIsNotBase64IsRefusedWithoutShowingIt() {
        String broken = "abc def+ghi";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SharedKey.decode(broken, "sharedKey"))
                .hasMessageContaining("sharedKey is not valid base64")
                .hasMessageContaining("RAW(")
                .hasMessageNotContaining(broken);
        assertThat(SharedKey.decode(KEY, "sharedKey").toString()).doesNotContain(KEY);
    }

    static String hmac(String base64Key, String text) {
        return io.github.camelloganalytics.WireMockServiceSupport.hmac(base64Key, text);
    }
}
