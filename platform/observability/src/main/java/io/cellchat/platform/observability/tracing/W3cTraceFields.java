package io.cellchat.platform.observability.tracing;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Strict checks of the W3C trace fields a client may send (Trace Context Level 1 {@code traceparent} and
 * {@code tracestate}, Baggage), within Cellchat's limits: a client's bad field is refused with a message, never
 * half-read. OpenTelemetry's propagators skip what they cannot parse, which is right for headers from our own
 * processes and wrong at the edge, where a client bug must show.
 *
 * <ul>
 *   <li>{@code traceparent}: version {@code 00}, {@code 00-<32 lower hex>-<16 lower hex>-<2 lower hex>}, neither ID
 *       all zeros;</li>
 *   <li>{@code tracestate}: only with a {@code traceparent}; at most {@value #MAX_TRACESTATE} characters and 32
 *       members {@code key=value};</li>
 *   <li>{@code baggage}: at most {@value #MAX_BAGGAGE} characters and {@value #MAX_BAGGAGE_ENTRIES} members
 *       {@code key=value} with optional {@code ;properties}, keys as HTTP tokens, values of baggage octets
 *       (percent-encode the rest); spaces around {@code ,} and {@code ;} are allowed.</li>
 * </ul>
 */
public final class W3cTraceFields {

    public static final int MAX_TRACESTATE = 512;
    public static final int MAX_BAGGAGE = 1024;
    public static final int MAX_BAGGAGE_ENTRIES = 16;

    private static final Pattern TRACEPARENT = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final Pattern TRACESTATE_MEMBER = Pattern.compile(
            "[a-z0-9][a-z0-9_\\-*/@]{0,255}=[\\x20-\\x2b\\x2d-\\x3c\\x3e-\\x7e]{0,255}[\\x21-\\x2b\\x2d-\\x3c\\x3e-\\x7e]");
    private static final String TOKEN = "[!#$%&'*+\\-.^_`|~0-9A-Za-z]+";
    private static final String OCTETS = "[\\x21\\x23-\\x2b\\x2d-\\x3a\\x3c-\\x5b\\x5d-\\x7e]*";
    private static final Pattern BAGGAGE_MEMBER = Pattern.compile(
            TOKEN + "[ \\t]*=[ \\t]*" + OCTETS + "([ \\t]*;[ \\t]*" + TOKEN + "([ \\t]*=[ \\t]*" + OCTETS + ")?)*");

    private W3cTraceFields() {}

    /**
     * Checks the fields; empty means absent.
     *
     * @param field the path of the fields in the frame, for messages ({@code "trace"})
     * @return what is wrong, naming the field and what was expected; {@code null} when all is well
     */
    public static @Nullable String problem(String field, String traceparent, String tracestate, String baggage) {
        if (!traceparent.isEmpty()) {
            if (!TRACEPARENT.matcher(traceparent).matches()
                    || traceparent.startsWith("00-00000000000000000000000000000000-")
                    || traceparent.substring(36, 52).equals("0000000000000000")) {
                return field + ".traceparent: '" + shorten(traceparent)
                        + "' (expected: 00-<32 hex>-<16 hex>-<2 hex>, lower case, IDs not all zero)";
            }
        } else if (!tracestate.isEmpty()) {
            return field + ".tracestate: set without a traceparent (expected: both, or only baggage)";
        }
        if (!tracestate.isEmpty()) {
            if (tracestate.length() > MAX_TRACESTATE) {
                return field + ".tracestate length: " + tracestate.length() + " (expected: <= " + MAX_TRACESTATE + ")";
            }
            String[] members = tracestate.split(",", -1);
            if (members.length > 32) {
                return field + ".tracestate: " + members.length + " members (expected: <= 32)";
            }
            for (String member : members) {
                if (!TRACESTATE_MEMBER.matcher(member.strip()).matches()) {
                    return field + ".tracestate member: '" + shorten(member) + "' (expected: key=value as W3C "
                            + "Trace Context defines them)";
                }
            }
        }
        if (!baggage.isEmpty()) {
            if (baggage.length() > MAX_BAGGAGE) {
                return field + ".baggage length: " + baggage.length() + " (expected: <= " + MAX_BAGGAGE + ")";
            }
            String[] members = baggage.split(",", -1);
            if (members.length > MAX_BAGGAGE_ENTRIES) {
                return field + ".baggage: " + members.length + " members (expected: <= " + MAX_BAGGAGE_ENTRIES + ")";
            }
            for (String member : members) {
                if (!BAGGAGE_MEMBER.matcher(member.strip()).matches()) {
                    return field + ".baggage member: '" + shorten(member) + "' (expected: key=value[;property], "
                            + "the key a token, the value percent-encoded where not a baggage octet)";
                }
            }
        }
        return null;
    }

    private static String shorten(String value) {
        return value.length() <= 80 ? value : value.substring(0, 80) + "...";
    }
}
