package dev.resetguard.web.client;

import dev.resetguard.CallRetry;
import dev.resetguard.retry.Sleeper;

import org.springframework.retry.RetryContext;
import org.springframework.retry.backoff.BackOffContext;
import org.springframework.retry.backoff.BackOffPolicy;

/**
 * The spring-retry {@link BackOffPolicy} of decorated clients: waits for a restarting peer and then
 * the jittered, capped delay the call's {@link CallRetry} gives, then counts the retry. A peer that
 * stays down or an interrupt ends the call with its last exception instead of spring-retry's
 * {@code BackOffInterruptedException}, so the caller always gets the client's own exception.
 */
final class CallBackOffPolicy implements BackOffPolicy {

	private final Sleeper sleeper;

	CallBackOffPolicy(Sleeper sleeper) {
		this.sleeper = sleeper;
	}

	@Override
	public BackOffContext start(RetryContext context) {
		return (CallRetryContext) context;
	}

	@Override
	public void backOff(BackOffContext backOffContext) {
		CallRetryContext context = (CallRetryContext) backOffContext;
		if (!pause(context.call())) {
			context.setExhaustedOnly();
		}
	}

	/**
	 * Wait before a retry the call's {@link CallRetry#shouldRetry} allowed, and count it; also the wait
	 * before the first retry, which comes before the retry template takes over. An interrupt ends the
	 * call and keeps the thread's interrupt flag set.
	 * @param call the call
	 * @return {@code true} to go on with the retry, {@code false} if the call ended
	 */
	boolean pause(CallRetry call) {
		// The backoff first: it reports the decision, which publishes the reset, and a restart it shows
		// must hold this call at the gate before it waits.
		long backoffNanos = call.backoffNanos();
		try {
			if (!call.beforeRetry()) {
				return false;
			}
			this.sleeper.sleep(backoffNanos);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			call.interrupted();
			return false;
		}
		call.retrying();
		return true;
	}

}
