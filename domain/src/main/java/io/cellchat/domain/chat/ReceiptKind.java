package io.cellchat.domain.chat;

public enum ReceiptKind {
    DELIVERED,
    SEEN
}
