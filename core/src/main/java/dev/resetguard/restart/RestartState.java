package dev.resetguard.restart;

import java.time.Instant;

/**
 * What is known about a peer that is restarting, for health details and the actuator endpoint.
 *
 * @param peer the peer as {@code host:port}
 * @param restartingSince when the restart was detected
 * @param waitingCalls calls currently waiting for the peer to accept connections again
 * @param probes probe connections tried so far
 */
public record RestartState(String peer, Instant restartingSince, int waitingCalls, int probes) {

}
