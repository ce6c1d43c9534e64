package io.github.camelloganalytics.transport;

import java.util.Arrays;
import java.util.Base64;

/**
 * A decoded workspace key. Its {@code toString} never shows the key.
 */
public final class SharedKey implements RequestCredential {

    private final byte[] key;
    private final String source;

    private SharedKey(byte[] key, String source) {
        this.key = key;
        this.source = source;
    }

    /**
     * Decodes a base64 workspace key.
     *
     * @param  source                   names where the key came from (an option name or file path), for messages
     * @throws IllegalArgumentException naming the source, never the value, when it is empty or not base64
     */
    public static SharedKey decode(String base64, String source) {
        String trimmed = base64 == null ? "" : base64.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException(source + " is empty");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            String hint = trimmed.indexOf(' ') >= 0
                    ? " (it holds a space: in a URI write RAW(key) so that '+' characters are kept)" : "";
            throw new IllegalArgumentException(source + " is not valid base64" + hint, null);
        }
        if (decoded.length == 0) {
            throw new IllegalArgumentException(source + " decodes to no bytes");
        }
        return new SharedKey(decoded, source);
    }

    byte[] bytes() {
        return key;
    }

    /** Where the key came from: an option name or a file path. */
    public String source() {
        return source;
    }

    boolean sameKeyAs(SharedKey other) {
        return other != null && Arrays.equals(key, other.key);
    }

    @Override
    public String toString() {
        return "SharedKey[" + source + ", ******]";
    }
}
