package io.cellchat.domain.chat;

public enum ConversationKind {
    DIRECT,
    GROUP
}
