package io.github.camelloganalytics.transport;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes the Data Collector API's SharedKey authorization, exactly as the service checks it:
 * {@code Base64(HMAC-SHA256(key, "POST\n" + contentLength + "\napplication/json\nx-ms-date:" + date + "\n/api/logs"))}.
 */
public final class SharedKeySigner {

    /** RFC 1123 with a two-digit day: the service refuses {@code Mon, 4 Apr 2016}. */
    public static final DateTimeFormatter X_MS_DATE
            = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    static final String CONTENT_TYPE = "application/json";
    private static final String RESOURCE = "/api/logs";

    private SharedKeySigner() {
    }

    /** The x-ms-date header value for an instant. */
    public static String date(Instant instant) {
        return X_MS_DATE.format(instant);
    }

    /** The string the signature covers; {@code contentLength} is the byte count of the body sent. */
    public static String stringToSign(long contentLength, String xMsDate) {
        return "POST\n" + contentLength + "\n" + CONTENT_TYPE + "\nx-ms-date:" + xMsDate + "\n" + RESOURCE;
    }

    /** The signature of a request. */
    public static String signature(SharedKey key, long contentLength, String xMsDate) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.bytes(), "HmacSHA256"));
            byte[] digest = mac.doFinal(stringToSign(contentLength, xMsDate).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** The Authorization header value: {@code SharedKey <workspaceId>:<signature>}. */
    public static String authorization(String workspaceId, SharedKey key, long contentLength, String xMsDate) {
        return "SharedKey " + workspaceId + ":" + signature(key, contentLength, xMsDate);
    }
}
