package dev.resetguard.web.client;

import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.CallRetry;

import org.springframework.retry.RetryContext;
import org.springframework.retry.backoff.BackOffContext;
import org.springframework.retry.context.RetryContextSupport;

/**
 * The spring-retry context of one decorated call: carries the call's {@link CallRetry} and the reset
 * of its last failed attempt from the attempt to the retry and backoff policies.
 */
final class CallRetryContext extends RetryContextSupport implements BackOffContext {

	private static final long serialVersionUID = 1L;

	private transient CallRetry call;

	private transient ResetEvent reset;

	private transient boolean retry;

	CallRetryContext(RetryContext parent) {
		super(parent);
	}

	void startAttempt(CallRetry call) {
		this.call = call;
		this.reset = null;
	}

	void attemptFailed(ResetEvent reset) {
		this.reset = reset;
	}

	/**
	 * Decide once per failed attempt, as the decision may take a retry from the peer's budget.
	 */
	void decide() {
		this.retry = this.call != null && this.call.shouldRetry(this.reset, getLastThrowable());
	}

	boolean mayRetry() {
		return getLastThrowable() == null || this.retry;
	}

	CallRetry call() {
		return this.call;
	}

}
