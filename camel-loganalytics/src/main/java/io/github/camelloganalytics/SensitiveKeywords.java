package io.github.camelloganalytics;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.util.URISupport;

/**
 * Makes Camel treat the component's secret option names as secret in its own output. Camel's built-in list knows
 * {@code clientSecret} and {@code proxyPassword} (they hold "secret" and "password") but not {@code sharedKey}. The
 * names are added to the context's additional sensitive keywords, which Camel consults for property summaries, route
 * dumps and masking, as early as a context is built (see {@link LogAnalyticsContextPlugin}), and to the URI
 * sanitizer.
 */
final class SensitiveKeywords {

    /** Camel compares keywords lower case and without dashes; the kebab form is listed for URI masking. */
    static final Set<String> KEYWORDS = Set.of("sharedkey", "shared-key", "secondarysharedkey", "proxypassword");

    private SensitiveKeywords() {
    }

    /** Adds the keywords to the context's own, keeping any the user or another component set. */
    static void registerWith(CamelContext context) {
        var extension = context.getCamelContextExtension();
        String existing = extension.getAdditionalSensitiveKeywords();
        Set<String> words = new LinkedHashSet<>();
        if (existing != null && !existing.isBlank()) {
            for (String word : existing.split(",")) {
                if (!word.isBlank()) {
                    words.add(word.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        if (words.containsAll(KEYWORDS)) {
            return;
        }
        words.addAll(KEYWORDS);
        // also replaces the URI sanitizer's extra keywords with the merged list
        extension.setAdditionalSensitiveKeywords(String.join(",", words));
    }

    /** For URIs sanitized before any context was configured. */
    static void registerWithUriSanitizer() {
        URISupport.addSanitizeKeywords(String.join(",", KEYWORDS));
    }
}
