package io.cellchat.testing.engines;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks an integration test class that uses real engines. Declare a parameter of type {@link KafkaNamespace},
 * {@link CassandraNamespace}, {@link PostgresNamespace} or {@link RedisNamespace} (in a constructor, a
 * {@code @BeforeAll} method or a test method) and the engine starts, once per run, and hands the class a clean
 * namespace of its own. Tagged {@code integration}; each test times out after 5 minutes.
 *
 * <pre>{@code
 * @EngineTest
 * class HistoryStoreIT {
 *     @Test
 *     void should_read_back_what_it_wrote(CassandraNamespace cassandra) { ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("integration")
@Timeout(300)
@ExtendWith(EngineExtension.class)
public @interface EngineTest {}
