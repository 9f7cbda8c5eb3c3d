package io.cellchat.services.history.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The field encoding of the store's keys and values: exact bytes, growth past the expected size, round trips. */
class BytesTest {

    @Test
    void should_write_the_documented_bytes_for_each_field() {
        byte[] bytes = new Bytes.Writer(1).u8(1).fixed64(0x0102030405060708L).varint(300).string("é").raw(new byte[] {9})
                .bytes();

        assertThat(bytes).containsExactly(1, 1, 2, 3, 4, 5, 6, 7, 8, 0xAC - 256, 0x02, 2, 0xC3 - 256, 0xA9 - 256, 9);
    }

    @Test
    void should_grow_past_the_expected_size_and_read_every_field_back() {
        String text = "x".repeat(5_000) + "🙂";
        Bytes.Writer writer = new Bytes.Writer(4);
        for (int i = 0; i < 100; i++) {
            writer.varint(Long.MAX_VALUE - i).u8(i);
        }
        byte[] bytes = writer.string(text).fixed64(-1).bytes();

        Bytes.Reader in = new Bytes.Reader(bytes);
        for (int i = 0; i < 100; i++) {
            assertThat(in.varint()).isEqualTo(Long.MAX_VALUE - i);
            assertThat(in.u8()).isEqualTo(i);
        }
        assertThat(in.string()).isEqualTo(text);
        assertThat(in.fixed64()).isEqualTo(-1);
    }

    @Test
    void should_refuse_a_negative_varint() {
        assertThatThrownBy(() -> new Bytes.Writer(8).varint(-1)).hasMessage("varint: -1 (expected: >= 0)");
    }
}
