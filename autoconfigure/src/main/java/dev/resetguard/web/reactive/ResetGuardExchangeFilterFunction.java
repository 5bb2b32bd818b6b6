package dev.resetguard.web.reactive;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import dev.resetguard.CallRetries;
import dev.resetguard.CallRetry;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ConnectionTrace;
import dev.resetguard.forensics.IoOperation;
import dev.resetguard.forensics.PeerKeyCache;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetPhase;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.netty.ExchangeAttempt;
import dev.resetguard.retry.IdempotencyRules;
import dev.resetguard.retry.RequestTraits;
import dev.resetguard.retry.RetrySettings;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * Retries {@code WebClient} exchanges that a reset interrupted, by the rules every Reset Guard client
 * follows: only resets are retried, with jittered, capped exponential backoff on a timer (never blocking
 * a thread), per-peer settings and retry budget, and only while repeating the request is safe. A request
 * that is not idempotent is retried under {@code safe-only} only if it surely never reached the peer or
 * carries the idempotency header; a body that is a publisher is never subscribed to twice: once an attempt
 * asked for it, the call is not retried, even when that attempt's first write failed with nothing sent.
 * While a peer is restarting, calls and retries to it wait, without blocking, for the ride-through's probe.
 * <p>
 * Each call travels in its attempts' Reactor context as an {@link ExchangeAttempt}. When the connector is
 * instrumented by Reset Guard, the channel that serves an attempt records its reset with the connection's
 * facts and attaches it, so phase, cause and the retry decision rest on what the connection saw; otherwise
 * they rest on the exception alone, and a request that may have been sent counts as sent.
 * <p>
 * Every call records one {@code reset.guard.calls} outcome, when its response body ends: the instrumented
 * channel tells when its exchange ends; without one, the response's body is watched. A reset in the middle
 * of the response body is recorded but not retried, as the response has already been handed to the
 * application: the call ends {@code not-retryable}. On exhaustion the caller gets the last attempt's
 * exception, unchanged.
 * <p>
 * A call that nothing resets allocates little more than its retry state: the retry machinery is set up
 * only once a reset happened.
 */
public final class ResetGuardExchangeFilterFunction implements ExchangeFilterFunction {

	private static final Logger logger = LoggerFactory.getLogger(ResetGuardExchangeFilterFunction.class);

	private static final ClientKind CLIENT = ClientKind.WEB_CLIENT;

	private final ResetRecorder recorder;

	private final CallRetries callRetries;

	private final Scheduler timer = Schedulers.parallel();

	private final PeerKeyCache peers = new PeerKeyCache(PeerKeyCache.DEFAULT_CAPACITY);

	/**
	 * Create the filter.
	 * @param recorder where resets are recorded, shared with the channel instrumentation
	 * @param callRetries starts the retry state of each call: settings, budgets, meters, outcomes and
	 * restart ride-through, shared with the other clients
	 */
	public ResetGuardExchangeFilterFunction(ResetRecorder recorder, CallRetries callRetries) {
		this.recorder = Objects.requireNonNull(recorder, "recorder");
		this.callRetries = Objects.requireNonNull(callRetries, "callRetries");
	}

	/**
	 * Return whether a list of filters, as a {@code WebClient.Builder} holds them, already has Reset Guard's.
	 * @param filters the filters
	 * @return {@code true} if one of them is a {@link ResetGuardExchangeFilterFunction}
	 */
	public static boolean isPresentIn(List<ExchangeFilterFunction> filters) {
		for (ExchangeFilterFunction filter : filters) {
			if (filter instanceof ResetGuardExchangeFilterFunction) {
				return true;
			}
		}
		return false;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		return new GuardedExchange(request, next);
	}

	private CallRetry start(ClientRequest request, String peer) {
		RetrySettings settings = this.callRetries.settingsFor(peer);
		return this.callRetries.start(CLIENT, peer, traitsOf(request, settings), settings);
	}

	private static RequestTraits traitsOf(ClientRequest request, RetrySettings settings) {
		HttpHeaders headers = request.headers();
		String key = headers.isEmpty() ? null : headers.getFirst(settings.idempotencyHeader());
		// No attempt has asked for the body yet: a body that cannot be sent twice is used up once one did.
		return RequestTraits.of(IdempotencyRules.isIdempotentMethod(request.method().name()),
				key != null && !key.isBlank(), true);
	}

	/**
	 * The exchange of one request: each subscription to it is a call of its own.
	 */
	private final class GuardedExchange extends Mono<ClientResponse> {

		private final ClientRequest request;

		private final ExchangeFunction next;

		GuardedExchange(ClientRequest request, ExchangeFunction next) {
			this.request = request;
			this.next = next;
		}

