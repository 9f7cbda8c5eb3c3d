package io.cellchat.domain.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

class PartitionHashTest {

    @Test
    void should_agree_with_the_kafka_default_partitioner_for_any_user() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            long userId = random.nextLong();
            int partitions = 1 + random.nextInt(512);
            byte[] key = PartitionHash.key(userId);

            assertThat(PartitionHash.murmur2(key)).isEqualTo(Utils.murmur2(key));
            assertThat(PartitionHash.partitionOf(userId, partitions))
                    .isEqualTo(Utils.toPositive(Utils.murmur2(key)) % partitions);
        }
    }

    @Test
    void should_match_the_documented_test_vectors() {
        // The same vectors are listed in docs/design/ids.md for other languages.
        assertThat(PartitionHash.murmur2(PartitionHash.key(0))).isEqualTo(0xe0d75103);
        assertThat(PartitionHash.murmur2(PartitionHash.key(1))).isEqualTo(0x7d32dfac);
        assertThat(PartitionHash.partitionOf(1, 16)).isEqualTo(12);
        assertThat(PartitionHash.partitionOf(1, 64)).isEqualTo(44);
        assertThat(PartitionHash.partitionOf(42, 64)).isZero();
        assertThat(PartitionHash.partitionOf(1234567890123L, 64)).isEqualTo(12);
        assertThat(PartitionHash.partitionOf(Long.MAX_VALUE, 16)).isEqualTo(8);
        assertThat(PartitionHash.key(0x0102030405060708L)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void should_reject_a_partition_count_below_one() {
        assertThatThrownBy(() -> PartitionHash.partitionOf(1, 0)).hasMessage("partitionCount: 0 (expected: >= 1)");
    }
}
