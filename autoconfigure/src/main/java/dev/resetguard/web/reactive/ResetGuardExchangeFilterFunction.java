package dev.resetguard.web.reactive;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

import dev.resetguard.forensics.CallAttempt;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ConnectionTrace;
import dev.resetguard.forensics.IoOperation;
import dev.resetguard.forensics.PeerKey;
import dev.resetguard.forensics.ResetCause;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetPhase;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.metrics.ResetGuardMetrics;
import dev.resetguard.restart.ConnectionRefusal;
import dev.resetguard.restart.RestartRideThrough;
import dev.resetguard.retry.Backoff;
import dev.resetguard.retry.CallOutcome;
import dev.resetguard.retry.CallOutcomeListener;
import dev.resetguard.retry.CallRetryState;
import dev.resetguard.retry.RequestExposure;
import dev.resetguard.retry.RequestTraits;
import dev.resetguard.retry.RetryBudgets;
import dev.resetguard.retry.RetrySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;
import reactor.util.retry.Retry;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * Retries {@code WebClient} exchanges that a reset interrupted, by the rules every Reset Guard client
 * follows: only resets are retried, with jittered, capped exponential backoff on a timer (never blocking
 * a thread), per-peer settings and retry budget, and only while repeating the request is safe. A request
 * that is not idempotent is retried under {@code safe-only} only if it surely never reached the peer or
 * carries the idempotency header; a body that is a publisher is never sent again once a request byte left.
 * While a peer is restarting, calls and retries to it wait, without blocking, for the ride-through's probe.
 * <p>
 * Each attempt carries a {@link CallAttempt} in its Reactor context. When the connector is instrumented
 * by Reset Guard, the channel that serves the attempt records its reset with the connection's facts and
 * attaches it, so phase, cause and the retry decision rest on what the connection saw; otherwise they
 * rest on the exception alone, and a request that may have been sent counts as sent.
 * <p>
 * Every call records one {@code reset.guard.calls} outcome, when its response body ends. A reset in the
 * middle of the response body is recorded but not retried, as the response has already been handed to
 * the application: the call ends {@code not-retryable}. On exhaustion the caller gets the last attempt's
 * exception, unchanged.
 */
public final class ResetGuardExchangeFilterFunction implements ExchangeFilterFunction {

	private static final Logger logger = LoggerFactory.getLogger(ResetGuardExchangeFilterFunction.class);

	private static final ClientKind CLIENT = ClientKind.WEB_CLIENT;

	private final ResetRecorder recorder;

	private final ResetGuardMetrics metrics;

	private final Function<String, RetrySettings> peerSettings;

	private final RetryBudgets budgets;

	private final CallOutcomeListener calls;

	private final RestartRideThrough rideThrough;

	private final DoubleSupplier random;

	private final Scheduler timer;

	private ResetGuardExchangeFilterFunction(Builder builder) {
		this.recorder = builder.recorder;
		this.metrics = builder.metrics;
		this.peerSettings = builder.peerSettings;
		this.budgets = (builder.budgets != null) ? builder.budgets
				: new RetryBudgets(builder.peerSettings, RetryBudgets.DEFAULT_MAX_PEERS, System::nanoTime);
		this.calls = (builder.calls != null) ? builder.calls : builder.metrics;
		this.rideThrough = builder.rideThrough;
		this.random = Backoff.THREAD_LOCAL_RANDOM;
		this.timer = Schedulers.parallel();
	}

	/**
	 * Return a builder whose defaults are the production ones: default retry settings for every peer, their
	 * own budgets, outcomes counted by the metrics only, and no restart ride-through.
	 * @param recorder where resets are recorded, shared with the channel instrumentation
	 * @param metrics where retries, and by default call outcomes, are counted
	 * @return a new builder
	 */
	public static Builder builder(ResetRecorder recorder, ResetGuardMetrics metrics) {
		return new Builder(recorder, metrics);
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
		return Mono.defer(() -> new Call(request, next).exchange());
	}

	private static String peerOf(URI url) {
		int port = url.getPort();
		if (port == -1) {
			port = "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
		}
		return PeerKey.of(url.getHost(), port);
	}

	/**
	 * One call through the filter: its attempts, its retry state and its single outcome.
	 */
	private final class Call {

		private final ClientRequest request;

		private final ExchangeFunction next;

		private final String peer;

		private final RequestTraits traits;

		private final CallRetryState retry;

		private final AtomicBoolean ended = new AtomicBoolean();

		private volatile CallAttempt attempt;

		private volatile boolean awaitingRetry;

