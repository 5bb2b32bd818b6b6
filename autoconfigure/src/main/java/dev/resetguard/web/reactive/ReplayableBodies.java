package dev.resetguard.web.reactive;

import java.util.Set;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.BodyInserters.FormInserter;
import org.springframework.web.reactive.function.BodyInserters.MultipartInserter;
import org.springframework.web.reactive.function.client.ClientRequest;

/**
 * Tells whether the body of a {@link ClientRequest} can be sent again: no body, a value
 * ({@code bodyValue(...)}) or URL-encoded form data can; a publisher, a producer, a resource or
 * multipart data (whose parts may be publishers) is subscribed once and cannot be trusted to repeat itself.
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

}
