package io.cellchat.contracts.codec;

import java.io.ByteArrayOutputStream;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/** Byte-level mutations of an encoded frame: (operation, position, byte) triples applied in order. */
final class Mutations {

    private static final int REPLACE = 0;
    private static final int INSERT = 1;
    private static final int DELETE = 2;
    private static final int FLIP = 3;

    private Mutations() {}

    static Arbitrary<List<Tuple.Tuple3<Integer, Integer, Byte>>> arbitrary() {
        return Arbitraries.integers().between(0, 3)
                .flatMap(op -> Arbitraries.integers().between(0, 4096)
                        .flatMap(at -> Arbitraries.bytes().map(b -> Tuple.of(op, at, b))))
                .list().ofMinSize(1).ofMaxSize(4);
    }

    static byte[] apply(byte[] original, List<Tuple.Tuple3<Integer, Integer, Byte>> mutations) {
        byte[] bytes = original;
        for (Tuple.Tuple3<Integer, Integer, Byte> mutation : mutations) {
            if (bytes.length == 0) {
                return bytes;
            }
            int at = mutation.get2() % bytes.length;
            byte value = mutation.get3();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            switch (mutation.get1()) {
                case REPLACE -> {
                    bytes = bytes.clone();
                    bytes[at] = value;
                    continue;
                }
                case FLIP -> {
                    bytes = bytes.clone();
                    bytes[at] ^= (byte) (1 << (value & 7));
                    continue;
                }
                case INSERT -> {
                    out.write(bytes, 0, at);
                    out.write(value);
                    out.write(bytes, at, bytes.length - at);
                }
                case DELETE -> {
                    out.write(bytes, 0, at);
                    out.write(bytes, at + 1, bytes.length - at - 1);
                }
                default -> throw new IllegalArgumentException("operation " + mutation.get1());
            }
            bytes = out.toByteArray();
        }
        return bytes;
    }
}