		Call(ClientRequest request, ExchangeFunction next) {
			this.request = request;
			this.next = next;
			this.peer = peerOf(request.url());
			ResetGuardExchangeFilterFunction filter = ResetGuardExchangeFilterFunction.this;
			RetrySettings settings = filter.peerSettings.apply(this.peer);
			this.traits = RequestTraits.ofHttp(request.method().name(),
					request.headers().getFirst(settings.idempotencyHeader()), ReplayableBodies.isReplayable(request));
			this.retry = CallRetryState.start(settings, filter.budgets.budgetFor(this.peer), filter.random);
		}

		Mono<ClientResponse> exchange() {
			return whenPeerReady()
				.then(Mono.defer(this::attempt))
				.retryWhen(Retry.from((signals) -> signals.concatMap((signal) -> afterFailure(signal.failure()))))
				.map(this::watchBody)
				.doOnCancel(this::cancelled);
		}

		private Mono<Boolean> whenPeerReady() {
			RestartRideThrough rideThrough = ResetGuardExchangeFilterFunction.this.rideThrough;
			if (rideThrough == null || !rideThrough.isRestarting(this.peer)) {
				return Mono.just(Boolean.TRUE);
			}
			this.retry.waitedForPeer();
			// The ride-through completes its futures on its probe thread, which is not ours to keep busy.
			return Mono.fromFuture(rideThrough.whenReady(this.peer))
				.publishOn(ResetGuardExchangeFilterFunction.this.timer);
		}

		private Mono<ClientResponse> attempt() {
			CallAttempt previous = this.attempt;
			CallAttempt current = new CallAttempt(this.peer, (previous != null) ? previous.number() + 1 : 1);
			this.attempt = current;
			this.awaitingRetry = false;
			return this.next.exchange(this.request).contextWrite(Context.of(CallAttempt.CONTEXT_KEY, current));
		}

		private Mono<?> afterFailure(Throwable failure) {
			CallAttempt current = this.attempt;
			Reset reset = resetOf(current, failure);
			if (reset == null && isPeerRestarting() && ConnectionRefusal.isRefused(failure)) {
				// A refused connect never carried the request, and is part of the restart's incident.
				reset = Reset.REFUSED_BY_RESTARTING_PEER;
			}
			if (reset == null) {
				end(this.retry.outcomeWithoutReset(current.number()));
				return Mono.error(failure);
			}
			CallOutcome stop = this.retry.stopAfterReset(this.traits, reset.exposure(), current.number());
			if (stop != null) {
				logger.debug("Reset calling {} on attempt {}: {}", this.peer, current.number(), stop.tagValue());
				end(stop);
				return Mono.error(failure);
			}
			this.awaitingRetry = true;
			Duration backoff = Duration.ofNanos(this.retry.backoffNanos(current.number()));
			ResetCause cause = reset.cause();
			return whenPeerReady().flatMap((ready) -> {
				if (!ready) {
					logger.debug("Reset calling {} on attempt {}: peer still restarting, giving up", this.peer,
							current.number());
					end(CallOutcome.EXHAUSTED);
					return Mono.error(failure);
				}
				logger.debug("Reset calling {} on attempt {}: retrying", this.peer, current.number());
				ResetGuardExchangeFilterFunction.this.metrics.recordRetry(CLIENT, this.peer, cause);
				return Mono.delay(backoff, ResetGuardExchangeFilterFunction.this.timer);
			});
		}

		private ClientResponse watchBody(ClientResponse response) {
			CallAttempt current = this.attempt;
			RestartRideThrough rideThrough = ResetGuardExchangeFilterFunction.this.rideThrough;
			if (rideThrough != null) {
				rideThrough.callSucceeded(this.peer);
			}
			return response.mutate()
				.body((body) -> body.doOnComplete(() -> end(this.retry.outcomeWithoutReset(current.number())))
					.doOnCancel(() -> end(this.retry.outcomeWithoutReset(current.number())))
					.doOnError((failure) -> bodyFailed(current, failure)))
				.build();
		}

		private void bodyFailed(CallAttempt current, Throwable failure) {
			// The response went to the application already; its body cannot be fetched again from here.
			boolean reset = resetOf(current, failure) != null;
			end(reset ? CallOutcome.NOT_RETRYABLE : this.retry.outcomeWithoutReset(current.number()));
		}

		private void cancelled() {
			CallAttempt current = this.attempt;
			if (this.awaitingRetry) {
				end(CallOutcome.EXHAUSTED);
			}
			else {
				end(this.retry.outcomeWithoutReset((current != null) ? current.number() : 1));
			}
		}

