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

	private final Function<String, RetrySettings> peerSettings;

	private final RetryBudgets budgets;

	private final ResetGuardMetrics metrics;

	private final CallOutcomeListener calls;

	private final DoubleSupplier random;

	private final Scheduler timer;

	/**
	 * Create the filter.
	 * @param recorder where resets are recorded, shared with the channel instrumentation
	 * @param peerSettings the retry settings of each peer
	 * @param budgets the retry budgets of the peers
	 * @param metrics where retries are counted
	 * @param calls receives the outcome of every call
	 */
	public ResetGuardExchangeFilterFunction(ResetRecorder recorder, Function<String, RetrySettings> peerSettings,
			RetryBudgets budgets, ResetGuardMetrics metrics, CallOutcomeListener calls) {
		this(recorder, peerSettings, budgets, metrics, calls, Backoff.THREAD_LOCAL_RANDOM, Schedulers.parallel());
	}

	ResetGuardExchangeFilterFunction(ResetRecorder recorder, Function<String, RetrySettings> peerSettings,
			RetryBudgets budgets, ResetGuardMetrics metrics, CallOutcomeListener calls, DoubleSupplier random,
			Scheduler timer) {
		this.recorder = Objects.requireNonNull(recorder, "recorder");
		this.peerSettings = Objects.requireNonNull(peerSettings, "peerSettings");
		this.budgets = Objects.requireNonNull(budgets, "budgets");
		this.metrics = Objects.requireNonNull(metrics, "metrics");
		this.calls = Objects.requireNonNull(calls, "calls");
		this.random = Objects.requireNonNull(random, "random");
		this.timer = Objects.requireNonNull(timer, "timer");
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
			RetrySettings settings = ResetGuardExchangeFilterFunction.this.peerSettings.apply(this.peer);
			this.traits = RequestTraits.ofHttp(request.method().name(),
					request.headers().getFirst(settings.idempotencyHeader()), ReplayableBodies.isReplayable(request));
			this.retry = CallRetryState.start(settings, ResetGuardExchangeFilterFunction.this.budgets.budgetFor(this.peer),
					ResetGuardExchangeFilterFunction.this.random);
		}

		Mono<ClientResponse> exchange() {
			return Mono.defer(this::attempt)
				.retryWhen(Retry.from((signals) -> signals.concatMap((signal) -> afterFailure(signal.failure()))))
				.map(this::watchBody)
				.doOnCancel(this::cancelled);
		}

		private Mono<ClientResponse> attempt() {
			CallAttempt previous = this.attempt;
			CallAttempt current = new CallAttempt(this.peer, (previous != null) ? previous.number() + 1 : 1);
			this.attempt = current;
			this.awaitingRetry = false;
			return this.next.exchange(this.request).contextWrite(Context.of(CallAttempt.CONTEXT_KEY, current));
		}

		private Mono<Long> afterFailure(Throwable failure) {
			CallAttempt current = this.attempt;
			Reset reset = resetOf(current, failure);
			if (reset == null) {
				end(CallRetryState.outcomeWithoutReset(current.number()));
				return Mono.error(failure);
			}
			CallOutcome stop = this.retry.stopAfterReset(this.traits, reset.exposure(), current.number());
			if (stop != null) {
				logger.debug("Reset calling {} on attempt {}: {}", this.peer, current.number(), stop.tagValue());
				end(stop);
				return Mono.error(failure);
			}
			logger.debug("Reset calling {} on attempt {}: retrying", this.peer, current.number());
			ResetGuardExchangeFilterFunction.this.metrics.recordRetry(CLIENT, this.peer, reset.cause());
			this.awaitingRetry = true;
			return Mono.delay(Duration.ofNanos(this.retry.backoffNanos(current.number())),
					ResetGuardExchangeFilterFunction.this.timer);
		}

		private ClientResponse watchBody(ClientResponse response) {
			CallAttempt current = this.attempt;
			return response.mutate()
				.body((body) -> body.doOnComplete(() -> end(CallRetryState.outcomeWithoutReset(current.number())))
					.doOnCancel(() -> end(CallRetryState.outcomeWithoutReset(current.number())))
					.doOnError((failure) -> bodyFailed(current, failure)))
				.build();
		}

		private void bodyFailed(CallAttempt current, Throwable failure) {
			// The response went to the application already; its body cannot be fetched again from here.
			boolean reset = resetOf(current, failure) != null;
			end(reset ? CallOutcome.NOT_RETRYABLE : CallRetryState.outcomeWithoutReset(current.number()));
		}

		private void cancelled() {
			CallAttempt current = this.attempt;
			if (this.awaitingRetry) {
				end(CallOutcome.EXHAUSTED);
			}
			else {
				end(CallRetryState.outcomeWithoutReset((current != null) ? current.number() : 1));
			}
		}

		private void end(CallOutcome outcome) {
			if (this.ended.compareAndSet(false, true)) {
				ResetGuardExchangeFilterFunction.this.calls.onCall(CLIENT, this.peer, outcome);
			}
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

		static Reset of(ResetEvent event) {
			return new Reset(RequestExposure.of(event.phase(), event.facts()), event.cause());
		}

	}

}
