package dev.weft.web;

import java.time.Duration;

/**
 * The attributes of a cookie set with {@link RequestHandler#setCookie(String, String, CookieOptions)}
 * (the keyword arguments of Tornado's {@code set_cookie}). Fluent setters return this object.
 * The default is {@code Path=/} and nothing else.
 */
public final class CookieOptions {
    private String path = "/";
    private String domain;
    private Duration maxAge;
    private boolean secure;
    private boolean httpOnly;
    private String sameSite;

    /** {@code Path=/} only. */
    public CookieOptions() {
    }

    /**
     * @param path the Path attribute, or null for none
     * @return this
     */
    public CookieOptions path(String path) {
        this.path = path;
        return this;
    }

    /**
     * @param domain the Domain attribute, or null for none
     * @return this
     */
    public CookieOptions domain(String domain) {
        this.domain = domain;
        return this;
    }

    /**
     * @param maxAge how long the cookie lives (Max-Age and Expires), or null for a session cookie
     * @return this
     */
    public CookieOptions maxAge(Duration maxAge) {
        this.maxAge = maxAge;
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

    /** The attributes as they follow {@code name=value} in a Set-Cookie header. */
    String attributes() {
        StringBuilder sb = new StringBuilder();
        if (domain != null) {
            sb.append("; Domain=").append(RequestHandler.checkHeaderValue(domain));
        }
        if (maxAge != null) {
            long seconds = Math.max(0, maxAge.getSeconds());
            sb.append("; Expires=").append(HttpDates.format(System.currentTimeMillis() + seconds * 1000));
            sb.append("; Max-Age=").append(seconds);
        }
        if (path != null) {
            sb.append("; Path=").append(RequestHandler.checkHeaderValue(path));
        }
        if (secure) {
            sb.append("; Secure");
        }
        if (httpOnly) {
            sb.append("; HttpOnly");
        }
        if (sameSite != null) {
            sb.append("; SameSite=").append(RequestHandler.checkHeaderValue(sameSite));
        }
        String s = sb.toString();
        if (s.indexOf(';', 1) >= 0 && (domain != null && domain.indexOf(';') >= 0
                || path != null && path.indexOf(';') >= 0)) {
            throw new IllegalArgumentException("';' in a cookie attribute");
        }
        return s;
    }
}
