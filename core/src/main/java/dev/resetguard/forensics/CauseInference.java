package dev.resetguard.forensics;

/**
 * Infers the likely {@link ResetCause cause} of a reset from its phase and the connection facts, as
 * the cause table of the design defines it. Rules, first match wins:
 * <ol>
 * <li>resets on several distinct connections to the peer within the restart window, with no response
 * from the peer in between (see {@link PeerRestartDetector}): {@code peer-restart};</li>
 * <li>connect phase: {@code connect-rejected};</li>
 * <li>TLS handshake: {@code middlebox} through a proxy, otherwise {@code connect-rejected};</li>
 * <li>silence of at least the middlebox threshold within the exchange: {@code middlebox};</li>
 * <li>response bytes had arrived: {@code response-aborted};</li>
 * <li>reused connection, no response byte: {@code stale-connection};</li>
 * <li>fresh connection, request (partly) sent: {@code request-rejected}.</li>
 * </ol>
 * Without facts (the client hides them) only the phase speaks: connect resets are
 * {@code connect-rejected}, the rest {@code unknown}. Instrumentations tell the inference about every
 * response through {@link #responseReceived(String, long)}, which the restart rule depends on.
 */
public final class CauseInference {

	private final long middleboxSilenceNanos;

	private final PeerRestartDetector restarts;

	/**
	 * Create an inference with the given thresholds.
	 * @param settings the thresholds
	 */
	public CauseInference(CauseSettings settings) {
		this(settings, new PeerRestartDetector(settings));
	}

	CauseInference(CauseSettings settings, PeerRestartDetector restarts) {
		this.middleboxSilenceNanos = settings.middleboxSilence().toNanos();
		this.restarts = restarts;
	}

	/**
	 * Record that a peer answered a request: the peer was up when the request went out, so the resets
	 * before that do not add up to a restart.
	 * @param peer the peer
	 * @param requestSentNanos when the answered request went out, on the {@link System#nanoTime()} clock
	 */
	public void responseReceived(String peer, long requestSentNanos) {
		this.restarts.responseReceived(peer, requestSentNanos);
	}

	/**
	 * Infer the cause of a reset.
	 * @param peer the peer
	 * @param phase where in the exchange it happened
	 * @param facts the connection facts, or {@code null} if the client hides them
	 * @return the likely cause
	 */
	public ResetCause infer(String peer, ResetPhase phase, ConnectionFacts facts) {
		if (facts == null) {
			return (phase == ResetPhase.CONNECT) ? ResetCause.CONNECT_REJECTED : ResetCause.UNKNOWN;
		}
		if (this.restarts.recordReset(peer, facts.connectionId())) {
			return ResetCause.PEER_RESTART;
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
			return ResetCause.STALE_CONNECTION;
		}
		return (facts.bytesSent() > 0 || phase == ResetPhase.SENDING_REQUEST || phase == ResetPhase.AWAITING_RESPONSE)
				? ResetCause.REQUEST_REJECTED : ResetCause.UNKNOWN;
	}

}
