package dev.resetguard.classify;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What {@link ResetClassifier} decided about a throwable: whether it is a reset, which
 * {@link ResetSignal signal} gave it away, and the innermost exception of the chain that shows it.
 * Immutable; a throwable that is not a reset always yields the shared {@link #NOT_A_RESET} instance.
 */
public final class ResetClassification {

	/** The result for every throwable that is not a reset. */
	public static final ResetClassification NOT_A_RESET = new ResetClassification(null, null);

	private final @Nullable ResetSignal signal;

	private final @Nullable Throwable resetException;

	private ResetClassification(@Nullable ResetSignal signal, @Nullable Throwable resetException) {
		this.signal = signal;
		this.resetException = resetException;
	}

	/**
	 * Create the result for a reset.
	 * @param signal how the reset showed itself
	 * @param resetException the innermost exception of the chain that shows the reset
	 * @return a reset classification
	 */
	public static ResetClassification reset(ResetSignal signal, Throwable resetException) {
		return new ResetClassification(Objects.requireNonNull(signal, "signal"),
				Objects.requireNonNull(resetException, "resetException"));
	}

	/**
	 * Return whether the throwable is a reset.
	 * @return {@code true} for a reset
	 */
	public boolean isReset() {
		return this.signal != null;
	}

	/**
	 * Return how the reset showed itself.
	 * @return the signal, {@code null} if this is not a reset
	 */
	public @Nullable ResetSignal signal() {
		return this.signal;
	}

	/**
	 * Return the innermost exception of the chain that shows the reset.
	 * @return the reset exception, {@code null} if this is not a reset
	 */
	public @Nullable Throwable resetException() {
		return this.resetException;
	}

	@Override
	public String toString() {
		ResetSignal signal = this.signal;
		return (signal != null) ? "reset(" + signal.value() + ", " + this.resetException + ")" : "not-a-reset";
	}

}
