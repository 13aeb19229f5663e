package dev.weft.web;

import dev.weft.http.Cookies;
import java.time.Duration;
import java.time.Instant;

/**
 * The attributes of a cookie set with {@link RequestHandler#setCookie(String, String, CookieOptions)}
 * (the keyword arguments of Tornado's {@code set_cookie}). Fluent setters return this object.
 * The default is {@code Path=/} and nothing else.
 *
 * <p>The header is written as Tornado (Python's {@code http.cookies.Morsel}) writes it: the
 * attributes in alphabetical order of their names, {@code Domain}, {@code expires},
 * {@code HttpOnly}, {@code Max-Age}, {@code Path}, {@code SameSite}, {@code Secure}, for example
 * {@code id=42; expires=Thu, 01 Jan 2026 00:00:00 GMT; HttpOnly; Path=/}. {@link #expires} and
 * {@link #expiresDays} give {@code expires} only; {@link #maxAge} gives {@code Max-Age} only.
 */
public final class CookieOptions {
    private String path = "/";
    private String domain;
    private Instant expires;
    private Double expiresDays;
    private Long maxAge;
    private boolean secure;
    private boolean httpOnly;
    private String sameSite;

    /** {@code Path=/} only. */
    public CookieOptions() {
    }

    /**
     * @param path the Path attribute, or null or empty for none
     * @return this
     */
    public CookieOptions path(String path) {
        this.path = path;
        return this;
    }

    /**
     * @param domain the Domain attribute, or null or empty for none
     * @return this
     */
    public CookieOptions domain(String domain) {
        this.domain = domain;
        return this;
    }

    /**
     * @param expires when the cookie expires ({@code expires}), or null; wins over
     *     {@link #expiresDays}
     * @return this
     */
    public CookieOptions expires(Instant expires) {
        this.expires = expires;
        return this;
    }

    /**
     * @param days the cookie expires this many days from now ({@code expires}; Tornado's
     *     {@code expires_days}), or null
     * @return this
     */
    public CookieOptions expiresDays(Double days) {
        this.expiresDays = days;
        return this;
    }

    /**
     * @param days the cookie expires this many days from now
     * @return this
     */
    public CookieOptions expiresDays(double days) {
        return expiresDays(Double.valueOf(days));
    }

    /**
     * @param maxAge how long the cookie lives, whole seconds ({@code Max-Age} only; Tornado's
     *     {@code max_age}), or null
     * @return this
     */
    public CookieOptions maxAge(Duration maxAge) {
        this.maxAge = maxAge == null ? null : maxAge.getSeconds();
        return this;
    }

    /**
     * @param seconds {@code Max-Age} in seconds
     * @return this
     */
    public CookieOptions maxAge(long seconds) {
        this.maxAge = seconds;
        return this;
    }

    /**
     * @param secure whether to send it over HTTPS only
     * @return this
     */
    public CookieOptions secure(boolean secure) {
        this.secure = secure;
        return this;
    }

    /**
     * @param httpOnly whether scripts are denied access to it
     * @return this
     */
    public CookieOptions httpOnly(boolean httpOnly) {
        this.httpOnly = httpOnly;
        return this;
    }

    /**
     * @param sameSite {@code Strict}, {@code Lax} or {@code None}, or null for none
     * @return this
     */
    public CookieOptions sameSite(String sameSite) {
        this.sameSite = sameSite;
        return this;
    }

    /**
     * The {@code Set-Cookie} value for {@code name=value} with these attributes.
     *
     * @throws IllegalArgumentException for an illegal name, a value with a control character or
     *     space (Tornado refuses those too), or an attribute with {@code ;} or a control
     *     character (Tornado would send it and split the header's attributes; weft refuses)
     */
    String header(String name, String value) {
        if (!Cookies.isLegalName(name) || hasSpaceOrControl(value)) {
            throw new IllegalArgumentException("Invalid cookie " + name + ": " + value);
        }
        StringBuilder sb = new StringBuilder(64).append(name).append('=').append(Cookies.quote(value));
        if (domain != null && !domain.isEmpty()) {
            sb.append("; Domain=").append(attribute(domain));
        }
        Instant when = expires;
        if (when == null && expiresDays != null) {
            when = Instant.now().plusMillis(Math.round(expiresDays * 86_400_000d));
        }
        if (when != null) {
            sb.append("; expires=").append(HttpDates.format(when.toEpochMilli()));
        }
        if (httpOnly) {
            sb.append("; HttpOnly");
        }
        if (maxAge != null) {
            sb.append("; Max-Age=").append(maxAge);
        }
        if (path != null && !path.isEmpty()) {
            sb.append("; Path=").append(attribute(path));
        }
        if (sameSite != null && !sameSite.isEmpty()) {
            sb.append("; SameSite=").append(attribute(sameSite));
        }
        if (secure) {
            sb.append("; Secure");
        }
        return sb.toString();
    }

    private static boolean hasSpaceOrControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) <= 0x20) {
                return true;
            }
        }
        return false;
    }

    private static String attribute(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == ';' || c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("invalid cookie attribute " + v);
            }
        }
        return v;
    }
}
