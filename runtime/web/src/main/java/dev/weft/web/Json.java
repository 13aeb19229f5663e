package dev.weft.web;

import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.util.Map;

/**
 * A small JSON writer for responses (Tornado's {@code json_encode}), so that the runtime needs no
 * library. It writes null, booleans, numbers, text and characters, enums (by name), maps (keys as
 * text), iterables, arrays and records (components by name, in declaration order), nested as deep
 * as 1000 levels. The text is byte for byte what Tornado's {@code json_encode} (Python's
 * {@code json.dumps} with its defaults) gives for the same values: {@code ", "} and {@code ": "}
 * between items, every character outside printable ASCII as a {@code &#92;uXXXX} escape, floats as
 * Python's {@code repr} writes them ({@code 1.5}, {@code 2.0}, {@code 1e+20}), and
 * {@code "</"} written as {@code "<\/"}, so that the JSON can sit inside an HTML
 * {@code <script>} element.
 */
public final class Json {
    private static final int MAX_DEPTH = 1000;

    private Json() {
    }

    /**
     * The JSON text of {@code value}.
     *
     * @param value what to write
     * @return compact JSON
     * @throws IllegalArgumentException for a value of another type, a non-finite number, or
     *     nesting deeper than 1000 (a cycle)
     */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("JSON nested deeper than " + MAX_DEPTH
                    + " levels (a cycle?)");
        }
        if (v == null) {
            sb.append("null");
        } else if (v instanceof CharSequence || v instanceof Character) {
            string(sb, v.toString());
        } else if (v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("JSON has no " + d);
            }
            pythonFloat(sb, d);
        } else if (v instanceof Number) {
            sb.append(v); // integers, BigInteger, BigDecimal: their toString is valid JSON
        } else if (v instanceof Enum) {
            string(sb, ((Enum<?>) v).name());
        } else if (v instanceof Map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                string(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                write(sb, e.getValue(), depth + 1);
            }
            sb.append('}');
        } else if (v instanceof Iterable) {
            sb.append('[');
            boolean first = true;
            for (Object o : (Iterable<?>) v) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                write(sb, o, depth + 1);
            }
            sb.append(']');
        } else if (v.getClass().isArray()) {
            sb.append('[');
            int n = Array.getLength(v);
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                write(sb, Array.get(v, i), depth + 1);
            }
            sb.append(']');
        } else if (v instanceof Record) {
            sb.append('{');
            RecordComponent[] components = v.getClass().getRecordComponents();
            for (int i = 0; i < components.length; i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                string(sb, components[i].getName());
                sb.append(": ");
                Object value;
                try {
                    var accessor = components[i].getAccessor();
                    accessor.setAccessible(true);
                    value = accessor.invoke(v);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new IllegalArgumentException("cannot read record component "
                            + components[i].getName() + " of " + v.getClass().getName(), e);
                }
                write(sb, value, depth + 1);
            }
            sb.append('}');
        } else {
            throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON");
        }
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /**
     * A finite double as Python's {@code repr} writes it: the shortest digits, plain between
     * 1e-4 and 1e16 (with {@code .0} when whole), otherwise {@code 1.5e+20} / {@code 1e-05}.
     */
    static void pythonFloat(StringBuilder sb, double d) {
        if (d == 0) {
            sb.append(1 / d < 0 ? "-0.0" : "0.0");
            return;
        }
        // The fewest digits that read back as d (JDK 17's Double.toString is not always shortest).
        java.math.BigDecimal exact = new java.math.BigDecimal(d);
        for (int precision = 1; precision <= 17; precision++) {
            java.math.BigDecimal r = exact.round(new java.math.MathContext(precision,
                    java.math.RoundingMode.HALF_EVEN));
            if (r.doubleValue() == d) {
                exact = r;
                break;
            }
        }
        exact = exact.stripTrailingZeros();
        String digits = exact.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - exact.scale(); // of the first digit
        if (d < 0) {
            sb.append('-');
        }
        if (exponent >= -4 && exponent < 16) {
            if (exponent < 0) {
                sb.append("0.").append("0".repeat(-exponent - 1)).append(digits);
            } else if (digits.length() <= exponent + 1) {
                sb.append(digits).append("0".repeat(exponent + 1 - digits.length())).append(".0");
            } else {
                sb.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, digits.length());
            }
            return;
        }
        sb.append(digits.charAt(0));
        if (digits.length() > 1) {
            sb.append('.').append(digits, 1, digits.length());
        }
        sb.append('e').append(exponent < 0 ? '-' : '+');
        int e = Math.abs(exponent);
        sb.append(e < 10 ? "0" : "").append(e);
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                case '\b': sb.append("\\b"); break;
                case '\f': sb.append("\\f"); break;
                case '/':
                    sb.append(i > 0 && s.charAt(i - 1) == '<' ? "\\/" : "/");
                    break;
                default:
                    if (c < 0x20 || c > 0x7e) { // Python's ensure_ascii
                        sb.append("\\u").append(HEX[(c >> 12) & 15]).append(HEX[(c >> 8) & 15])
                                .append(HEX[(c >> 4) & 15]).append(HEX[c & 15]);
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    /** How deep {@link #parse} nests arrays and objects, as Python's recursion limit allows. */
    public static final int MAX_PARSE_DEPTH = 1000;

    /**
     * Reads JSON strictly (RFC 8259; Tornado's {@code json_decode}): objects as unmodifiable
     * {@code Map<String, Object>} in their order, arrays as unmodifiable {@code List<Object>},
     * strings, integers as {@code Long} (or {@code BigInteger} beyond it), other numbers as
     * {@code Double}, {@code true}/{@code false} as {@code Boolean}, {@code null} as null. A
     * repeated key keeps its last value, as in Python; {@code NaN}, {@code Infinity}, numbers
     * beyond a double, trailing commas, comments and single quotes are refused.
     *
     * @param text the JSON text
     * @return the value
     * @throws MalformedJsonException if it is not exactly one JSON value, or nests deeper than
     *     {@link #MAX_PARSE_DEPTH}
     */
    public static Object parse(String text) {
        return JsonReader.read(text, MAX_PARSE_DEPTH);
    }
}
