package io.descent.training;

/** The job asked for a device this process does not have. */
public class DeviceUnavailableException extends RuntimeException {

    public DeviceUnavailableException(String message) {
        super(message);
    }
}
