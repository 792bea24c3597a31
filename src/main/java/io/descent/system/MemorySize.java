package io.descent.system;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/** Memory amounts as limits start from and as people read them. */
public final class MemorySize {

    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB"};

    private MemorySize() {}

    /** Half of this machine's physical memory: the default share one job or dataset may take (tensors live outside the Java heap). */
    public static long halfOfPhysical() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize() / 2;
        }
        // Without the JDK's extension, the heap limit is the only figure the JVM has.
        return Runtime.getRuntime().maxMemory();
    }

    /** E.g. "18.9 GB", in the units of Spring's {@code DataSize} settings (1 GB = 1024³ bytes). */
    public static String describe(long bytes) {
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
