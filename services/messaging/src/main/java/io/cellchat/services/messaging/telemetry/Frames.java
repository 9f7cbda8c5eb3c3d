package io.cellchat.services.messaging.telemetry;

import io.cellchat.contracts.v1.ClientFrame;

/** What the logging context and the baggage need to know about a client frame, read without reflection. */
public final class Frames {

    private Frames() {}

    private static final int MAX_LENGTH = 64;

    /**
     * The conversation a frame names, empty when it names none (a new group, a ping, a conversation list) or when
     * what it names cannot be a conversation ID: the value is not validated yet, and it goes into log lines and
     * baggage, so only the characters of conversation IDs pass (the frame itself is refused later, as usual).
     */
    public static String conversationId(ClientFrame frame) {
        String id = named(frame);
        return isSafe(id) ? id : "";
    }

    /** 1 to 64 of {@code [A-Za-z0-9:_-]}; a loop, not a regular expression: it runs for every command. */
    private static boolean isSafe(String id) {
        if (id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean safe = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == ':' || c == '_' || c == '-';
            if (!safe) {
                return false;
            }
        }
        return true;
    }

    private static String named(ClientFrame frame) {
        return switch (frame.getKindCase()) {
            case SEND -> frame.getSend().getConversationId();
            case EDIT -> frame.getEdit().getConversationId();
            case DELETE -> frame.getDelete().getConversationId();
            case REACT -> frame.getReact().getConversationId();
            case RECEIPT -> frame.getReceipt().getConversationId();
            case TYPING -> frame.getTyping().getConversationId();
            case SYNC -> frame.getSync().getConversationId();
            case HISTORY -> frame.getHistory().getConversationId();
            case RENAME_GROUP -> frame.getRenameGroup().getConversationId();
            case ADD_MEMBERS -> frame.getAddMembers().getConversationId();
            case REMOVE_MEMBER -> frame.getRemoveMember().getConversationId();
            case LEAVE_GROUP -> frame.getLeaveGroup().getConversationId();
            case SET_ROLE -> frame.getSetRole().getConversationId();
            default -> "";
        };
    }
}
