package io.cellchat.bench.load;

import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * XMPP over WebSocket (RFC 7395), as ejabberd's {@code ejabberd_http_ws} speaks it: subprotocol {@code xmpp}, one
 * top-level element per TEXT frame. The login is the one of the peer figures (shared/notes/ejabberd-peer.md): open,
 * SASL PLAIN, a new open after {@code <success>}, resource bind, the session iq when the server offers it (ejabberd
 * 23.01 offers it as optional), {@code <presence/>}. A ping iq after the presence tells when the server has handled
 * it all (stanzas of one stream are processed in order), and its answer is the ready signal. A message is a
 * {@code <message type="chat">} to the recipient's bare JID with the 64-character {@link Payload} as its body.
 *
 * <p>Received frames are read with {@code indexOf}, not an XML parser: ejabberd serializes stanzas in one well-known
 * shape, and the benchmark's bodies never need escaping. A user's name is the JID local part and its secret the
 * password.
 */
public final class XmppDialect implements Dialect {

    static final String FRAMING_NS = "urn:ietf:params:xml:ns:xmpp-framing";
    private static final AtomicInteger REFUSALS_LOGGED = new AtomicInteger();

    private final String host;
    private final int port;
    private final String domain;
    /** Makes resources unique across generator processes and runs (a clashing resource would replace a session). */
    private final String resourcePrefix = "b" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 28, 36) + "-";

    public XmppDialect(String host, int port, String domain) {
        this.host = host;
        this.port = port;
        this.domain = domain;
    }

    public XmppDialect(String host, int port) {
        this(host, port, "localhost");
    }

    @Override
    public URI uri(User user) {
        return URI.create("ws://" + host + ":" + port + "/ws");
    }

    @Override
    public @Nullable String subprotocol() {
        return "xmpp";
    }

    @Override
    public List<String> headers(User user) {
        return List.of();
    }

    @Override
    public Login login(User user) {
        return new XmppLogin(user);
    }

    @Override
    public WebSocketFrame message(User sender, User target, long scheduledNanos, long sentNanos, long sequence) {
        String stanza = "<message to='" + target.name() + "@" + domain + "' type='chat' id='"
                + Integer.toString(sender.index(), 36) + "-" + Long.toString(sequence, 36) + "'><body>"
                + Payload.text(scheduledNanos, sentNanos) + "</body></message>";
        return new TextWebSocketFrame(stanza);
    }

    @Override
    public @Nullable Received read(User receiver, WebSocketFrame frame) {
        if (!(frame instanceof TextWebSocketFrame)) {
            return null;
        }
        String text = ((TextWebSocketFrame) frame).text();
        if (!text.startsWith("<message")) {
            return null;
        }
        // Delayed delivery (offline storage, e.g. left over from an earlier run) carries timestamps of another
        // process's clock: not a measurement.
        if (text.contains("urn:xmpp:delay")) {
            return null;
        }
        int type = attribute(text, "type");
        if (type >= 0 && text.startsWith("error", type)) {
            return null; // a bounce carries the original body back to its sender
        }
        int from = attribute(text, "from");
        if (from >= 0 && text.startsWith(receiver.name(), from)
                && text.startsWith("@", from + receiver.name().length())) {
            return null;
        }
        int body = text.indexOf("<body>");
        if (body < 0) {
            return null;
        }
        int start = body + "<body>".length();
        int end = text.indexOf("</body>", start);
        if (end < 0) {
            return null;
        }
        return Payload.parse(text.subSequence(start, end));
    }

    /** Where the value of {@code name} starts in the opening tag of {@code element}, or -1. */
    static int attribute(String element, String name) {
        int tagEnd = element.indexOf('>');
        int at = 0;
        while (true) {
            at = element.indexOf(name, at);
            if (at < 0 || (tagEnd >= 0 && at > tagEnd)) {
                return -1;
            }
            int quote = at + name.length() + 1;
            if (at > 0 && element.charAt(at - 1) == ' ' && quote < element.length()
                    && element.charAt(quote - 1) == '='
                    && (element.charAt(quote) == '\'' || element.charAt(quote) == '"')) {
                return quote + 1;
            }
            at += name.length();
        }
    }

    /** Whether the frame is an iq of {@code type} answering {@code id}. */
    static boolean isIqAnswer(String text, String id, String type) {
        if (!text.startsWith("<iq")) {
            return false;
        }
        int idAt = attribute(text, "id");
        int typeAt = attribute(text, "type");
        return idAt >= 0 && typeAt >= 0 && text.startsWith(id, idAt)
                && (text.charAt(idAt + id.length()) == '\'' || text.charAt(idAt + id.length()) == '"')
                && text.startsWith(type, typeAt);
    }

    private final class XmppLogin implements Login {

        private enum State { FEATURES, AUTH, RESTARTED, BIND, SESSION, PING }

        private final User user;
        private State state = State.FEATURES;
        private boolean sessionOffered;

        XmppLogin(User user) {
            this.user = user;
        }

        private TextWebSocketFrame open() {
            return new TextWebSocketFrame("<open xmlns='" + FRAMING_NS + "' to='" + domain + "' version='1.0'/>");
        }

        @Override
        public List<WebSocketFrame> start() {
            return List.of(open());
        }

        @Override
        public @Nullable List<WebSocketFrame> onFrame(WebSocketFrame frame) {
            if (!(frame instanceof TextWebSocketFrame)) {
                return List.of();
            }
            String text = ((TextWebSocketFrame) frame).text();
            if (text.startsWith("<close") || text.contains("<stream:error") || text.startsWith("<error")) {
                throw refused("stream closed or error", text);
            }
            switch (state) {
                case FEATURES -> {
                    if (isFeatures(text) && text.contains("<mechanisms")) {
                        if (!text.contains(">PLAIN<")) {
                            throw refused("no SASL PLAIN offered", text);
                        }
                        String credentials = "\0" + user.name() + "\0" + user.secret();
                        state = State.AUTH;
                        return List.of(new TextWebSocketFrame("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl'"
                                + " mechanism='PLAIN'>" + Base64.getEncoder().encodeToString(
                                        credentials.getBytes(StandardCharsets.UTF_8)) + "</auth>"));
                    }
                }
                case AUTH -> {
                    if (text.startsWith("<success")) {
                        state = State.RESTARTED;
                        return List.of(open());
                    }
                    if (text.startsWith("<failure")) {
                        throw refused("SASL PLAIN failed", text);
                    }
                }
                case RESTARTED -> {
                    if (isFeatures(text) && text.contains("<bind")) {
                        sessionOffered = text.contains("urn:ietf:params:xml:ns:xmpp-session");
                        state = State.BIND;
                        return List.of(new TextWebSocketFrame("<iq type='set' id='bind1'>"
                                + "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>" + resourcePrefix
                                + Integer.toString(user.index(), 36) + "</resource></bind></iq>"));
                    }
                }
                case BIND -> {
                    if (isIqAnswer(text, "bind1", "result")) {
                        if (sessionOffered) {
                            state = State.SESSION;
                            return List.of(new TextWebSocketFrame("<iq type='set' id='sess1'>"
                                    + "<session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>"));
                        }
                        return presence();
                    }
                    if (isIqAnswer(text, "bind1", "error")) {
                        throw refused("bind failed", text);
                    }
                }
                case SESSION -> {
                    if (isIqAnswer(text, "sess1", "result")) {
                        return presence();
                    }
                    if (isIqAnswer(text, "sess1", "error")) {
                        throw refused("session failed", text);
                    }
                }
                case PING -> {
                    // Either answer (result, or an error if mod_ping were off) means the presence was handled.
                    if (isIqAnswer(text, "ping1", "result") || isIqAnswer(text, "ping1", "error")) {
                        return null;
                    }
                }
            }
            return List.of();
        }

        /** Logs the first few refusals (the connection is then closed and counted as failed) and fails the login. */
        private IllegalStateException refused(String why, String frame) {
            String message = "XMPP login of " + user.name() + " in state " + state + ": " + why + ": " + frame;
            if (REFUSALS_LOGGED.getAndIncrement() < 5) {
                Progress.line(message);
            }
            return new IllegalStateException(message);
        }

        private List<WebSocketFrame> presence() {
            state = State.PING;
            return List.of(new TextWebSocketFrame("<presence/>"),
                    new TextWebSocketFrame("<iq type='get' id='ping1'><ping xmlns='urn:xmpp:ping'/></iq>"));
        }

        private static boolean isFeatures(String text) {
            return text.startsWith("<stream:features") || text.startsWith("<features");
        }
    }
}
