package dev.resetguard.retry;

import dev.resetguard.forensics.ClientKind;

/**
 * Receives the outcome of every call made through Reset Guard, exactly once per call: the meters
 * count them, the health indicator weighs resets against them. Called on the calling thread or an
 * event loop: implementations must be fast, must not block and must not throw.
 */
@FunctionalInterface
public interface CallOutcomeListener {

	/** A listener that ignores every outcome. */
	CallOutcomeListener NONE = (client, peer, outcome) -> {
	};

	/**
	 * Called once per call, when its outcome is known.
	 * @param client the kind of client
	 * @param peer the peer as {@code host:port}
	 * @param outcome how resets affected the call
	 */
	void onCall(ClientKind client, String peer, CallOutcome outcome);

}
