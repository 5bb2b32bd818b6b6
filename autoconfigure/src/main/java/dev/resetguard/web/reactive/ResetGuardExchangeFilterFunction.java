package dev.resetguard.web.reactive;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.resetguard.CallRetries;
import dev.resetguard.CallRetry;
import dev.resetguard.forensics.CallAttempt;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ConnectionTrace;
import dev.resetguard.forensics.IoOperation;
import dev.resetguard.forensics.PeerKey;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetPhase;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.retry.RequestTraits;
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

	private final CallRetries callRetries;

	private final Scheduler timer = Schedulers.parallel();

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
		return Mono.defer(() -> new Call(request, next).exchange());
	}

	/**
	 * One call through the filter: its attempts and its retry state, which reports its outcome once.
	 */
	private final class Call {

		private final ClientRequest request;

		private final ExchangeFunction next;

		private final String peer;

		private final CallRetry retry;

		private final AtomicBoolean ended = new AtomicBoolean();

		private volatile CallAttempt attempt;

		private volatile boolean awaitingRetry;

		Call(ClientRequest request, ExchangeFunction next) {
			this.request = request;
			this.next = next;
			this.peer = PeerKey.of(request.url());
			CallRetries callRetries = ResetGuardExchangeFilterFunction.this.callRetries;
			RetrySettings settings = callRetries.settingsFor(this.peer);
			RequestTraits traits = RequestTraits.ofHttp(request.method().name(),
					request.headers().getFirst(settings.idempotencyHeader()), ReplayableBodies.isReplayable(request));
			this.retry = callRetries.start(CLIENT, this.peer, traits, settings);
		}

		Mono<ClientResponse> exchange() {
			return whenPeerReady()
				.then(Mono.defer(this::attempt))
				.retryWhen(Retry.from((signals) -> signals.concatMap((signal) -> afterFailure(signal.failure()))))
				.map(this::watchBody)
				.doOnCancel(this::cancelled);
		}

		private Mono<Boolean> whenPeerReady() {
			CompletableFuture<Boolean> ready = this.retry.whenPeerReady();
			if (ready.isDone()) {
				return Mono.just(ready.getNow(Boolean.TRUE));
			}
			// The ride-through completes its futures on its probe thread, which is not ours to keep busy.
			return Mono.fromFuture(ready).publishOn(ResetGuardExchangeFilterFunction.this.timer);
		}

		private Mono<ClientResponse> attempt() {
			CallAttempt current = new CallAttempt(this.peer, this.retry.attempt());
			this.attempt = current;
			this.awaitingRetry = false;
			return this.next.exchange(this.request).contextWrite(Context.of(CallAttempt.CONTEXT_KEY, current));
		}

		private Mono<?> afterFailure(Throwable failure) {
			CallAttempt current = this.attempt;
			if (!this.retry.shouldRetry(resetOf(current, failure), failure)) {
				logger.debug("Failure calling {} on attempt {}: {}", this.peer, current.number(),
						this.retry.outcome().tagValue());
				end(this.retry::finish);
				return Mono.error(failure);
			}
			this.awaitingRetry = true;
			Duration backoff = Duration.ofNanos(this.retry.backoffNanos());
			return whenPeerReady().flatMap((ready) -> {
				if (!ready) {
					logger.debug("Reset calling {} on attempt {}: peer still restarting, giving up", this.peer,
							current.number());
					// The reactive counterpart of a blocking wait that gave up: the call ends exhausted.
					end(this.retry::interrupted);
					return Mono.error(failure);
				}
				logger.debug("Reset calling {} on attempt {}: retrying", this.peer, current.number());
				return Mono.delay(backoff, ResetGuardExchangeFilterFunction.this.timer)
					.doOnNext((tick) -> this.retry.retrying());
			});
		}

		private ClientResponse watchBody(ClientResponse response) {
			CallAttempt current = this.attempt;
			this.retry.succeeded();
			return response.mutate()
				.body((body) -> body.doOnComplete(() -> end(this.retry::finish))
					.doOnCancel(() -> end(this.retry::finish))
					.doOnError((failure) -> bodyFailed(current, failure)))
				.build();
		}

		private void bodyFailed(CallAttempt current, Throwable failure) {
			// The response went to the application already; its body cannot be fetched again from here.
			if (resetOf(current, failure) != null) {
				end(this.retry::resetAfterResponse);
			}
			else {
				end(this.retry::finish);
			}
		}

		private void cancelled() {
			end(this.awaitingRetry ? this.retry::interrupted : this.retry::finish);
		}

		// The call can end on several threads at once (a cancel racing the body's end): only one ending counts.
		private void end(Runnable ending) {
			if (this.ended.compareAndSet(false, true)) {
				ending.run();
			}
		}

		private ResetEvent resetOf(CallAttempt current, Throwable failure) {
			ResetEvent event = current.reset();
			// Errors are never resets, and must not be handed to code that may allocate.
			if (event != null || !(failure instanceof Exception)) {
				return event;
			}
			ResetRecorder recorder = ResetGuardExchangeFilterFunction.this.recorder;
			ConnectionTrace connection = current.connection();
			if (connection == null) {
				return recorder.callFailed(CLIENT, this.peer, ResetPhase.UNKNOWN, failure, current.number());
			}
			// The channel saw no failure of its own, only the close Reactor Netty reports as premature.
			IoOperation operation = (connection.exchangeBytesSent() == 0 && connection.exchangeBytesReceived() == 0)
					? IoOperation.WRITE : IoOperation.READ;
			return recorder.connectionFailed(CLIENT, connection, operation, failure, current.number());
		}

	}

}
