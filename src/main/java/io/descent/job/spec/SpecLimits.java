package io.descent.job.spec;

import io.descent.system.MemorySize;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Upper bounds on what one job may ask for, so that a single request cannot occupy a node for
 * days or exhaust its memory.
 *
 * @param maxJobMemory the most a job's estimated memory (parameters, gradients, optimizer state,
 *     activations, its dataset's tensors) may be; unset: half of the machine's physical memory
 * @param maxEnsembleMembers the most models (jobs, kept epochs, study trials) one ensemble request may average
 */
@ConfigurationProperties("descent.limits")
public record SpecLimits(
        @DefaultValue("1000") int maxEpochs,
        @DefaultValue("16") int maxLayers,
        @DefaultValue("8192") int maxUnits,
        @DefaultValue("65536") int maxBatchSize,
        DataSize maxJobMemory,
        @DefaultValue("32") int maxEnsembleMembers) {

    public SpecLimits {
        if (maxJobMemory == null) {
            maxJobMemory = DataSize.ofBytes(MemorySize.halfOfPhysical());
        }
    }
}
