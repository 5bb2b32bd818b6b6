package dev.resetguard.forensics;

import java.util.List;

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
	 * Return a listener that calls each of the given listeners in order, isolating them: one that throws
	 * is logged and skipped, and the others still get the outcome.
	 * @param listeners the listeners
	 * @return the composite listener, or {@link #NONE} if there are none
	 */
	static CallOutcomeListener of(List<? extends CallOutcomeListener> listeners) {
		return CompositeListener.of(listeners, NONE);
	}

	/**
	 * Called once per call, when its outcome is known.
	 * @param client the kind of client
	 * @param peer the peer as {@code host:port}
	 * @param outcome how resets affected the call
	 */
	void onCall(ClientKind client, String peer, CallOutcome outcome);

}
