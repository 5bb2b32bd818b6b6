package dev.resetguard.forensics;

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
	 * Called once per reset.
	 * @param event the reset
	 */
	void onReset(ResetEvent event);

}
