package dev.resetguard;

import java.util.Objects;

import dev.resetguard.forensics.Attempt;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetPhase;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.retry.Sleeper;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retry loop of every blocking call, programmatic or through a decorated client: it drives a call's
 * {@link CallRetry} in the one order its rules need (wait for a restarting peer, run the attempt inside an
 * {@link Attempt}, resolve its reset, decide, back off, retry, finish), so that no client drives it
 * by hand. The caller gets the last attempt's own exception, unchanged. Thread-safe.
 */
public final class BlockingRetryLoop {

	private static final Logger logger = LoggerFactory.getLogger(BlockingRetryLoop.class);

	private final ResetRecorder recorder;

	private final Sleeper sleeper;

	/**
	 * Create a loop.
	 * @param recorder where the resets of failed attempts are recorded
	 * @param sleeper waits out each backoff on the calling thread
	 */
	public BlockingRetryLoop(ResetRecorder recorder, Sleeper sleeper) {
		this.recorder = Objects.requireNonNull(recorder, "recorder");
		this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
	}

	/**
	 * Run a call whose result ends it: once an attempt returns, the call is finished.
	 * @param <S> the type of what the action acts on
	 * @param <T> the type of the result
	 * @param <E> the type of exception the action throws
	 * @param call the call's retry state, as {@link CallRetries#start started}
	 * @param subject what the action acts on; passed to it, so that the action need capture nothing
	 * @param action runs one attempt
	 * @return the result of the first attempt that returned one
	 * @throws E the exception of the last attempt
	 */
	public <S, T, E extends Exception> T call(CallRetry call, S subject, Action<S, T, E> action) throws E {
		T result = run(call, subject, action);
		call.finish();
		return result;
	}

	/**
	 * Run a call whose result outlives the attempt that returned it, such as a response whose body the
	 * caller has yet to read: the call stays open, and the result must end it through
	 * {@link CallRetry#finish()} or {@link CallRetry#failedAfterResponse}.
	 * @param <S> the type of what the action acts on
	 * @param <T> the type of the result
	 * @param <E> the type of exception the action throws
	 * @param call the call's retry state, as {@link CallRetries#start started}
	 * @param subject what the action acts on; passed to it, so that the action need capture nothing
	 * @param action runs one attempt
	 * @return the result of the first attempt that returned one
	 * @throws E the exception of the last attempt
	 */
	public <S, T, E extends Exception> T open(CallRetry call, S subject, Action<S, T, E> action) throws E {
		return run(call, subject, action);
	}

	private <S, T, E extends Exception> T run(CallRetry call, S subject, Action<S, T, E> action) throws E {
		call.awaitPeer();
		while (true) {
			Attempt scope = new Attempt(call.client(), call.peer(), call.attempt());
			T result;
			try {
				result = attempt(call, subject, action, scope);
			}
			catch (Throwable ex) {
				// An Error is no reset, whatever the sockets saw before it was thrown.
				if (!retryAfter(call, (ex instanceof Exception) ? scope.reset() : null, ex)) {
					throw ex;
				}
				continue;
			}
			call.succeeded();
			return result;
		}
	}

	// An Error is never resolved: it is no reset, and must not be handed to code that may allocate.
	private <S, T, E extends Exception> T attempt(CallRetry call, S subject, Action<S, T, E> action,
			Attempt scope) throws E {
		Attempt.Activation activation = scope.activate();
		try {
			return action.attempt(subject, call, scope);
		}
		catch (Exception ex) {
			scope.resolve(this.recorder, ResetPhase.UNKNOWN, ex);
			throw ex;
		}
		finally {
			activation.close();
		}
	}

	/**
	 * Decide about a failed attempt and, if the call goes on, wait before the retry and count it; otherwise
	 * the call is finished.
	 */
	private boolean retryAfter(CallRetry call, @Nullable ResetEvent reset, Throwable failure) {
		if (!call.shouldRetry(reset, failure)) {
			logger.debug("Calling {} failed on attempt {}: {}", call.peer(), call.attempt(), call.outcome().tagValue());
			call.finish();
			return false;
		}
		// The backoff first: it reports the decision, which publishes the reset, and a restart it shows
		// must hold this call at the gate before it waits.
		long backoffNanos = call.backoffNanos();
		try {
			if (!call.beforeRetry()) {
				logger.debug("Reset calling {} on attempt {}: peer still restarting, giving up", call.peer(),
						call.attempt());
				return false;
			}
			this.sleeper.sleep(backoffNanos);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			logger.debug("Reset calling {} on attempt {}: interrupted before retrying", call.peer(), call.attempt());
			call.interrupted();
			return false;
		}
		logger.debug("Reset calling {} on attempt {}: retrying", call.peer(), call.attempt());
		call.retrying();
		return true;
	}

	/**
	 * One attempt of a blocking call, run on the calling thread with the attempt's scope active. Pass a
	 * lambda that captures nothing, or an instance made once: a call answered the first time then costs no
	 * object for it.
	 * @param <S> the type of what the action acts on
	 * @param <T> the type of the result
	 * @param <E> the type of exception the action throws
	 */
	@FunctionalInterface
	public interface Action<S, T, E extends Exception> {

		/**
		 * Run one attempt.
		 * @param subject what the action acts on
		 * @param call the call's retry state, for an action that must tell it what the attempt used up
		 * @param scope the attempt's scope, active on the calling thread
		 * @return the result
		 * @throws E if the attempt failed
		 */
		T attempt(S subject, CallRetry call, Attempt scope) throws E;

	}

}
