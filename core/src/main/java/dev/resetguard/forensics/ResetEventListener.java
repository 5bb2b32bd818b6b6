package dev.resetguard.forensics;

import java.util.List;

/**
 * Receives every reset Reset Guard records. Called on the thread that saw the reset (possibly an
 * event loop): implementations must be fast, must not block and must not throw.
 */
@FunctionalInterface
public interface ResetEventListener {

	/** A listener that ignores every event. */
	ResetEventListener NONE = (event) -> {
	};

	/**
	 * Return a listener that calls each of the given listeners in order, isolating them: one that throws
	 * is logged and skipped, and the others still get the event.
	 * @param listeners the listeners
	 * @return the composite listener, or {@link #NONE} if there are none
	 */
	static ResetEventListener of(List<? extends ResetEventListener> listeners) {
		return CompositeListener.of(listeners, NONE);
	}

	/**
	 * Called once per reset.
	 * @param event the reset
	 */
	void onReset(ResetEvent event);

	/**
	 * Called when a reset is recorded but held back while the evidence of a restart decides its cause;
	 * {@link #onReset} follows once it is published, with the cause it then has. For listeners that must
	 * know at once that the peer reset a connection, whatever the cause.
	 * @param event the reset as recorded, with the cause it has on its own
	 */
	default void onResetHeld(ResetEvent event) {
	}

}
