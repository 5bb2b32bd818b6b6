package dev.resetguard.web.reactive;

import java.util.Set;

import reactor.core.publisher.Mono;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.BodyInserters.FormInserter;
import org.springframework.web.reactive.function.BodyInserters.MultipartInserter;
import org.springframework.web.reactive.function.client.ClientRequest;

/**
 * Tells whether the body of a {@link ClientRequest} can be sent again: no body, a value
 * ({@code bodyValue(...)}) or URL-encoded form data can; a publisher, a producer, a resource or
 * multipart data (whose parts may be publishers) is subscribed once and cannot be trusted to repeat itself.
 * Such a body is sent through a {@link OneShotBody}, which tells whether an attempt asked for it.
 */
final class ReplayableBodies {

	// BodyInserters returns lambdas, so a value inserter is known by the class of its capture site; should
	// a JVM ever share those classes, bodies would be taken as not replayable, the safe mistake.
	private static final Set<Class<?>> VALUE_INSERTERS = Set.of(BodyInserters.fromValue(Boolean.TRUE).getClass(),
			BodyInserters.fromValue(Boolean.TRUE, new ParameterizedTypeReference<Boolean>() {
			}).getClass());

	private ReplayableBodies() {
	}

	/**
	 * Return whether the request's body, if any, can be sent again.
	 * @param request the request
	 * @return {@code true} if sending the request again sends the same body
	 */
	static boolean isReplayable(ClientRequest request) {
		BodyInserter<?, ?> body = request.body();
		if (body == BodyInserters.empty() || VALUE_INSERTERS.contains(body.getClass())) {
			return true;
		}
		return body instanceof FormInserter<?> && !(body instanceof MultipartInserter);
	}

	/**
	 * Return the request to send: the request itself when its body can be sent again, else a copy whose
	 * body tells whether an attempt asked for it.
	 * @param request the request
	 * @return the request to send on every attempt
	 */
	static ClientRequest trackingOneShotBody(ClientRequest request) {
		return isReplayable(request) ? request
				: ClientRequest.from(request).body(new OneShotBody(request.body())).build();
	}

	/**
	 * Return whether an attempt asked for the body of a request made by {@link #trackingOneShotBody}, so that
	 * no later attempt may send it: the body was subscribed to, in part or whole, even if no byte of it left.
	 * @param request the request sent
	 * @return {@code true} once the body of a request whose body cannot be sent again was asked for
	 */
	static boolean isUsedUp(ClientRequest request) {
		return request.body() instanceof OneShotBody oneShot && oneShot.used;
	}

	/**
	 * A body that cannot be sent twice, which remembers whether it was asked to write itself.
	 */
	private static final class OneShotBody implements BodyInserter<Object, ClientHttpRequest> {

		private final BodyInserter<?, ? super ClientHttpRequest> body;

		private volatile boolean used;

		OneShotBody(BodyInserter<?, ? super ClientHttpRequest> body) {
			this.body = body;
		}

		@Override
		public Mono<Void> insert(ClientHttpRequest outputMessage, Context context) {
			this.used = true;
			return this.body.insert(outputMessage, context);
		}

	}

}
