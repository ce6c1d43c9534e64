package io.github.camelloganalytics.emulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a SharedKey signature the way the service does: HMAC-SHA256 over
 * {@code POST\n<content length>\n<content type>\nx-ms-date:<date>\n/api/logs}, with the received body's byte count and
 * the received headers.
 */
final class SharedKeyVerifier {

    private SharedKeyVerifier() {
    }

    static boolean verify(byte[] key, String signature, int contentLength, String contentType, String xMsDate) {
        String stringToSign = "POST\n" + contentLength + "\n" + contentType + "\nx-ms-date:" + xMsDate + "\n/api/logs";
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] expected = mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8));
            byte[] given = Base64.getDecoder().decode(signature);
            return MessageDigest.isEqual(expected, given);
        } catch (IllegalArgumentException e) {
            return false; // not base64
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
