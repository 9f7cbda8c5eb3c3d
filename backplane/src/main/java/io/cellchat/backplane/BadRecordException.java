package io.cellchat.backplane;

/** A backplane record that does not decode to a valid domain value; the message names the field and the value. */
public final class BadRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BadRecordException(String message) {
        super(message);
    }

    public BadRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
