package io.descent.system.changes;

/**
 * Where an in-process feed also sends what it publishes, for a process whose changes must reach
 * another process's listeners without PostgreSQL in between: a trainer process of a node's pool on
 * the node's embedded H2 relays to its node, which fans the change out to its stream subscribers.
 */
public interface ChangeRelay {

    void forward(ChangeFeed.Topic topic, String payload);
}
