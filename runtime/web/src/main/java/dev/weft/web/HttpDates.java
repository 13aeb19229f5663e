package dev.weft.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * HTTP dates ({@code Tue, 15 Nov 1994 08:12:31 GMT}). The Date header of the current second is
 * cached, because every response carries one and formatting is not free.
 */
final class HttpDates {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
                    .withZone(ZoneOffset.UTC);

    private static final class Cached {
        final long second;
        final String text;

        Cached(long second, String text) {
            this.second = second;
            this.text = text;
        }
    }

    private static volatile Cached now = new Cached(-1, "");

    private HttpDates() {
    }

    static String format(long epochMillis) {
        return FORMAT.format(Instant.ofEpochMilli(epochMillis));
    }

    static String now() {
        long second = System.currentTimeMillis() / 1000;
        Cached c = now;
        if (c.second != second) {
            c = new Cached(second, format(second * 1000));
            now = c;
        }
        return c.text;
    }

    // RFC 9110 §5.6.7: a recipient MUST accept the two obsolete forms as well.
    private static final DateTimeFormatter RFC_850 = new java.time.format.DateTimeFormatterBuilder()
            .appendPattern("EEEE, dd-MMM-")
            .appendValueReduced(java.time.temporal.ChronoField.YEAR, 2, 2, 1970) // as Python's parsedate
            .appendPattern(" HH:mm:ss 'GMT'")
            .toFormatter(Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);

    /**
     * Reads an HTTP date in any of its three forms (IMF-fixdate, RFC 850, asctime).
     *
     * @return its second since the epoch, or null if it is not a date
     */
    static Long parseSeconds(String text) {
        String t = text.trim().replaceAll(" +", " ");
        for (DateTimeFormatter f : new DateTimeFormatter[] {DateTimeFormatter.RFC_1123_DATE_TIME, RFC_850, ASCTIME}) {
            try {
                return java.time.ZonedDateTime.parse(t, f).toEpochSecond();
            } catch (java.time.format.DateTimeParseException e) {
                // try the next form
            }
        }
        return null;
    }
}
