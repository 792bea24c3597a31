package io.descent.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Whether requests need a key. On loopback only (the default {@code server.address}, 127.0.0.1)
 * nobody but this machine's users can connect, and README's curl examples work without one; bound
 * to any other address, or to all (no address), every API request needs a key.
 */
@Component
public class AccessMode {

    private final boolean keysRequired;
    private final String address;

    AccessMode(AccessProperties properties, Environment environment) {
        this.address = environment.getProperty("server.address", "");
        this.keysRequired = properties.keys() == AccessProperties.KeysMode.REQUIRED || !loopback(address);
    }

    public boolean keysRequired() {
        return keysRequired;
    }

    public String address() {
        return address.isBlank() ? "every interface" : address;
    }

    static boolean loopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
