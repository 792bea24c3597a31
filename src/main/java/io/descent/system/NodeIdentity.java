package io.descent.system;

import java.net.InetAddress;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * This process's name in job events and the queue: {@code descent.node.name}, or host name and
 * process id when empty, so that two nodes on one machine stay apart.
 */
@ConfigurationProperties("descent.node")
public record NodeIdentity(@DefaultValue("") String name) {

    public NodeIdentity {
        if (name == null || name.isBlank()) {
            name = host() + ":" + ProcessHandle.current().pid();
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
