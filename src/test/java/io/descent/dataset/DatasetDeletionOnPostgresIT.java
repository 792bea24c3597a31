package io.descent.dataset;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link DatasetDeletionTest} on a real PostgreSQL server: its row locks (select ... for no key update) behave as H2's. */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DatasetDeletionOnPostgresIT extends DatasetDeletionTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry properties) {
        EmbeddedPostgres postgres = start();
        // Stopped when the JVM exits, after the test's context (closed after the class) has let go of it.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (IOException ignored) {
                // the process goes with the JVM
            }
        }));
        properties.add("spring.datasource.url", () -> postgres.getJdbcUrl("postgres", "postgres"));
        properties.add("spring.datasource.username", () -> "postgres");
        properties.add("spring.datasource.password", () -> "");
    }

    private static EmbeddedPostgres start() {
        try {
            return EmbeddedPostgres.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
