package io.github.camelloganalytics;

import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * The wall clock the component dates requests by (x-ms-date), judges token expiry by and stamps failures with: the
 * system's, moved by the system property {@value #OFFSET_PROPERTY} (an ISO-8601 duration such as {@code P400D}) when
 * set. The emulator reads the same property, so that a test run can be moved in time as a whole to show that nothing
 * depends on the day it runs. Never set it in production: the service judges dates by its own clock.
 */
final class WallClock {

    static final String OFFSET_PROPERTY = "loganalytics.clock.offset";

    private WallClock() {
    }

    static Clock get() {
        String offset = System.getProperty(OFFSET_PROPERTY);
        if (offset == null || offset.isBlank()) {
            return Clock.systemUTC();
        }
        try {
            return Clock.offset(Clock.systemUTC(), Duration.parse(offset.strip()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(OFFSET_PROPERTY + " must be an ISO-8601 duration such as P400D, got '"
                                               + offset + "'");
        }
    }
}
