package dev.resetguard.observe;

import java.time.Duration;

import dev.resetguard.forensics.ResetCause;
import org.jspecify.annotations.Nullable;

/**
 * One line of advice about a peer's resets, derived from its dominant cause and, for stale
 * connections, from the idle timeout learned for it: what most likely happens and what to change.
 */
final class ResetAdvice {

	private ResetAdvice() {
	}

	/**
	 * Return advice about a peer's resets.
	 * @param statistics the peer's statistics
	 * @param learnedIdleTimeout the idle timeout learned for the peer, {@code null} if none
	 * @return one line of advice, {@code null} when the window holds no reset
	 */
	static @Nullable String of(PeerStatistics statistics, @Nullable Duration learnedIdleTimeout) {
		ResetCause cause = statistics.dominantCause();
		if (cause == null) {
			return null;
		}
		return switch (cause) {
			case STALE_CONNECTION -> (learnedIdleTimeout != null)
					? "peer closes idle connections after about " + approximately(learnedIdleTimeout)
							+ "; keep pool idle time below it"
					: "peer closes pooled connections while they sit idle; keep pool idle time below its idle timeout";
			case PEER_RESTART -> "peer reset several connections at once, as when it restarts or crashes; "
					+ "check its deployments and logs around the last reset";
			case MIDDLEBOX -> "a firewall, NAT or proxy drops connections that stay silent; "
					+ "keep TCP keep-alive and read timeouts below its idle timeout";
			case REQUEST_REJECTED -> "peer resets fresh connections on receiving a request; "
					+ "check its request size and header limits, protocol and TLS settings, and its logs";
			case RESPONSE_ABORTED -> "peer aborts responses midway; "
					+ "check its logs for crashes, timeouts or limits while it writes responses";
			case CONNECT_REJECTED -> "peer resets connections as soon as they open; "
					+ "its accept backlog may be full or its listener not ready";
			case UNKNOWN -> "cause unknown because the client hides its connections; "
					+ "call the peer through a client Reset Guard instruments to learn more";
		};
	}

	private static String approximately(Duration duration) {
		long millis = duration.toMillis();
		if (millis < 1000) {
			return millis + " ms";
		}
		return Math.round(millis / 1000.0) + " s";
	}

}
