package io.github.camelloganalytics.transport;

/**
 * Small URL helpers.
 */
public final class Urls {

    private Urls() {
    }

    public static String trimTrailingSlashes(String base) {
        int end = base.length();
        while (end > 0 && base.charAt(end - 1) == '/') {
            end--;
        }
        return base.substring(0, end);
    }
}
