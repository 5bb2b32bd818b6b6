package dev.resetguard.retry;

import dev.resetguard.forensics.ConnectionFacts;
import dev.resetguard.forensics.ResetPhase;
import org.jspecify.annotations.Nullable;

/**
 * How far a reset request may have got: whether it surely never reached the peer, surely did (at least
 * partly), or nobody can tell. Decides whether a request that is not safe to repeat may be retried.
 */
public enum RequestExposure {

	/** Not a single request byte was accepted for sending: the peer cannot have seen the request. */
	NOT_SENT,

	/** Request bytes were accepted for sending: the peer may have seen (part of) the request. */
	SENT,

	/** The client hides how far the request got, so it must be assumed to have reached the peer. */
	UNKNOWN;

	/**
	 * Derive the exposure from where the reset happened and what the connection's instrumentation saw.
	 * A reset during connect or the TLS handshake never carried a request; otherwise the request
	 * bytes accepted by the kernel, or a failed write that may have sent part of itself, decide, and
	 * without facts only a phase past sending proves exposure.
	 * @param phase where in the exchange the reset happened
	 * @param facts the connection facts, {@code null} when the client hides them
	 * @return the exposure
	 */
	public static RequestExposure of(ResetPhase phase, @Nullable ConnectionFacts facts) {
		if (phase == ResetPhase.CONNECT || phase == ResetPhase.TLS_HANDSHAKE) {
			return NOT_SENT;
		}
		if (phase == ResetPhase.AWAITING_RESPONSE || phase == ResetPhase.RECEIVING_RESPONSE) {
			return SENT;
		}
		if (facts == null) {
			return UNKNOWN;
		}
		return facts.requestMayHaveLeft() ? SENT : NOT_SENT;
	}

	/**
	 * Return whether the peer may have seen (part of) the request.
	 * @return {@code false} only when the request surely never reached the peer
	 */
	public boolean mayHaveReachedPeer() {
		return this != NOT_SENT;
	}

}
