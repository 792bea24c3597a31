package io.descent.system;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.stereotype.Component;

/**
 * The process's resident memory, which the JVM's own meters cannot show: tensors live in libtorch's
 * native memory, outside the heap, so {@code jvm_memory_*} says nothing of a model that outgrows
 * its node. Resident minus {@code jvm_memory_committed_bytes} is the native share. Read from
 * {@code /proc/self/status} (Linux); elsewhere the gauge reads NaN and Prometheus drops it.
 */
@Component
class ResidentMemoryMetrics implements MeterBinder {

    private static final Path STATUS = Path.of("/proc/self/status");

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("descent.process.resident.memory", ResidentMemoryMetrics::residentBytes).baseUnit("bytes")
                .description("Resident memory of this node's process (heap, native tensors, code); Linux only").register(registry);
    }

    static double residentBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    // "VmRSS:    123456 kB"
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or no procfs: nothing to report.
        }
        return Double.NaN;
    }
}
