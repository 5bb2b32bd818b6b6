package dev.resetguard.web.reactive;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import dev.resetguard.CallRetry;
import dev.resetguard.forensics.Attempt;
import dev.resetguard.web.reactive.WebClientAttempt.Ending;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * One call through the filter, as its caller and its attempts' exchanges see it: the subscription the
 * caller holds, and the subscriber of each attempt's exchange in turn, which asks the call's retry state
 * after each failure whether to retry and sets the backoff timer. Every attempt's exchange carries the
 * call's {@link WebClientAttempt} in its Reactor context, under {@link Attempt#CONTEXT_KEY}.
 */
final class GuardedCall implements CoreSubscriber<ClientResponse>, Subscription {

	// Under the filter's name, which is the one users know to turn on.
	private static final Logger logger = LoggerFactory.getLogger(ResetGuardExchangeFilterFunction.class);

	private final ResetGuardExchangeFilterFunction filter;

	private final ClientRequest request;

	private final ExchangeFunction next;

	private final CoreSubscriber<? super ClientResponse> actual;

	private final WebClientAttempt attempt;

	// One attempt object stands for every attempt, so one context serves them all.
	private final Context context;

	private volatile Subscription upstream;

	private volatile Disposable pendingRetry;

	private volatile boolean requested;

	private volatile boolean cancelled;

	private volatile boolean awaitingRetry;

	GuardedCall(ResetGuardExchangeFilterFunction filter, ClientRequest request, ExchangeFunction next,
			CoreSubscriber<? super ClientResponse> actual, String peer, CallRetry retry) {
		this.filter = filter;
		this.request = request;
		this.next = next;
		this.actual = actual;
		Context callerContext = actual.currentContext();
		// WebClient carries its http.client.requests observation in the Reactor context, not on a thread.
		this.attempt = new WebClientAttempt(peer, retry,
				callerContext.getOrDefault(ObservationThreadLocalAccessor.KEY, null));
		this.context = callerContext.put(Attempt.CONTEXT_KEY, this.attempt);
	}

	void start() {
		CallRetry retry = this.attempt.retry();
		// Asked first: the future a call whose peer is up would be handed costs every call 24 B.
		if (!retry.mustWaitForPeer()) {
			attempt();
			return;
		}
		// A call whose peer stayed down goes ahead all the same and meets whatever the peer does. The
		// ride-through completes its futures on its probe thread, which is not ours to keep busy.
		retry.whenPeerReady(this.attempt.observation())
			.whenComplete((peerReady, ex) -> schedule(this::attempt, 0, null));
	}

	private void attempt() {
		if (this.cancelled) {
			return;
		}
		this.attempt.next();
		this.awaitingRetry = false;
		Mono<ClientResponse> exchange;
		try {
			exchange = this.next.exchange(this.request);
		}
		catch (Throwable ex) {
			Exceptions.throwIfJvmFatal(ex);
			onError(ex);
			return;
		}
		exchange.subscribe(this);
	}

	@Override
	public Context currentContext() {
		return this.context;
	}

	@Override
	public void onSubscribe(Subscription subscription) {
		this.upstream = subscription;
		if (this.cancelled) {
			subscription.cancel();
		}
		else if (this.requested) {
			subscription.request(Long.MAX_VALUE);
		}
	}

	@Override
	public void onNext(ClientResponse response) {
		this.attempt.retry().succeeded();
		boolean instrumented = this.attempt.connection() != null;
		this.attempt.responseHandedOn();
		// No instrumented channel served the attempt, so none tells when its exchange ends.
		this.actual.onNext(instrumented ? response : watchBody(response));
	}

	@Override
	public void onError(Throwable failure) {
		if (this.cancelled) {
			Operators.onErrorDropped(failure, this.context);
			return;
		}
		CallRetry retry = this.attempt.retry();
		retry.observeUnder(this.attempt.observation());
		if (ReplayableBodies.isUsedUp(this.request)) {
			retry.bodyUsedUp();
		}
		if (!retry.shouldRetry(this.attempt.resetOf(failure, this.filter.recorder()), failure)) {
			if (logger.isDebugEnabled()) {
				logger.debug("Failure calling {} on attempt {}: {}", this.attempt.peer(), this.attempt.number(),
						retry.outcome().tagValue());
			}
			this.attempt.end(Ending.FINISHED);
			this.actual.onError(failure);
			return;
		}
		this.awaitingRetry = true;
		long backoffNanos = retry.backoffNanos();
		CompletableFuture<Boolean> ready = retry.whenPeerReady();
		if (ready.isDone()) {
			retryAfter(ready.getNow(Boolean.TRUE), backoffNanos, failure);
		}
		else {
			ready.whenComplete(
					(peerReady, ex) -> schedule(() -> retryAfter(peerReady, backoffNanos, failure), 0, failure));
		}
	}

	@Override
	public void onComplete() {
		if (this.cancelled) {
			return;
		}
		if (!this.attempt.responded()) {
			this.attempt.end(Ending.FINISHED);
		}
		this.actual.onComplete();
	}

	@Override
	public void request(long n) {
		if (Operators.validate(n)) {
			this.requested = true;
			Subscription subscription = this.upstream;
			if (subscription != null) {
				subscription.request(Long.MAX_VALUE);
			}
		}
	}

	@Override
	public void cancel() {
		if (this.cancelled) {
			return;
		}
		this.cancelled = true;
		Subscription subscription = this.upstream;
		if (subscription != null) {
			subscription.cancel();
		}
		Disposable pending = this.pendingRetry;
		if (pending != null) {
			pending.dispose();
		}
		// Once the response is handed on, its body or its channel tells when the call ends.
		if (!this.attempt.responded()) {
			this.attempt.end(this.awaitingRetry ? Ending.INTERRUPTED : Ending.FINISHED);
		}
	}

	private void retryAfter(Boolean peerReady, long backoffNanos, Throwable failure) {
		if (this.cancelled) {
			return;
		}
		if (!Boolean.TRUE.equals(peerReady)) {
			logger.debug("Reset calling {} on attempt {}: peer still restarting, giving up", this.attempt.peer(),
					this.attempt.number());
			// The reactive counterpart of a blocking wait that gave up: the call ends exhausted.
			this.attempt.end(Ending.INTERRUPTED);
			this.actual.onError(failure);
			return;
		}
		logger.debug("Reset calling {} on attempt {}: retrying", this.attempt.peer(), this.attempt.number());
		this.attempt.retry().backingOff();
		schedule(this::retryNow, backoffNanos, failure);
	}

	private void retryNow() {
		if (this.cancelled) {
			return;
		}
		this.attempt.retry().retrying();
		attempt();
	}

	private void schedule(Runnable task, long delayNanos, Throwable failure) {
		try {
			this.pendingRetry = this.filter.timer().schedule(task, delayNanos, TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			this.attempt.end(Ending.INTERRUPTED);
			this.actual.onError((failure != null) ? failure : ex);
			return;
		}
		if (this.cancelled) {
			this.pendingRetry.dispose();
		}
	}

	private ClientResponse watchBody(ClientResponse response) {
		return response.mutate()
			.body((body) -> body.doOnComplete(() -> this.attempt.end(Ending.FINISHED))
				.doOnCancel(() -> this.attempt.end(Ending.FINISHED))
				.doOnError((failure) -> this.attempt.bodyFailed(failure, this.filter.recorder())))
			.build();
	}

}