		@Override
		public void subscribe(CoreSubscriber<? super ClientResponse> actual) {
			Call call;
			try {
				String peer = ResetGuardExchangeFilterFunction.this.peers.of(this.request.url());
				call = new Call(ReplayableBodies.trackingOneShotBody(this.request), this.next, actual, peer,
						start(this.request, peer));
			}
			catch (RuntimeException ex) {
				Operators.error(actual, Operators.onOperatorError(ex, actual.currentContext()));
				return;
			}
			actual.onSubscribe(call);
			call.start();
		}

	}

	/**
	 * One call through the filter: the subscriber of each of its attempts in turn, the subscription its
	 * caller holds, and the attempt the serving channel sees. Its retry state reports its outcome once.
	 */
	private final class Call implements CoreSubscriber<ClientResponse>, Subscription, ExchangeAttempt {

		// The state of the current attempt: its number, shifted by two, and these two flags. The call ends,
		// if nothing failed, when both are set: its response was handed on and its channel is done with it.
		private static final int RESPONDED = 1;

		private static final int EXCHANGE_ENDED = 2;

		private static final int FLAGS = RESPONDED | EXCHANGE_ENDED;

		private static final AtomicIntegerFieldUpdater<Call> STATE = AtomicIntegerFieldUpdater.newUpdater(Call.class,
				"state");

		private static final AtomicIntegerFieldUpdater<Call> ENDED = AtomicIntegerFieldUpdater.newUpdater(Call.class,
				"ended");

		private static final int FINISHED = 1;

		private static final int INTERRUPTED = 2;

		private static final int RESET_AFTER_RESPONSE = 3;

		private static final int FAILED_AFTER_RESPONSE = 4;

		private final ClientRequest request;

		private final ExchangeFunction next;

		private final CoreSubscriber<? super ClientResponse> actual;

		private final String peer;

		private final CallRetry retry;

		private final Context context;

		private volatile int state;

		private volatile int ended;

		private volatile Subscription upstream;

		private volatile boolean requested;

		private volatile boolean cancelled;

		private volatile boolean awaitingRetry;

		private volatile Disposable pendingRetry;

		private volatile ConnectionTrace connection;

		private volatile ResetEvent reset;

		Call(ClientRequest request, ExchangeFunction next, CoreSubscriber<? super ClientResponse> actual, String peer,
				CallRetry retry) {
			this.request = request;
			this.next = next;
			this.actual = actual;
			this.peer = peer;
			this.retry = retry;
			// One object stands for every attempt, so one context serves them all.
			this.context = actual.currentContext().put(ExchangeAttempt.CONTEXT_KEY, this);
		}

		void start() {
			CompletableFuture<Boolean> ready = this.retry.whenPeerReady(observation());
			if (ready.isDone()) {
				attempt();
				return;
			}
			// A call whose peer stayed down goes ahead all the same and meets whatever the peer does. The
			// ride-through completes its futures on its probe thread, which is not ours to keep busy.
			ready.whenComplete((peerReady, ex) -> schedule(this::attempt, 0, null));
		}

		private void attempt() {
			if (this.cancelled) {
				return;
			}
			// In this order: a channel that still serves the previous attempt must find it gone (see advance).
			this.connection = null;
			this.reset = null;
			this.state = this.retry.attempt() << 2;
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
			this.retry.succeeded();
			if (this.connection == null) {
				// No instrumented channel served the attempt, so none tells when its exchange ends.
				advance(null, RESPONDED);
				this.actual.onNext(watchBody(response));
				return;
			}
			advance(null, RESPONDED);
			this.actual.onNext(response);
		}

		@Override
		public void onError(Throwable failure) {
			if (this.cancelled) {
				Operators.onErrorDropped(failure, this.context);
				return;
			}
			int number = this.state >>> 2;
			this.retry.observeUnder(observation());
			if (ReplayableBodies.isUsedUp(this.request)) {
				this.retry.bodyUsedUp();
			}
			if (!this.retry.shouldRetry(resetOf(failure), failure)) {
				if (logger.isDebugEnabled()) {
					logger.debug("Failure calling {} on attempt {}: {}", this.peer, number,
							this.retry.outcome().tagValue());
				}
				end(FINISHED);
				this.actual.onError(failure);
				return;
			}
			this.awaitingRetry = true;
			long backoffNanos = this.retry.backoffNanos();
			CompletableFuture<Boolean> ready = this.retry.whenPeerReady();
			if (ready.isDone()) {
				retryAfter(ready.getNow(Boolean.TRUE), backoffNanos, failure);
			}
			else {
				ready.whenComplete((peerReady, ex) -> schedule(() -> retryAfter(peerReady, backoffNanos, failure),
						0, failure));
			}
		}

