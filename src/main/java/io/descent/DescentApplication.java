package io.descent;

import io.descent.system.DjlOffline;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class DescentApplication {

    public static void main(String[] args) {
        // Before any DJL class loads: the engine would otherwise probe a cloud metadata address.
        DjlOffline.enforce();
        SpringApplication.run(DescentApplication.class, args);
    }
}
