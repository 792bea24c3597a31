package io.descent.system;

/**
 * Keeps DJL off the network. DJL reads the {@code DJL_OFFLINE} environment variable first and the
 * {@code ai.djl.offline} property second, so the container and Surefire set the variable and
 * {@code main} sets the property; {@code OPT_OUT_TRACKING} also stops its telemetry call.
 */
public final class DjlOffline {

    private DjlOffline() {}

    public static void enforce() {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
    }
}
