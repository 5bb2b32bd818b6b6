package dev.resetguard.forensics;

import org.jspecify.annotations.Nullable;

/**
 * Infers the likely {@link ResetCause cause} of one reset from its phase and the connection facts, as
 * the cause table of the design defines it: a cause is claimed only on evidence. A pure function of its
 * arguments and the thresholds; whether several resets add up to a restart is the business of
 * {@link RestartEvidence}, which can only turn a {@link #mayBePartOfRestart restart candidate} into
 * {@code peer-restart}. Rules, first match wins:
 * <ol>
 * <li>connect phase: {@code connect-rejected};</li>
 * <li>TLS handshake: {@code middlebox} through a proxy, otherwise {@code connect-rejected};</li>
 * <li>silence of at least the middlebox threshold within the exchange: {@code middlebox};</li>
 * <li>response bytes had arrived: {@code response-aborted};</li>
 * <li>reused connection closed before the request: no request byte was accepted (the first write
 * failed, or a read met the close before any write), or it sat idle at least as long as the peer's
 * learned idle timeout or the stale idle threshold: {@code stale-connection};</li>
 * <li>any other connection that carried (part of) the request: {@code request-rejected}. A connection
 * idle for milliseconds cannot have met an idle timeout, and a fresh one proves the listener alive.</li>
 * </ol>
 * Without facts (the client hides them) only the phase speaks: connect resets are
 * {@code connect-rejected}, resets while the response was read {@code response-aborted}, the rest
 * {@code unknown}.
 */
public final class CauseInference {

	/** What {@link LearnedIdleTimeouts#idleTimeoutNanos} returns for a peer whose timeout is not known. */
	public static final long UNKNOWN_IDLE_TIMEOUT = Long.MAX_VALUE;

	private final CauseSettings settings;

	private final long middleboxSilenceNanos;

	private final long staleIdleNanos;

	private final LearnedIdleTimeouts learned;

	/**
	 * Create an inference with the given thresholds and no learned idle timeouts.
	 * @param settings the thresholds
	 */
	public CauseInference(CauseSettings settings) {
		this(settings, (peer) -> UNKNOWN_IDLE_TIMEOUT);
	}

	/**
	 * Create an inference with the given thresholds that also takes a reused connection for stale when it
	 * sat idle at least as long as its peer's learned idle timeout.
	 * @param settings the thresholds
	 * @param learned the learned idle timeout of each peer
	 */
	public CauseInference(CauseSettings settings, LearnedIdleTimeouts learned) {
		this.settings = settings;
		this.middleboxSilenceNanos = settings.middleboxSilence().toNanos();
		this.staleIdleNanos = settings.staleIdle().toNanos();
		this.learned = learned;
	}

	/**
	 * Return the thresholds, those of restarts included.
	 * @return the settings
	 */
	public CauseSettings settings() {
		return this.settings;
	}

	/**
	 * Infer the cause of a reset from this reset alone.
	 * @param peer the peer
	 * @param phase where in the exchange it happened
	 * @param facts the connection facts, {@code null} if the client hides them
	 * @return the likely cause
	 */
	public ResetCause infer(String peer, ResetPhase phase, @Nullable ConnectionFacts facts) {
		if (facts == null) {
			return switch (phase) {
				case CONNECT -> ResetCause.CONNECT_REJECTED;
				case RECEIVING_RESPONSE -> ResetCause.RESPONSE_ABORTED;
				default -> ResetCause.UNKNOWN;
			};
		}
		if (phase == ResetPhase.CONNECT) {
			return ResetCause.CONNECT_REJECTED;
		}
		if (phase == ResetPhase.TLS_HANDSHAKE) {
			return facts.viaProxy() ? ResetCause.MIDDLEBOX : ResetCause.CONNECT_REJECTED;
		}
		if (facts.silence().toNanos() >= this.middleboxSilenceNanos) {
			return ResetCause.MIDDLEBOX;
		}
		if (facts.bytesReceived() > 0) {
			return ResetCause.RESPONSE_ABORTED;
		}
		if (facts.reused()) {
			return (facts.bytesSent() == 0 || idledPastTimeout(peer, facts)) ? ResetCause.STALE_CONNECTION
					: ResetCause.REQUEST_REJECTED;
		}
		return (facts.bytesSent() > 0 || phase == ResetPhase.SENDING_REQUEST || phase == ResetPhase.AWAITING_RESPONSE)
				? ResetCause.REQUEST_REJECTED : ResetCause.UNKNOWN;
	}

	/**
	 * Return whether a reset could be one of a restart's: a pooled connection, reused, that the peer
	 * closed before any response byte. A restart resets every open connection at once, so such resets are
	 * what it looks like from here; a fresh connection that was accepted and then reset after the request
	 * proves the listener alive, and a reset after response bytes or a long silence has a cause of its own.
	 * @param facts the connection facts, {@code null} if the client hides them
	 * @param cause the cause {@link #infer} gave
	 * @return whether a restart may explain the reset better
	 */
	public boolean mayBePartOfRestart(ConnectionFacts facts, ResetCause cause) {
		return facts != null && facts.reused()
				&& (cause == ResetCause.STALE_CONNECTION || cause == ResetCause.REQUEST_REJECTED);
	}

	/**
	 * Return whether a reset of a reused connection is explained by an idle timeout: the connection sat
	 * idle at least as long as its peer's learned idle timeout or the stale idle threshold. Resets so
	 * explained do not count as connections closed together, even when found together.
	 * @param peer the peer
	 * @param facts the connection facts
	 * @return whether the idle time explains the reset
	 */
	public boolean idledPastTimeout(String peer, ConnectionFacts facts) {
		long idle = facts.idleBeforeUse().toNanos();
		return idle >= this.staleIdleNanos || idle >= this.learned.idleTimeoutNanos(peer);
	}

	/**
	 * The idle timeout learned for each peer, from its stale-connection resets.
	 */
	@FunctionalInterface
	public interface LearnedIdleTimeouts {

		/**
		 * Return the idle timeout learned for a peer.
		 * @param peer the peer as {@code host:port}
		 * @return the timeout in nanoseconds, or {@link CauseInference#UNKNOWN_IDLE_TIMEOUT} if none was learned
		 */
		long idleTimeoutNanos(String peer);

	}

}
