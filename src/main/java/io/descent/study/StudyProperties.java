package io.descent.study;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code descent.studies.*}.
 *
 * @param maxTrials trials one study may run, repeats included
 * @param maxConcurrentTrials the highest {@code maxConcurrentTrials} a study may ask for
 * @param maxTrialEpochs the most epochs a stage may give its trials
 * @param sweepInterval how often each node advances the studies in progress, catching up on any
 *     trial end whose immediate advance was lost (a node killed just after the trial committed)
 */
@ConfigurationProperties("descent.studies")
public record StudyProperties(@DefaultValue("1000") int maxTrials, @DefaultValue("64") int maxConcurrentTrials,
        @DefaultValue("10000") int maxTrialEpochs, @DefaultValue("5s") Duration sweepInterval) {}
