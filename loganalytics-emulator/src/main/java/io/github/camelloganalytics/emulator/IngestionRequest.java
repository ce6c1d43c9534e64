package io.github.camelloganalytics.emulator;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An ingestion request as received: method, path, query, headers (case-insensitive) and the raw body bytes.
 *
 * @param method  HTTP method
 * @param path    request path
 * @param query   raw query string, or null
 * @param headers headers by case-insensitive name
 * @param body    the body bytes exactly as received
 */
record IngestionRequest(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {

    static IngestionRequest of(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
        Map<String, List<String>> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        sorted.putAll(headers);
        return new IngestionRequest(method, path, query, sorted, body);
    }

    String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    String queryParameter(String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            // names are percent-decoded too: api%2Dversion is api-version (RFC 3986), as the JavaScript SDK sends it
            String key = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
