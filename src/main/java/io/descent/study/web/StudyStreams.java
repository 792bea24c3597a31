package io.descent.study.web;

import io.descent.job.JobFeed;
import io.descent.study.StudyFeed;
import io.descent.study.StudyLive;
import io.descent.study.StudyNotFoundException;
import io.descent.study.StudyService;
import io.descent.study.StudySnapshot;
import io.descent.system.SseClient;
import io.descent.training.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent event streams of studies. A study's events are derived, not stored: each channel
 * (one per streamed study on this node) keeps the study as it last read it, reads it again when
 * one of its trials or the study row changes (the job and study feeds, from every node), and sends
 * the differences. So every connection starts with a {@code snapshot} of the whole study, and a
 * reconnecting client is brought up to date by that snapshot instead of a replay: nothing is lost
 * between, and what it saw before is superseded, not repeated.
 */
@Component
class StudyStreams implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StudyStreams.class);

    private final StudyService studies;
    private final tools.jackson.databind.json.JsonMapper json;
    private final Duration timeout;
    private final Map<UUID, Channel> channels = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "study-streams");
        t.setDaemon(true);
        return t;
    });

    StudyStreams(StudyService studies, JobFeed jobFeed, StudyFeed studyFeed, tools.jackson.databind.json.JsonMapper json,
            @Value("${descent.api.stream-timeout:6h}") Duration timeout) {
        this.studies = studies;
        this.json = json;
        this.timeout = timeout;
        jobFeed.listen(new JobFeed.Listener() {
            @Override
            public void changed(UUID jobId, Progress progress) {
                if (progress == null) {
                    channels.values().stream().filter(c -> c.trialJobs.contains(jobId)).forEach(Channel::requestRefresh);
                }
            }

            @Override
            public void missed() {
                channels.values().forEach(Channel::requestRefresh);
            }
        });
        studyFeed.listen(new StudyFeed.Listener() {
            @Override
            public void changed(UUID studyId) {
                Channel channel = channels.get(studyId);
                if (channel != null) {
                    channel.requestRefresh();
                }
            }

            @Override
            public void missed() {
                channels.values().forEach(Channel::requestRefresh);
            }
        });
    }

    /** @throws StudyNotFoundException when there is no such study */
    SseEmitter subscribe(UUID id) {
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        SseClient subscriber = new SseClient(emitter);
        Channel channel;
        do {
            // A channel removed (its last subscriber gone) between the lookup and the add takes no one.
            channel = channels.computeIfAbsent(id, Channel::new);
        } while (!channel.add(subscriber));
        Channel joined = channel;
        emitter.onCompletion(() -> joined.remove(subscriber));
        emitter.onTimeout(() -> joined.remove(subscriber));
        emitter.onError(e -> joined.remove(subscriber));
        return emitter;
    }

    /** The safety net for a notification lost on its way: every streamed study is read again. */
    @Scheduled(fixedDelayString = "${descent.api.stream-poll-interval:10s}")
    void poll() {
        channels.values().forEach(Channel::requestRefresh);
    }

    @Scheduled(fixedDelayString = "${descent.api.stream-heartbeat:15s}")
    void heartbeat() {
        channels.values().forEach(Channel::heartbeat);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        channels.values().forEach(Channel::closeAll);
    }

    /** One streamed study on this node: the study as its subscribers last saw it. */
    private final class Channel {
        private final UUID studyId;
        private final List<SseClient> subscribers = new CopyOnWriteArrayList<>();
        private final AtomicBoolean refreshPending = new AtomicBoolean();
        /** The trials' job ids, for the job feed's filter. */
        private volatile Set<UUID> trialJobs = Set.of();
        private StudyLive last;
        private long sequence;
        private boolean removed;

        Channel(UUID studyId) {
            this.studyId = studyId;
        }

        /** Coalesces a burst of changes (many trials ending at once) into one read. */
        void requestRefresh() {
            if (refreshPending.compareAndSet(false, true)) {
                executor.execute(() -> {
                    refreshPending.set(false);
                    refresh();
                });
            }
        }

        /**
         * Reads the study under the channel's lock (so no read can overtake another), brings the
         * current subscribers up to it, and starts the new one with its snapshot.
         *
         * @return false when the channel was removed meanwhile: subscribe to its successor
         * @throws StudyNotFoundException when there is no such study (or it is another key's)
         */
        synchronized boolean add(SseClient subscriber) {
            if (removed) {
                return false;
            }
            StudyLive now = studies.live(studyId);
            publish(now);
            subscriber.send(Long.toString(++sequence), "snapshot", json.writeValueAsString(new SnapshotView(StudyView.of(now.study()),
                    now.trials().stream().map(TrialView::of).toList())));
            if (now.study().status().finished()) {
                subscriber.complete();
            } else {
                subscribers.add(subscriber);
            }
            return true;
        }

        synchronized void refresh() {
            if (subscribers.isEmpty()) {
                remove();
                return;
            }
            StudyLive now;
            try {
                now = studies.live(studyId);
            } catch (StudyNotFoundException deleted) {
                closeAll();
                remove();
                return;
            } catch (RuntimeException e) {
                log.debug("Study {}: stream read failed; the next change or poll reads again", studyId, e);
                return;
            }
            publish(now);
            if (now.study().status().finished()) {
                closeAll();
                remove();
            }
        }

        private void remove() {
            removed = true;
            channels.remove(studyId, this);
        }

        /** Sends what changed since the last read to the current subscribers, and keeps the new read. */
        private void publish(StudyLive now) {
            if (last != null) {
                for (String[] event : differences(last, now)) {
                    long id = ++sequence;
                    subscribers.forEach(s -> s.send(Long.toString(id), event[0], event[1]));
                }
                subscribers.removeIf(SseClient::done);
            }
            last = now;
            trialJobs = now.trials().stream().map(t -> t.trial().job()).collect(Collectors.toUnmodifiableSet());
        }

        private List<String[]> differences(StudyLive before, StudyLive after) {
            List<String[]> events = new ArrayList<>();
            Map<Integer, StudyLive.Series> old = new HashMap<>();
            before.trials().forEach(t -> old.put(t.trial().trial(), t));
            for (StudyLive.Series s : after.trials()) {
                for (String change : changes(old.get(s.trial().trial()), s)) {
                    events.add(new String[] {"trial", json.writeValueAsString(TrialChange.of(s, change))});
                }
            }
            StudySnapshot a = before.study();
            StudySnapshot b = after.study();
            if (b.best() != null && !Objects.equals(a.best(), b.best())) {
                events.add(new String[] {"best", json.writeValueAsString(b.best())});
            }
            if (a.stage() != b.stage()) {
                events.add(new String[] {"stage", json.writeValueAsString(new StageView(b.stage(), b.stages()))});
            }
            if (a.status() != b.status()) {
                events.add(new String[] {"state", json.writeValueAsString(new StateView(b.status().name(), b.error()))});
            }
            return events;
        }

        void remove(SseClient subscriber) {
            subscriber.forget();
            subscribers.remove(subscriber);
        }

        void heartbeat() {
            subscribers.forEach(SseClient::heartbeat);
            subscribers.removeIf(SseClient::done);
        }

        void closeAll() {
            subscribers.forEach(SseClient::complete);
            subscribers.clear();
        }
    }

    /** What happened to a trial between two reads, in the order it happened. */
    static List<String> changes(StudyLive.Series before, StudyLive.Series after) {
        String was = before == null ? null : before.trial().status();
        String is = after.trial().status();
        List<String> out = new ArrayList<>();
        if (before == null) {
            // Created since the last read (it may have started, even ended, by now).
            out.add("queued");
        }
        // Started since the last read; or started and ended between two reads (it trained epochs).
        boolean ranBetween = (was == null || "QUEUED".equals(was)) && !"QUEUED".equals(is) && !"RUNNING".equals(is) && after.trial().epochs() > 0;
        if (("RUNNING".equals(is) && !is.equals(was)) || ranBetween) {
            out.add("started");
        }
        if (before != null && "QUEUED".equals(is) && !"QUEUED".equals(was)) {
            // Put back on the queue (its node was lost; it resumes from its checkpoint).
            out.add("queued");
        }
        if (after.values().size() > (before == null ? 0 : before.values().size())) {
            out.add("epoch");
        }
        if (!is.equals(was)) {
            switch (is) {
                case "PRUNED" -> out.add("pruned");
                case "SUCCEEDED" -> out.add("finished");
                case "FAILED" -> out.add("failed");
                case "CANCELLED" -> out.add("cancelled");
                default -> {
                    // QUEUED and RUNNING are covered above.
                }
            }
        }
        return out;
    }

    record SnapshotView(StudyView study, List<TrialView> trials) {}

    /** A trial with its curve: the fields of {@code GET /studies/{id}/trials} and {@code values}. */
    record TrialView(UUID job, int trial, int stage, String status, Map<String, Object> params, Double objective, int epochs,
            String stopReason, String error, List<Double> values) {
        static TrialView of(StudyLive.Series s) {
            StudySnapshot.Trial t = s.trial();
            return new TrialView(t.job(), t.trial(), t.stage(), t.status(), t.params(), t.objective(), t.epochs(), t.stopReason(), t.error(),
                    s.values());
        }
    }

    /** @param change queued, started, epoch, pruned, finished, failed or cancelled */
    record TrialChange(UUID job, int trial, int stage, String status, Map<String, Object> params, Double objective, int epochs,
            String stopReason, String error, List<Double> values, String change) {
        static TrialChange of(StudyLive.Series s, String change) {
            StudySnapshot.Trial t = s.trial();
            return new TrialChange(t.job(), t.trial(), t.stage(), t.status(), t.params(), t.objective(), t.epochs(), t.stopReason(), t.error(),
                    s.values(), change);
        }
    }

    record StageView(int stage, List<StudySnapshot.Stage> stages) {}

    record StateView(String status, String error) {}
}
