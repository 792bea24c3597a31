package io.descent.job.web;

import io.descent.job.JobFeed;
import io.descent.job.JobService;
import io.descent.job.JobSnapshot;
import io.descent.job.JobStreamEvent;
import io.descent.system.SseClient;
import io.descent.training.Progress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent event streams of jobs. One channel per streamed job on this node, however many
 * clients watch it: a change is read from the database once per channel and fanned out to its
 * subscribers. Changes and progress arrive through {@link JobFeed} from every node at once
 * (PostgreSQL's {@code LISTEN/NOTIFY} across nodes); as a safety net against a notification lost
 * on its way, one version query over every streamed job runs each
 * {@code descent.api.stream-poll-interval}. Each durable event carries the
 * cursor after it as its {@code id:}; a client reconnecting with {@code Last-Event-ID} gets exactly
 * the events after it. Progress events carry the cursor of the last durable event (resuming from
 * one loses nothing).
 */
@Component
class JobStreams implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JobStreams.class);

    private final JobService jobs;
    private final tools.jackson.databind.json.JsonMapper json;
    private final Duration timeout;
    private final Map<UUID, Channel> channels = new ConcurrentHashMap<>();
    /** Reads and sends off the committing and training threads. */
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "job-streams");
        t.setDaemon(true);
        return t;
    });

    JobStreams(JobService jobs, JobFeed feed, tools.jackson.databind.json.JsonMapper json,
            @Value("${descent.api.stream-timeout:6h}") Duration timeout) {
        this.jobs = jobs;
        this.json = json;
        this.timeout = timeout;
        feed.listen(new JobFeed.Listener() {
            @Override
            public void changed(UUID jobId, Progress progress) {
                Channel channel = channels.get(jobId);
                if (channel != null) {
                    executor.execute(() -> {
                        if (progress == null) {
                            channel.refresh();
                        } else {
                            channel.progress(progress);
                        }
                    });
                }
            }

            @Override
            public void missed() {
                channels.values().forEach(channel -> executor.execute(channel::refresh));
            }
        });
    }

    /**
     * A stream of the job from just after {@code lastEventId} (from its submission when null).
     *
     * @throws io.descent.job.JobNotFoundException when there is no such job
     * @throws io.descent.system.InvalidParameterException when the cursor is not one this stream wrote
     */
    SseEmitter subscribe(UUID id, String lastEventId) {
        long[] cursor = parse(lastEventId);
        JobSnapshot job = jobs.get(id);
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        Subscriber subscriber = new Subscriber(emitter, cursor[0], (int) cursor[1]);
        Channel channel;
        do {
            // A channel removed (its last subscriber gone) between the lookup and the add takes no one.
            channel = channels.computeIfAbsent(id, k -> new Channel(id, job.totalEpochs()));
        } while (!channel.add(subscriber));
        Channel joined = channel;
        emitter.onCompletion(() -> joined.remove(subscriber));
        emitter.onTimeout(() -> joined.remove(subscriber));
        emitter.onError(e -> joined.remove(subscriber));
        return emitter;
    }

    private static long[] parse(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return new long[] {0, 0};
        }
        String[] parts = lastEventId.strip().split(":");
        try {
            if (parts.length == 2) {
                long event = Long.parseLong(parts[0]);
                long epoch = Long.parseLong(parts[1]);
                if (event >= 0 && epoch >= 0 && epoch <= Integer.MAX_VALUE) {
                    return new long[] {event, epoch};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new io.descent.system.InvalidParameterException("Last-Event-ID", "\"Last-Event-ID\" is the id: of an event this stream sent,"
                + " \"<event>:<epoch>\" such as \"12:3\"; got \"" + (lastEventId.length() > 40 ? lastEventId.substring(0, 40) + "..." : lastEventId)
                + "\". Leave it out to stream from the start.");
    }

    /** The safety net: one query for the versions of every streamed job, for a change whose notification was lost. */
    @Scheduled(fixedDelayString = "${descent.api.stream-poll-interval:10s}")
    void poll() {
        if (channels.isEmpty()) {
            return;
        }
        try {
            Map<UUID, Long> versions = jobs.versions(List.copyOf(channels.keySet()));
            channels.forEach((id, channel) -> {
                Long version = versions.get(id);
                if (version == null || version != channel.version) {
                    channel.version = version == null ? -1 : version;
                    executor.execute(channel::refresh);
                }
            });
        } catch (RuntimeException e) {
            log.debug("Stream poll failed; the next one tries again", e);
        }
    }

    /** Comments keep proxies and load balancers from closing idle streams. */
    @Scheduled(fixedDelayString = "${descent.api.stream-heartbeat:15s}")
    void heartbeat() {
        channels.values().forEach(Channel::heartbeat);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        channels.values().forEach(Channel::closeAll);
    }

    /**
     * The subscribers of one job on this node, how far the channel has read, and every event it
     * read, rendered: a new subscriber is replayed from memory (no query, no rendering), however
     * many arrive at once.
     */
    private final class Channel {
        private final UUID jobId;
        private final int totalEpochs;
        private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
        /** The events read since the cursor of the channel's first subscriber ({@link #fromEvent}, {@link #fromEpoch}). */
        private final List<Sent> history = new java.util.ArrayList<>();
        private long fromEvent = -1;
        private int fromEpoch;
        private long eventId;
        private int epochs;
        private boolean ended;
        private boolean removed;
        private volatile long version = -1;

        Channel(UUID jobId, int totalEpochs) {
            this.jobId = jobId;
            this.totalEpochs = totalEpochs;
        }

        /**
         * Replays to the new subscriber what it has not seen and adds it, under the channel's lock:
         * no change slips between, since the channel only moves on under it. Events committed but
         * not yet read here arrive with the feed's next refresh, which every subscriber gets.
         *
         * @return false when the channel was removed meanwhile: subscribe to its successor
         */
        synchronized boolean add(Subscriber subscriber) {
            if (removed) {
                return false;
            }
            boolean finished = false;
            if (fromEvent < 0 || subscriber.eventId > eventId || subscriber.epochs > epochs) {
                // The first subscriber (the channel reads from its cursor on), or one that has seen
                // more than the channel has read: read now. The status is read first, so that a job
                // that had ended by then has its terminal event in this read, unless it was seen.
                finished = jobs.get(jobId).status().finished();
                if (fromEvent < 0) {
                    fromEvent = eventId = subscriber.eventId;
                    fromEpoch = epochs = subscriber.epochs;
                }
                catchUp();
            }
            if (subscriber.eventId >= fromEvent && subscriber.epochs >= fromEpoch) {
                history.forEach(e -> subscriber.send(e.event(), e.data()));
            } else {
                // From further back than the channel holds: read for this one.
                for (JobStreamEvent event : jobs.streamSince(jobId, subscriber.eventId, subscriber.epochs)) {
                    subscriber.send(event, render(event));
                }
            }
            if (ended || finished) {
                // It saw the end before it reconnected: nothing will follow.
                subscriber.client.complete();
            }
            if (!subscriber.done()) {
                subscribers.add(subscriber);
            }
            return true;
        }

        synchronized void refresh() {
            if (subscribers.isEmpty()) {
                remove();
                return;
            }
            catchUp();
            if (subscribers.isEmpty()) {
                remove();
            }
        }

        private void remove() {
            removed = true;
            channels.remove(jobId, this);
        }

        /** One read of what changed since the channel's cursor, kept and sent to every subscriber (each skips what it has seen). */
        private void catchUp() {
            for (JobStreamEvent event : jobs.streamSince(jobId, eventId, epochs)) {
                advance(event);
                // Rendered once, sent to every subscriber and kept for later ones.
                Sent sent = new Sent(event, render(event));
                history.add(sent);
                ended |= event.terminal();
                for (Subscriber s : subscribers) {
                    s.send(event, sent.data());
                }
            }
            subscribers.removeIf(Subscriber::done);
        }

        synchronized void progress(Progress p) {
            double eta = ((p.batches() - p.batch()) + (long) (totalEpochs - p.epoch()) * p.batches()) * p.secondsPerBatch();
            String data = json.writeValueAsString(new ProgressView(p.epoch(), p.batch(), p.batches(), p.runningLoss(), p.samplesPerSecond(), eta));
            String cursor = eventId + ":" + epochs;
            subscribers.forEach(s -> s.client.send(cursor, "progress", data));
            subscribers.removeIf(Subscriber::done);
        }

        private String render(JobStreamEvent event) {
            return json.writeValueAsString(event.transition() != null ? JobEventView.of(event.transition()) : EpochMetricsView.of(event.epoch()));
        }

        private void advance(JobStreamEvent event) {
            eventId = Math.max(eventId, event.eventId());
            epochs = Math.max(epochs, event.epochs());
        }

        void remove(Subscriber subscriber) {
            subscriber.client.forget();
            subscribers.remove(subscriber);
        }

        void heartbeat() {
            subscribers.forEach(s -> s.client.heartbeat());
            subscribers.removeIf(Subscriber::done);
        }

        void closeAll() {
            subscribers.forEach(s -> s.client.complete());
        }
    }

    private record Sent(JobStreamEvent event, String data) {}

    /** One client and what it has seen. */
    private static final class Subscriber {
        private final SseClient client;
        private long eventId;
        private int epochs;

        Subscriber(SseEmitter emitter, long eventId, int epochs) {
            this.client = new SseClient(emitter);
            this.eventId = eventId;
            this.epochs = epochs;
        }

        boolean done() {
            return client.done();
        }

        /** Sends the event unless this client has seen it; the terminal one ends the stream. */
        synchronized void send(JobStreamEvent event, String data) {
            boolean seen = event.transition() != null ? event.eventId() <= eventId : event.epochs() <= epochs;
            if (client.done() || seen) {
                return;
            }
            eventId = Math.max(eventId, event.eventId());
            epochs = Math.max(epochs, event.epochs());
            if (client.send(event.cursor(), event.transition() != null ? "state" : "epoch", data) && event.terminal()) {
                client.complete();
            }
        }
    }

    /**
     * @param etaSeconds until the job's last epoch ends, at this epoch's pace (validation excluded)
     */
    record ProgressView(int epoch, int batch, int batches, double runningLoss, double samplesPerSecond, double etaSeconds) {}
}