		private void end(CallOutcome outcome) {
			if (this.ended.compareAndSet(false, true)) {
				ResetGuardExchangeFilterFunction.this.calls.onCall(CLIENT, this.peer, outcome);
			}
		}

		private boolean isPeerRestarting() {
			RestartRideThrough rideThrough = ResetGuardExchangeFilterFunction.this.rideThrough;
			return rideThrough != null && rideThrough.isRestarting(this.peer);
		}

		private Reset resetOf(CallAttempt current, Throwable failure) {
			ResetEvent event = current.reset();
			if (event != null) {
				return Reset.of(event);
			}
			// Errors are never resets, and must not be handed to code that may allocate.
			if (!(failure instanceof Exception)) {
				return null;
			}
			ResetRecorder recorder = ResetGuardExchangeFilterFunction.this.recorder;
			ConnectionTrace connection = current.connection();
			if (connection == null) {
				event = recorder.callFailed(CLIENT, this.peer, ResetPhase.UNKNOWN, failure, current.number());
				return (event != null) ? Reset.of(event) : null;
			}
			// The channel saw no failure of its own, only the close Reactor Netty reports as premature.
			IoOperation operation = (connection.exchangeBytesSent() == 0 && connection.exchangeBytesReceived() == 0)
					? IoOperation.WRITE : IoOperation.READ;
			event = recorder.connectionFailed(CLIENT, connection, operation, failure, current.number());
			if (event != null) {
				return Reset.of(event);
			}
			return (connection.isReset() && recorder.classifier().isReset(failure)) ? Reset.UNATTRIBUTED : null;
		}

	}

	/**
	 * What the retry decision needs to know about a reset.
	 */
	private record Reset(RequestExposure exposure, ResetCause cause) {

		/** A reset whose event was recorded for its connection, but not for this attempt. */
		static final Reset UNATTRIBUTED = new Reset(RequestExposure.UNKNOWN, ResetCause.UNKNOWN);

		/** A connect refused while the peer restarts: no reset, but the same incident. */
		static final Reset REFUSED_BY_RESTARTING_PEER = new Reset(RequestExposure.NOT_SENT, ResetCause.PEER_RESTART);

		static Reset of(ResetEvent event) {
			return new Reset(RequestExposure.of(event.phase(), event.facts()), event.cause());
		}

	}

	/**
	 * Builds a {@link ResetGuardExchangeFilterFunction}.
	 */
	public static final class Builder {

		private final ResetRecorder recorder;

		private final ResetGuardMetrics metrics;

		private Function<String, RetrySettings> peerSettings = (peer) -> RetrySettings.ofDefaults();

		private RetryBudgets budgets;

		private CallOutcomeListener calls;

		private RestartRideThrough rideThrough;

		private Builder(ResetRecorder recorder, ResetGuardMetrics metrics) {
			this.recorder = Objects.requireNonNull(recorder, "recorder");
			this.metrics = Objects.requireNonNull(metrics, "metrics");
		}

		/**
		 * Set the retry settings of each peer, for example defaults with per-peer overrides.
		 * @param peerSettings the settings of a peer, given its {@code host:port}
		 * @return this builder
		 */
		public Builder peerSettings(Function<String, RetrySettings> peerSettings) {
			this.peerSettings = Objects.requireNonNull(peerSettings, "peerSettings");
			return this;
		}

		/**
		 * Set the retry budgets, to share them with the other clients of the same peers.
		 * @param budgets the retry budgets
		 * @return this builder
		 */
		public Builder budgets(RetryBudgets budgets) {
			this.budgets = Objects.requireNonNull(budgets, "budgets");
			return this;
		}

		/**
		 * Tell the given listener the outcome of every call, instead of only the metrics.
		 * @param calls the call outcome listener
		 * @return this builder
		 */
		public Builder callOutcomeListener(CallOutcomeListener calls) {
			this.calls = Objects.requireNonNull(calls, "calls");
			return this;
		}

		/**
		 * Hold calls and retries to restarting peers behind the given ride-through, waiting without
		 * blocking a thread.
		 * @param rideThrough the ride-through
		 * @return this builder
		 */
		public Builder rideThrough(RestartRideThrough rideThrough) {
			this.rideThrough = Objects.requireNonNull(rideThrough, "rideThrough");
			return this;
		}

		/**
		 * Build the filter.
		 * @return the filter
		 */
		public ResetGuardExchangeFilterFunction build() {
			return new ResetGuardExchangeFilterFunction(this);
		}

	}

}
