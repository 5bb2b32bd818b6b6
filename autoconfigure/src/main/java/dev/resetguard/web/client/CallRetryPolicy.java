package dev.resetguard.web.client;

import org.springframework.retry.RetryContext;
import org.springframework.retry.RetryPolicy;

/**
 * The spring-retry {@link RetryPolicy} of decorated clients: retries exactly when the call's
 * {@link dev.resetguard.CallRetry} allows, so that spring-retry runs Reset Guard's rules and
 * nothing else. Stateless; the state of each call lives in its {@link CallRetryContext}.
 */
final class CallRetryPolicy implements RetryPolicy {

	private static final long serialVersionUID = 1L;

	@Override
	public RetryContext open(RetryContext parent) {
		return new CallRetryContext(parent);
	}

	@Override
	public void registerThrowable(RetryContext context, Throwable throwable) {
		CallRetryContext call = (CallRetryContext) context;
		call.registerThrowable(throwable);
		call.decide();
	}

	@Override
	public boolean canRetry(RetryContext context) {
		return ((CallRetryContext) context).mayRetry();
	}

	@Override
	public void close(RetryContext context) {
	}

}
