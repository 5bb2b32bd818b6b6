package dev.resetguard.forensics;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each reset to several {@link ResetEventListener listeners} in order, isolating them: one that
 * throws is logged and skipped, and the others still see the event.
 */
public final class CompositeResetEventListener implements ResetEventListener {

	private static final Logger logger = LoggerFactory.getLogger(CompositeResetEventListener.class);

	private final ResetEventListener[] listeners;

	private CompositeResetEventListener(List<? extends ResetEventListener> listeners) {
		this.listeners = listeners.toArray(new ResetEventListener[0]);
	}

	/**
	 * Return a listener that calls each of the given listeners in order, isolating failures.
	 * @param listeners the listeners
	 * @return the composite listener, or {@link ResetEventListener#NONE} if there are none
	 */
	public static ResetEventListener of(List<? extends ResetEventListener> listeners) {
		return listeners.isEmpty() ? NONE : new CompositeResetEventListener(listeners);
	}

	@Override
	public void onReset(ResetEvent event) {
		for (ResetEventListener listener : this.listeners) {
			try {
				listener.onReset(event);
			}
			catch (RuntimeException ex) {
				logger.warn("Reset event listener {} threw; ignored", listener.getClass().getName(), ex);
			}
		}
	}

	@Override
	public void onResetHeld(ResetEvent event) {
		for (ResetEventListener listener : this.listeners) {
			try {
				listener.onResetHeld(event);
			}
			catch (RuntimeException ex) {
				logger.warn("Reset event listener {} threw; ignored", listener.getClass().getName(), ex);
			}
		}
	}

}