		@Override
		public void onComplete() {
			if (this.cancelled) {
				return;
			}
			if ((this.state & RESPONDED) == 0) {
				end(FINISHED);
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
			if ((this.state & RESPONDED) == 0) {
				end(this.awaitingRetry ? INTERRUPTED : FINISHED);
			}
		}

		@Override
		public String peer() {
			return this.peer;
		}

		@Override
		public int number() {
			return this.state >>> 2;
		}

		@Override
		public void bind(ConnectionTrace connection) {
			this.connection = Objects.requireNonNull(connection, "connection");
		}

		@Override
		public boolean decides() {
			return true;
		}

		@Override
		public void resetRecorded(ConnectionTrace connection, ResetEvent event) {
			if (this.connection == connection) {
				this.reset = event;
				// Mid-body: the call ends now, before its caller hears of the failure.
				if ((this.state & RESPONDED) != 0) {
					this.retry.observeUnder(observation());
					end(RESET_AFTER_RESPONSE);
				}
			}
		}

		@Override
		public void exchangeEnded(ConnectionTrace connection) {
			advance(connection, EXCHANGE_ENDED);
		}

		private void retryAfter(Boolean peerReady, long backoffNanos, Throwable failure) {
			if (this.cancelled) {
				return;
			}
			int number = this.state >>> 2;
			if (!Boolean.TRUE.equals(peerReady)) {
				logger.debug("Reset calling {} on attempt {}: peer still restarting, giving up", this.peer, number);
				// The reactive counterpart of a blocking wait that gave up: the call ends exhausted.
				end(INTERRUPTED);
				this.actual.onError(failure);
				return;
			}
			logger.debug("Reset calling {} on attempt {}: retrying", this.peer, number);
			this.retry.backingOff();
			schedule(this::retryNow, backoffNanos, failure);
		}

		private void retryNow() {
			if (this.cancelled) {
				return;
			}
			this.retry.retrying();
			attempt();
		}

		private void schedule(Runnable task, long delayNanos, Throwable failure) {
			try {
				this.pendingRetry = ResetGuardExchangeFilterFunction.this.timer.schedule(task, delayNanos,
						TimeUnit.NANOSECONDS);
			}
			catch (RejectedExecutionException ex) {
				end(INTERRUPTED);
				this.actual.onError((failure != null) ? failure : ex);
				return;
			}
			if (this.cancelled) {
				this.pendingRetry.dispose();
			}
		}

		// A channel passes its connection, which must still serve the current attempt; the response passes none.
		private void advance(ConnectionTrace from, int flag) {
			while (true) {
				int current = this.state;
				if ((from != null && this.connection != from) || (current & flag) != 0) {
					return;
				}
				int next = current | flag;
				if (STATE.compareAndSet(this, current, next)) {
					if ((next & FLAGS) == FLAGS) {
						end((this.reset != null) ? RESET_AFTER_RESPONSE : FINISHED);
					}
					return;
				}
			}
		}

		private ClientResponse watchBody(ClientResponse response) {
			return response.mutate()
				.body((body) -> body.doOnComplete(() -> end(FINISHED))
					.doOnCancel(() -> end(FINISHED))
					.doOnError(this::bodyFailed))
				.build();
		}

		private void bodyFailed(Throwable failure) {
			// The response went to the application already; its body cannot be fetched again from here.
			this.retry.observeUnder(observation());
			ResetEvent reset = resetOf(failure);
			if (reset != null) {
				this.reset = reset;
				end(RESET_AFTER_RESPONSE);
			}
			else {
				end(FAILED_AFTER_RESPONSE);
			}
		}

		// The call can end on several threads at once (a cancel racing the body's end): only one ending counts.
		private void end(int ending) {
			if (!ENDED.compareAndSet(this, 0, 1)) {
				return;
			}
			switch (ending) {
				case INTERRUPTED -> this.retry.interrupted();
				case RESET_AFTER_RESPONSE -> this.retry.failedAfterResponse(this.reset);
				case FAILED_AFTER_RESPONSE -> this.retry.failedAfterResponse(null);
				default -> this.retry.finish();
			}
		}

		// WebClient carries its http.client.requests observation in the Reactor context, not on a thread.
		private Observation observation() {
			return this.context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
		}

		private ResetEvent resetOf(Throwable failure) {
			ResetEvent event = this.reset;
			// Errors are never resets, and must not be handed to code that may allocate.
			if (event != null || !(failure instanceof Exception)) {
				return event;
			}
			ResetRecorder recorder = ResetGuardExchangeFilterFunction.this.recorder;
			ConnectionTrace connection = this.connection;
			int number = this.state >>> 2;
			if (connection == null) {
				return recorder.callFailed(CLIENT, this.peer, ResetPhase.UNKNOWN, failure, number, true);
			}
			// The channel saw no failure of its own, only the close Reactor Netty reports as premature.
			IoOperation operation = (!connection.requestMayHaveLeft() && connection.exchangeBytesReceived() == 0)
					? IoOperation.WRITE : IoOperation.READ;
			return recorder.connectionFailed(CLIENT, connection, operation, failure, number, true);
		}

	}

}
