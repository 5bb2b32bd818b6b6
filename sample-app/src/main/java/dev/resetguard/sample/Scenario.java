package dev.resetguard.sample;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import dev.resetguard.forensics.ResetCause;

/**
 * The ways the sample's upstream misbehaves, each a reproduction of one reset cause, and the traffic
 * shape that meets it. {@link UpstreamChaos} makes the upstream misbehave; {@link SampleTraffic} paces
 * its calls by {@link #pause(Random)} and sends uploads when {@link #upload(Random)} says so.
 */
public enum Scenario {

	/**
	 * The upstream closes keep-alive connections idle for 1.2 s with an RST, and the clients pause 1.8 s
	 * between calls: every reuse meets a dead connection until adaptive idle learns the timeout and
	 * retires connections before they go stale.
	 */
	STALE_KEEPALIVE(EnumSet.of(ResetCause.STALE_CONNECTION)),

	/**
	 * About once a second, the upstream resets a connection part way through a response body. A client
	 * that reads the whole response before handing it over recovers; a response the application is
	 * already reading cannot be replayed, so Reset Guard reports that call {@code not-retryable}.
	 */
	FLAKY_UPSTREAM(EnumSet.of(ResetCause.RESPONSE_ABORTED)),

	/**
	 * Every 5 s the upstream crashes, resetting every open connection, and refuses connections for
	 * 300 ms before it listens again.
	 */
	RESTART(EnumSet.of(ResetCause.PEER_RESTART)),

	/**
	 * The clients upload 256 KiB each on a fresh connection, and about once a second the upstream
	 * resets one after 16 KiB of the body, as a server or gateway rejecting a request does.
	 */
	UPLOAD_REJECTED(EnumSet.of(ResetCause.REQUEST_REJECTED)),

	/**
	 * Every 2 s a request meets 1.5 s of silence and then an RST, as a firewall that dropped the
	 * connection's state answers; {@code reset-guard.cause.middlebox-silence} is 1 s in this sample.
	 */
	MIDDLEBOX(EnumSet.of(ResetCause.MIDDLEBOX)),

	/**
	 * Stale keep-alive connections, aborted responses, middlebox silence and a restart every 8 s at
	 * once, with an occasional long pause between calls and some uploads among the downloads. Amid the
	 * other resets a restart is not always told apart (its resets then count under other causes), so
	 * {@code peer-restart} is not among the causes this scenario promises.
	 */
	MIXED(EnumSet.of(ResetCause.STALE_CONNECTION, ResetCause.RESPONSE_ABORTED, ResetCause.MIDDLEBOX));

	private static final Duration SHORT_PAUSE = Duration.ofMillis(100);

	// Longer than the upstream's idle timeout (UpstreamChaos.IDLE_TIMEOUT), so pooled connections go stale,
	// and shorter than the 2 s after which Apache HttpClient checks an idle connection before reuse.
	private static final Duration LONG_PAUSE = Duration.ofMillis(1800);

	private final Set<ResetCause> causes;

	Scenario(Set<ResetCause> causes) {
		this.causes = causes;
	}

	/**
	 * Return the scenario's name as {@code sample.scenario} spells it, for example {@code stale-keepalive}.
	 * @return the name
	 */
	public String value() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * Return the reset causes this scenario reproduces.
	 * @return the causes
	 */
	public Set<ResetCause> causes() {
		return this.causes;
	}

	/**
	 * Return whether some calls of this scenario cannot recover by design: a reset in a response body
	 * the application is already reading ends the call {@code not-retryable}.
	 * @return {@code true} if the scenario aborts responses
	 */
	public boolean abortsResponses() {
		return this.causes.contains(ResetCause.RESPONSE_ABORTED);
	}

	/**
	 * Return whether the upstream restarts in this scenario, so that connects may be refused while it
	 * is down.
	 * @return {@code true} if the upstream restarts
	 */
	public boolean restarts() {
		return this == RESTART || this == MIXED;
	}

	/**
	 * Return how long a client pauses before its next call.
	 * @param random the calling thread's random source
	 * @return the pause
	 */
	public Duration pause(Random random) {
		return switch (this) {
			case STALE_KEEPALIVE -> LONG_PAUSE;
			case MIXED -> (random.nextInt(8) == 0) ? LONG_PAUSE : SHORT_PAUSE;
			default -> SHORT_PAUSE;
		};
	}

	/**
	 * Return the longest pause a client makes between calls.
	 * @return the longest pause
	 */
	public Duration longestPause() {
		return (this == STALE_KEEPALIVE || this == MIXED) ? LONG_PAUSE : SHORT_PAUSE;
	}

	/**
	 * Return whether the next call uploads a body rather than downloads one.
	 * @param random the calling thread's random source
	 * @return {@code true} for an upload
	 */
	public boolean upload(Random random) {
		return switch (this) {
			case UPLOAD_REJECTED -> true;
			case MIXED -> random.nextInt(4) == 0;
			default -> false;
		};
	}

}
