package dev.resetguard.retry.support;

import java.lang.reflect.Method;
import java.util.function.Predicate;

import dev.resetguard.classify.ResetClassifier;

import org.springframework.resilience.retry.MethodRetryPredicate;

/**
 * A retry predicate for Spring Framework 7's own retry support that accepts exactly the failures Reset
 * Guard's {@link ResetClassifier} calls resets, wherever they sit in the cause chain and whatever wraps
 * them. Use it in {@code @Retryable(predicate = ResetRetryPredicate.class)} (with
 * {@code @EnableResilientMethods}) or {@code RetryPolicy.builder().predicate(new ResetRetryPredicate())}.
 * Stateless and thread-safe.
 */
public final class ResetRetryPredicate implements MethodRetryPredicate, Predicate<Throwable> {

	/**
	 * Return whether a failure is a reset, and so worth retrying.
	 * @param failure the failure
	 * @return {@code true} if it is a reset
	 */
	@Override
	public boolean test(Throwable failure) {
		return ResetClassifier.standard().isReset(failure);
	}

	/**
	 * Return whether a failure of a method is a reset, and so worth retrying.
	 * @param method the method that failed
	 * @param failure the failure
	 * @return {@code true} if it is a reset
	 */
	@Override
	public boolean shouldRetry(Method method, Throwable failure) {
		return test(failure);
	}

}
