package dev.resetguard.web.reactive;

import java.util.List;
import java.util.Objects;

import dev.resetguard.CallRetries;
import dev.resetguard.CallRetry;
import dev.resetguard.forensics.Attempt;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.retry.IdempotencyRules;
import dev.resetguard.retry.RequestTraits;
import dev.resetguard.retry.RetrySettings;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

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
 * Each call travels in its attempts' Reactor context as an {@link Attempt}. When the connector is
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
		return new GuardedExchange(this, request, next);
	}

	String peerOf(ClientRequest request) {
		return this.callRetries.peerOf(request.url());
	}

	CallRetry start(ClientRequest request, String peer) {
		RetrySettings settings = this.callRetries.settingsFor(peer);
		return this.callRetries.start(ClientKind.WEB_CLIENT, peer, traitsOf(request, settings), settings);
	}

	ResetRecorder recorder() {
		return this.recorder;
	}

	Scheduler timer() {
		return this.timer;
	}

	private static RequestTraits traitsOf(ClientRequest request, RetrySettings settings) {
		HttpHeaders headers = request.headers();
		String key = headers.isEmpty() ? null : headers.getFirst(settings.idempotencyHeader());
		// No attempt has asked for the body yet: a body that cannot be sent twice is used up once one did.
		return RequestTraits.of(IdempotencyRules.isIdempotentMethod(request.method().name()),
				key != null && !key.isBlank(), true);
	}

}
