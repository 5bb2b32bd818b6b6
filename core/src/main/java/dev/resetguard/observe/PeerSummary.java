package dev.resetguard.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.resetguard.forensics.ResetCause;
import org.jspecify.annotations.Nullable;

/**
 * What the health indicator and the resets endpoint report about one peer: its statistics over the
 * window, its status against the thresholds, the idle timeout learned for it and one line of
 * advice. Immutable.
 *
 * @param peer the peer as {@code host:port}, or {@code other} for every peer beyond the limit
 * @param status the peer's status
 * @param calls calls that finished in the window
 * @param resets resets seen in the window
 * @param ratio resets per call in the window, 0 without calls
 * @param dominantCause the cause of most resets in the window, {@code null} without resets
 * @param causes the resets in the window by likely cause
 * @param lastReset when the peer was last reset, {@code null} if never
 * @param learnedIdleTimeout the idle timeout learned for the peer, {@code null} if none
 * @param advice one line of advice, {@code null} without resets in the window
 */
public record PeerSummary(String peer, PeerStatus status, long calls, long resets, double ratio,
		@Nullable ResetCause dominantCause, Map<ResetCause, Long> causes, @Nullable Instant lastReset,
		@Nullable Duration learnedIdleTimeout, @Nullable String advice) {

}
