package dev.resetguard.classify;

/**
 * Decides whether a throwable is a TCP connection reset, whatever the client library, wrapper
 * exception, operating system or JDK. Thread-safe and allocation-free for throwables that are not resets.
 */
public final class ResetClassifier {

	/**
	 * Classify a throwable by walking its whole cause chain and its suppressed exceptions.
	 * @param throwable the throwable to classify, may be {@code null}
	 * @return the classification, {@link ResetClassification#NOT_A_RESET} when it is not a reset
	 */
	public ResetClassification classify(Throwable throwable) {
		throw new UnsupportedOperationException("skeleton: implemented by the classifier work");
	}

	/**
	 * Return whether a throwable is a reset.
	 * @param throwable the throwable to test, may be {@code null}
	 * @return {@code true} if it is a reset
	 */
	public boolean isReset(Throwable throwable) {
		return classify(throwable).isReset();
	}

}
