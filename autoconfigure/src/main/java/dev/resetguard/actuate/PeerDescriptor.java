package dev.resetguard.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.resetguard.forensics.ResetCause;
import dev.resetguard.observe.PeerSummary;
import org.jspecify.annotations.Nullable;

import org.springframework.lang.Contract;

/**
 * How the health indicator and the resets endpoint show one peer: its window statistics, status,
 * learned idle timeout and advice, with the contract's tag values for causes.
 *
 * @param status {@code UP}, {@code DEGRADED} or {@code DOWN}
 * @param calls calls that finished in the window
 * @param resets resets seen in the window
 * @param ratio resets per call in the window, rounded to four decimals; {@code null} without calls
 * @param dominantCause the cause of most resets in the window; {@code null} without resets
 * @param causes the resets in the window by cause
 * @param lastReset when the peer was last reset; {@code null} if never
 * @param learnedIdleTimeout the idle timeout learned for the peer, to the millisecond; {@code null} if none
 * @param advice one line of advice; {@code null} without resets in the window
 */
public record PeerDescriptor(String status, long calls, long resets, @Nullable Double ratio,
		@Nullable String dominantCause, Map<String, Long> causes, @Nullable Instant lastReset,
		@Nullable Duration learnedIdleTimeout, @Nullable String advice) {

	private static final double RATIO_SCALE = 10_000;

	/**
	 * Describe a peer.
	 * @param summary the peer's summary
	 * @return the descriptor
	 */
	public static PeerDescriptor of(PeerSummary summary) {
		Map<String, Long> causes = new LinkedHashMap<>();
		summary.causes().forEach((cause, count) -> causes.put(cause.tagValue(), count));
		Double ratio = (summary.calls() > 0) ? Math.round(summary.ratio() * RATIO_SCALE) / RATIO_SCALE : null;
		ResetCause dominant = summary.dominantCause();
		return new PeerDescriptor(summary.status().name(), summary.calls(), summary.resets(), ratio,
				(dominant != null) ? dominant.tagValue() : null, causes, summary.lastReset(),
				toMillis(summary.learnedIdleTimeout()), summary.advice());
	}

	/**
	 * Return a duration truncated to the millisecond, as a person reads it: {@code PT4.214S}, not
	 * {@code PT4.214198134S}.
	 * @param duration the duration
	 * @return the truncated duration, {@code null} for a {@code null} duration
	 */
	@Contract("null -> null; !null -> !null")
	static @Nullable Duration toMillis(@Nullable Duration duration) {
		return (duration != null) ? Duration.ofMillis(duration.toMillis()) : null;
	}

	/**
	 * Describe several peers, keyed by peer in the order given.
	 * @param summaries the peers' summaries
	 * @return the descriptors by peer
	 */
	public static Map<String, PeerDescriptor> byPeer(List<PeerSummary> summaries) {
		Map<String, PeerDescriptor> peers = new LinkedHashMap<>();
		summaries.forEach((summary) -> peers.put(summary.peer(), of(summary)));
		return peers;
	}

}
