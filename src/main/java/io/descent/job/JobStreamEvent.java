package io.descent.job;

import io.descent.training.EpochMetrics;
import java.time.Instant;

/**
 * A durable event of a job's stream, with the cursor after it: the last transition and the last
 * finished epoch a client has seen ({@code "<event id>:<epoch>"}, the SSE {@code id:}).
 *
 * @param transition the state change, or null for an epoch
 * @param epoch the finished epoch's metrics, or null for a state change
 */
public record JobStreamEvent(long eventId, int epochs, Instant at, JobEvent transition, EpochMetrics epoch) {

    public String cursor() {
        return eventId + ":" + epochs;
    }

    public boolean terminal() {
        return transition != null && transition.getStatus().finished();
    }
}
