package io.github.camelloganalytics.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The emulator's wall clock: the system's, moved by the system property {@value #OFFSET_PROPERTY} (an ISO-8601
 * duration such as {@code P400D} or {@code -P1D}) when set. The component reads the same property, so a whole test run
 * can be moved in time, to show that no test depends on the day it runs: the TimeGenerated window, the x-ms-date skew
 * and token expiry all move with it. Tests that need "now" take it from {@link #now()}.
 */
public final class EmulatorClock {

    /** The system property that moves the clock. */
    public static final String OFFSET_PROPERTY = "loganalytics.clock.offset";

    private EmulatorClock() {
    }

    /** The system clock, moved by {@value #OFFSET_PROPERTY} if set. */
    public static Clock system() {
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

    /** Now, on {@link #system()}. */
    public static Instant now() {
        return system().instant();
    }
}
