package io.descent.system.changes;

import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** PostgreSQL's {@code LISTEN/NOTIFY} when the database is PostgreSQL (several nodes may share it), in process otherwise. */
@Configuration
class ChangeFeedConfiguration {

    @Bean
    ChangeFeed changeFeed(ObjectProvider<DataSourceProperties> properties, DataSource dataSource, ObjectProvider<ChangeRelay> relay) {
        DataSourceProperties p = properties.getIfAvailable();
        String url = p == null ? null : p.determineUrl();
        if (url != null && url.startsWith("jdbc:postgresql:")) {
            return new PostgresChangeFeed(url, p.determineUsername(), p.determinePassword(), dataSource);
        }
        return new LocalChangeFeed(relay.getIfAvailable());
    }
}
