package dev.resetguard.socket;

import dev.resetguard.forensics.ResetEvent;
import org.jspecify.annotations.Nullable;

/**
 * One attempt of a socket factory's connect: its number, whether a {@link ConnectRetry} decides what
 * follows a reset of it, and the reset recorded for it, on which that decision is reported.
 */
final class ConnectAttempt {

	/** A connect the caller makes on an unconnected socket of ours: no connect retry decides about it. */
	static final ConnectAttempt UNRETRIED = new ConnectAttempt(1, false);

	private final int number;

	private final boolean retried;

	private @Nullable ResetEvent reset;

	ConnectAttempt(int number, boolean retried) {
		this.number = number;
		this.retried = retried;
	}

	int number() {
		return this.number;
	}

	boolean retried() {
		return this.retried;
	}

	@Nullable ResetEvent reset() {
		return this.reset;
	}

	void reset(@Nullable ResetEvent event) {
		// The shared unretried attempt keeps nothing: nothing asks it for its reset.
		if (this.retried) {
			this.reset = event;
		}
	}

}
