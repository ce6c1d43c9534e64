package io.github.camelloganalytics.transport;

import java.net.http.HttpHeaders;
import java.util.Locale;

/**
 * What came back for one request: the status, the headers and at most the first bytes of the body. An error answer
 * needs a few kilobytes; anything beyond the limit was discarded unread.
 *
 * @param statusCode HTTP status
 * @param headers    response headers
 * @param body       the body, or its first bytes when {@code truncated}
 * @param truncated  whether the body was longer than what was read
 */
public record ServiceResponse(int statusCode, HttpHeaders headers, byte[] body, boolean truncated) {

    /** The media type of the body, lower case and without parameters, or null. */
    public String mediaType() {
        return headers.firstValue("Content-Type")
                .map(value -> {
                    int semicolon = value.indexOf(';');
                    return (semicolon >= 0 ? value.substring(0, semicolon) : value).strip().toLowerCase(Locale.ROOT);
                })
                .filter(value -> !value.isEmpty())
                .orElse(null);
    }

    /** Whether the response carries a body. */
    public boolean hasBody() {
        return body.length > 0;
    }
}
