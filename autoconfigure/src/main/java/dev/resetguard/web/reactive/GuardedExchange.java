package dev.resetguard.web.reactive;

import dev.resetguard.CallRetry;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * The exchange of one request through the filter: each subscription to it is a {@link GuardedCall} of its
 * own, with its own retry state.
 */
final class GuardedExchange extends Mono<ClientResponse> {

	private final ResetGuardExchangeFilterFunction filter;

	private final ClientRequest request;

	private final ExchangeFunction next;

	GuardedExchange(ResetGuardExchangeFilterFunction filter, ClientRequest request, ExchangeFunction next) {
		this.filter = filter;
		this.request = request;
		this.next = next;
	}

	@Override
	public void subscribe(CoreSubscriber<? super ClientResponse> actual) {
		GuardedCall call;
		try {
			String peer = this.filter.peerOf(this.request);
			CallRetry retry = this.filter.start(this.request, peer);
			call = new GuardedCall(this.filter, ReplayableBodies.trackingOneShotBody(this.request), this.next, actual,
					peer, retry);
		}
		catch (RuntimeException ex) {
			Operators.error(actual, Operators.onOperatorError(ex, actual.currentContext()));
			return;
		}
		actual.onSubscribe(call);
		call.start();
	}

}
