package io.cellchat.services.history.store.rocksdb;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The byte encoding of keys and values: big-endian fixed-width numbers where keys must sort, unsigned varints
 * elsewhere, strings as a varint length and UTF-8. Small and explicit on purpose: the layout is documented in
 * {@code package-info.java}, and every value starts with a version byte so it can evolve.
 */
final class Bytes {

    private Bytes() {}

    /**
     * Appends fields to a growing array. Not a {@code ByteArrayOutputStream}: its methods are synchronized, one lock
     * per byte of a varint, and the store writer encodes several rows per message.
     */
    static final class Writer {

        private byte[] buffer;
        private int size;

        Writer(int expectedSize) {
            buffer = new byte[Math.max(expectedSize, 16)];
        }

        Writer u8(int value) {
            ensure(1);
            buffer[size++] = (byte) value;
            return this;
        }

        Writer fixed64(long value) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buffer[size++] = (byte) (value >>> shift);
            }
            return this;
        }

        Writer varint(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("varint: " + value + " (expected: >= 0)");
            }
            ensure(10);
            long rest = value;
            while ((rest & ~0x7FL) != 0) {
                buffer[size++] = (byte) ((rest & 0x7F) | 0x80);
                rest >>>= 7;
            }
            buffer[size++] = (byte) rest;
            return this;
        }

        Writer string(String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            varint(bytes.length);
            return raw(bytes);
        }

        /** Raw bytes, no length: for the last part of a key. */
        Writer raw(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buffer, size, bytes.length);
            size += bytes.length;
            return this;
        }

        byte[] bytes() {
            return Arrays.copyOf(buffer, size);
        }

        private void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }
    }

    /** Reads fields in the order they were written. */
    static final class Reader {

        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes) {
            this(bytes, 0);
        }

        Reader(byte[] bytes, int offset) {
            this.bytes = bytes;
            this.position = offset;
        }

        int u8() {
            return bytes[position++] & 0xFF;
        }

        long fixed64() {
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (bytes[position++] & 0xFF);
            }
            return value;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = bytes[position++] & 0xFF;
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalStateException("varint longer than 10 bytes");
        }

        String string() {
            int length = (int) varint();
            String value = new String(bytes, position, length, StandardCharsets.UTF_8);
            position += length;
            return value;
        }

        /** The rest of the array, for the last part of a key. */
        String restAsString() {
            String value = new String(bytes, position, bytes.length - position, StandardCharsets.UTF_8);
            position = bytes.length;
            return value;
        }

        int position() {
            return position;
        }
    }

    /** The smallest key greater than every key that starts with {@code prefix}. */
    static byte[] successor(byte[] prefix) {
        byte[] next = prefix.clone();
        for (int i = next.length - 1; i >= 0; i--) {
            if (next[i] != (byte) 0xFF) {
                next[i]++;
                return java.util.Arrays.copyOf(next, i + 1);
            }
        }
        throw new IllegalArgumentException("no successor of a prefix of only 0xFF bytes");
    }
}
