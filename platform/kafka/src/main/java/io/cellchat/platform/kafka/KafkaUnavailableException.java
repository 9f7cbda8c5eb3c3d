package io.cellchat.platform.kafka;

/** The Kafka cluster did not answer in time: retriable, the caller waits or reports the engine as not ready. */
public final class KafkaUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
