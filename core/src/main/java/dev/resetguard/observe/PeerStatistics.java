package dev.resetguard.observe;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import dev.resetguard.forensics.ResetCause;
import org.jspecify.annotations.Nullable;

/**
 * The calls and resets of one peer over the statistics window, as counted when the snapshot was
 * taken. Immutable.
 *
 * @param peer the peer as {@code host:port}, or {@code other} for every peer beyond the limit
 * @param calls calls that finished in the window
 * @param resets resets seen in the window
 * @param causes the resets by likely cause, only causes that were seen
 * @param lastReset when the peer was last reset, even before the window; {@code null} if never
 */
public record PeerStatistics(String peer, long calls, long resets, Map<ResetCause, Long> causes,
		@Nullable Instant lastReset) {

	/**
	 * Create statistics, keeping an unmodifiable copy of the causes.
	 * @param peer the peer
	 * @param calls calls that finished in the window
	 * @param resets resets seen in the window
	 * @param causes the resets by likely cause
	 * @param lastReset when the peer was last reset, {@code null} if never
	 */
	public PeerStatistics {
		causes = causes.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(causes));
	}

	/**
	 * Return the resets per call in the window. A call retried after resets counts once and each of
	 * its resets counts, so the ratio exceeds 1 when calls are reset several times.
	 * @return resets divided by calls, or 0 when there was no call
	 */
	public double ratio() {
		return (this.calls > 0) ? (double) this.resets / this.calls : 0;
	}

	/**
	 * Return the cause of most resets in the window; on a tie, the more specific cause (earlier in
	 * {@link ResetCause}) wins.
	 * @return the dominant cause, {@code null} when the window holds no reset
	 */
	public @Nullable ResetCause dominantCause() {
		ResetCause dominant = null;
		long most = 0;
		for (Map.Entry<ResetCause, Long> entry : this.causes.entrySet()) {
			if (entry.getValue() > most) {
				most = entry.getValue();
				dominant = entry.getKey();
			}
		}
		return dominant;
	}

	/**
	 * Return whether the window holds any call or reset.
	 * @return whether the peer was active in the window
	 */
	public boolean isActive() {
		return this.calls > 0 || this.resets > 0;
	}

}
