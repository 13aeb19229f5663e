package dev.weft.examples;

import java.util.Properties;

/**
 * Where the database examples connect: the embedded H2 database unless the system property
 * {@code weft.jdbc.url} names another one (its JDBC driver must then be on the class path), with
 * {@code weft.jdbc.user} and {@code weft.jdbc.password} if the database needs credentials.
 */
public final class DbSettings {
    /** The system property holding the JDBC URL. */
    public static final String URL_PROPERTY = "weft.jdbc.url";
    /**
     * An in-memory H2 database, kept while the JVM runs (DB_CLOSE_DELAY=-1): the single-connection
     * example closes its only connection, and the data would otherwise go with it.
     */
    public static final String DEFAULT_URL = "jdbc:h2:mem:weft-seed;DB_CLOSE_DELAY=-1";

    private DbSettings() {
    }

    /**
     * The JDBC URL to use.
     *
     * @return {@code weft.jdbc.url}, or the embedded H2 database
     */
    public static String url() {
        return System.getProperty(URL_PROPERTY, DEFAULT_URL);
    }

    /**
     * The driver properties to use: the user and password from {@code weft.jdbc.user} and
     * {@code weft.jdbc.password}, when set.
     *
     * @return new properties
     */
    public static Properties properties() {
        Properties props = new Properties();
        String user = System.getProperty("weft.jdbc.user");
        if (user != null) {
            props.setProperty("user", user);
        }
        String password = System.getProperty("weft.jdbc.password");
        if (password != null) {
            props.setProperty("password", password);
        }
        return props;
    }

    /**
     * Whether {@code jdbcUrl} is an H2 database, which needs a Java function for MySQL's
     * {@code SLEEP}.
     *
     * @param jdbcUrl a JDBC URL
     * @return true for H2
     */
    static boolean isH2(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:h2:");
    }
}
