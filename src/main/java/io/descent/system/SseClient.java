package io.descent.system;

import java.io.IOException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One client of a server-sent event stream: a send to a client that went away forgets it (no
 * exception leaves), heartbeat comments, and a completion said once. Thread-safe: an emitter must
 * not be written from two threads at once, so every write holds this object's lock.
 */
public final class SseClient {

    private final SseEmitter emitter;
    private volatile boolean done;

    public SseClient(SseEmitter emitter) {
        this.emitter = emitter;
    }

    /** Whether the stream is over for this client (it went away, or it was completed). */
    public boolean done() {
        return done;
    }

    /** @return false when the client is gone (now or before) */
    public synchronized boolean send(String id, String name, String data) {
        return !done && emit(SseEmitter.event().id(id).name(name).data(data));
    }

    /** A comment: keeps proxies and load balancers from closing an idle stream. */
    public synchronized void heartbeat() {
        if (!done) {
            emit(SseEmitter.event().comment("heartbeat"));
        }
    }

    /** Ends the stream (the client's EventSource reconnects unless it knows the stream is over). */
    public synchronized void complete() {
        if (!done) {
            done = true;
            emitter.complete();
        }
    }

    /** The container ended the stream (timeout, error, completion): nothing more is written. */
    public void forget() {
        done = true;
    }

    private boolean emit(SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
            return true;
        } catch (IOException | IllegalStateException e) {
            // The client went away (or the emitter completed): forget it.
            done = true;
            return false;
        }
    }
}
