package dev.resetguard.retry.support;

import dev.resetguard.classify.ResetClassifier;
import dev.resetguard.retry.RetrySettings;

import org.springframework.retry.RetryContext;
import org.springframework.retry.RetryPolicy;
import org.springframework.retry.context.RetryContextSupport;

/**
 * A spring-retry {@link RetryPolicy} that retries exactly the failures Reset Guard's
 * {@link ResetClassifier} calls resets, wherever they sit in the cause chain and whatever wraps them,
 * up to a number of attempts; any other failure ends the call at once. For code that uses spring-retry
 * directly: {@code RetryTemplate.builder().customPolicy(new ResetRetryPolicy(3))}, or a
 * {@code RetryInterceptorBuilder.stateless().retryPolicy(...)} bean named in
 * {@code @Retryable(interceptor = ...)}. Stateless and thread-safe.
 */
public final class ResetRetryPolicy implements RetryPolicy {

	private static final long serialVersionUID = 1L;

	private final int maxAttempts;

	/**
	 * Create a policy with the default number of attempts, {@value RetrySettings#DEFAULT_MAX_ATTEMPTS}.
	 */
	public ResetRetryPolicy() {
		this(RetrySettings.DEFAULT_MAX_ATTEMPTS);
	}

	/**
	 * Create a policy.
	 * @param maxAttempts the total number of attempts, the first included; 1 disables retry
	 */
	public ResetRetryPolicy(int maxAttempts) {
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be at least 1, but was " + maxAttempts);
		}
		this.maxAttempts = maxAttempts;
	}

	/**
	 * Create a policy with the number of attempts of the given settings, for example a peer's.
	 * @param settings the retry settings
	 * @return the policy
	 */
	public static ResetRetryPolicy of(RetrySettings settings) {
		return new ResetRetryPolicy(settings.maxAttempts());
	}

	@Override
	public boolean canRetry(RetryContext context) {
		Throwable failure = context.getLastThrowable();
		return failure == null
				|| (context.getRetryCount() < this.maxAttempts && ResetClassifier.standard().isReset(failure));
	}

	@Override
	public RetryContext open(RetryContext parent) {
		return new RetryContextSupport(parent);
	}

	@Override
	public void close(RetryContext context) {
	}

	@Override
	public void registerThrowable(RetryContext context, Throwable throwable) {
		((RetryContextSupport) context).registerThrowable(throwable);
	}

	@Override
	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	@Override
	public String toString() {
		return "ResetRetryPolicy[maxAttempts=" + this.maxAttempts + "]";
	}

}
