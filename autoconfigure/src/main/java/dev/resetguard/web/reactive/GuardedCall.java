package dev.resetguard.web.reactive;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import dev.resetguard.CallRetry;
import dev.resetguard.forensics.Attempt;
import dev.resetguard.web.reactive.WebClientAttempt.Ending;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
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
 * call, as the {@link WebClientAttempt} its channels see, in its Reactor context under
 * {@link Attempt#CONTEXT_KEY}.
 */
final class GuardedCall extends WebClientAttempt implements CoreSubscriber<ClientResponse>, Subscription {

	// Under the filter's name, which is the one users know to turn on.
	private static final Logger logger = LoggerFactory.getLogger(ResetGuardExchangeFilterFunction.class);

	private final ResetGuardExchangeFilterFunction filter;

	private final ClientRequest request;

	private final ExchangeFunction next;

	private final CoreSubscriber<? super ClientResponse> actual;

	// One attempt object stands for every attempt, so one context serves them all.
	private final Context context;

	private volatile @Nullable Subscription upstream;

	private volatile @Nullable Disposable pendingRetry;

	private volatile boolean requested;

	private volatile boolean cancelled;

	private volatile boolean awaitingRetry;

	GuardedCall(ResetGuardExchangeFilterFunction filter, ClientRequest request, ExchangeFunction next,
			CoreSubscriber<? super ClientResponse> actual, String peer, CallRetry retry) {
		super(peer, retry);
		this.filter = filter;
		this.request = request;
		this.next = next;
		this.actual = actual;
		this.context = actual.currentContext().put(Attempt.CONTEXT_KEY, this);
	}

	@Override
	@Nullable Observation observation() {
		return this.context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
	}

	void start() {
		CallRetry retry = retry();
		// Asked first: the future a call whose peer is up would be handed costs every call 24 B.
		if (!retry.mustWaitForPeer()) {
			startAttempt();
			return;
		}
		// A call whose peer stayed down goes ahead all the same and meets whatever the peer does. The
		// ride-through completes its futures on its probe thread, which is not ours to keep busy.
		retry.whenPeerReady(observation())
			.whenComplete((peerReady, ex) -> schedule(this::startAttempt, 0, null));
	}

	private void startAttempt() {
		if (this.cancelled) {
			return;
		}
		nextAttempt();
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
		retry().succeeded();
		boolean instrumented = connection() != null;
		responseHandedOn();
		// No instrumented channel served the attempt, so none tells when its exchange ends.
		this.actual.onNext(instrumented ? response : watchBody(response));
	}

	@Override
	public void onError(Throwable failure) {
		if (this.cancelled) {
			Operators.onErrorDropped(failure, this.context);
			return;
		}
		CallRetry retry = retry();
		retry.observeUnder(observation());
		if (ReplayableBodies.isUsedUp(this.request)) {
			retry.bodyUsedUp();
		}
		if (!retry.shouldRetry(resetOf(failure, this.filter.recorder()), failure)) {
			if (logger.isDebugEnabled()) {
				logger.debug("Failure calling {} on attempt {}: {}", peer(), number(), retry.outcome().tagValue());
			}
			end(Ending.FINISHED);
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
		if (!responded()) {
			end(Ending.FINISHED);
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
		if (!responded()) {
			end(this.awaitingRetry ? Ending.INTERRUPTED : Ending.FINISHED);
		}
	}

	private void retryAfter(Boolean peerReady, long backoffNanos, Throwable failure) {
		if (this.cancelled) {
			return;
		}
		if (!Boolean.TRUE.equals(peerReady)) {
			logger.debug("Reset calling {} on attempt {}: peer still restarting, giving up", peer(), number());
			// The reactive counterpart of a blocking wait that gave up: the call ends exhausted.
			end(Ending.INTERRUPTED);
			this.actual.onError(failure);
			return;
		}
		logger.debug("Reset calling {} on attempt {}: retrying", peer(), number());
		retry().backingOff();
		schedule(this::retryNow, backoffNanos, failure);
	}

	private void retryNow() {
		if (this.cancelled) {
			return;
		}
		retry().retrying();
		startAttempt();
	}

	private void schedule(Runnable task, long delayNanos, @Nullable Throwable failure) {
		try {
			this.pendingRetry = this.filter.timer().schedule(task, delayNanos, TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			end(Ending.INTERRUPTED);
			this.actual.onError((failure != null) ? failure : ex);
			return;
		}
		if (this.cancelled) {
			this.pendingRetry.dispose();
		}
	}

	private ClientResponse watchBody(ClientResponse response) {
		return response.mutate()
			.body((body) -> body.doOnComplete(() -> end(Ending.FINISHED))
				.doOnCancel(() -> end(Ending.FINISHED))
				.doOnError((failure) -> bodyFailed(failure, this.filter.recorder())))
			.build();
	}

}
