package dev.resetguard.web.client;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

import dev.resetguard.CallRetries;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.retry.Sleeper;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Makes a {@code RestClient} or {@code RestTemplate} reset-aware as an interceptor, with the same rules as
 * the {@link ResetGuardClientHttpRequestFactory request factory} Reset Guard normally decorates clients
 * with: see {@link BlockingCallGuard}.
 * <p>
 * The fallback for a client whose request factory cannot be wrapped: a {@code RestClient.Builder} that is
 * not Spring's own, or whose request factory cannot be read. Any interceptor puts a client on Spring's
 * intercepting path, which buffers every request body and copies the headers: that costs more per call
 * than the request factory, but every body can be sent again. A retry runs the interceptors after this one
 * again. A reset while the caller reads the response body is recorded but not retried: the response
 * already reached the caller.
 */
public final class ResetGuardClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {

	private final BlockingCallGuard guard;

	/**
	 * Create an interceptor that waits out backoffs on the calling thread with spring-retry.
	 * @param client the kind of client decorated, which tags its resets, retries and calls
	 * @param retries the retry settings, budgets and meters shared by all clients
	 * @param recorder where resets are recorded
	 */
	public ResetGuardClientHttpRequestInterceptor(ClientKind client, CallRetries retries, ResetRecorder recorder) {
		this(new BlockingCallGuard(client, retries, recorder));
	}

	/**
	 * Create an interceptor.
	 * @param client the kind of client decorated, which tags its resets, retries and calls
	 * @param retries the retry settings, budgets and meters shared by all clients
	 * @param recorder where resets are recorded
	 * @param sleeper waits out each backoff
	 */
	public ResetGuardClientHttpRequestInterceptor(ClientKind client, CallRetries retries, ResetRecorder recorder,
			Sleeper sleeper) {
		this(new BlockingCallGuard(client, retries, recorder, sleeper));
	}

	/**
	 * Create an interceptor that runs calls with the given guard.
	 * @param guard runs each call
	 */
	public ResetGuardClientHttpRequestInterceptor(BlockingCallGuard guard) {
		this.guard = Objects.requireNonNull(guard, "guard");
	}

	/**
	 * Return the kind of client this interceptor decorates.
	 * @return the client kind
	 */
	public ClientKind client() {
		return this.guard.client();
	}

	/**
	 * Add this interceptor to a client's interceptors unless a Reset Guard interceptor is there already,
	 * so decorating a client twice changes nothing.
	 * @param interceptors the client's interceptors, modified in place
	 * @return {@code true} if this interceptor was added
	 */
	public boolean addTo(List<ClientHttpRequestInterceptor> interceptors) {
		if (isPresentIn(interceptors)) {
			return false;
		}
		interceptors.add(this);
		return true;
	}

	/**
	 * Return whether a Reset Guard interceptor is among a client's interceptors.
	 * @param interceptors the client's interceptors
	 * @return {@code true} if one is
	 */
	public static boolean isPresentIn(List<ClientHttpRequestInterceptor> interceptors) {
		for (ClientHttpRequestInterceptor interceptor : interceptors) {
			if (interceptor instanceof ResetGuardClientHttpRequestInterceptor) {
				return true;
			}
		}
		return false;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		return this.guard.execute(request, new InterceptedExchange(request, body, execution));
	}

	/**
	 * Sends an intercepted request down the rest of the chain; Spring buffered its body, so it can always be
	 * sent again.
	 */
	private static final class InterceptedExchange implements BlockingCallGuard.Exchange {

		private final HttpRequest request;

		private final byte[] body;

		private final ClientHttpRequestExecution execution;

		InterceptedExchange(HttpRequest request, byte[] body, ClientHttpRequestExecution execution) {
			this.request = request;
			this.body = body;
			this.execution = execution;
		}

		@Override
		public boolean replayable() {
			return true;
		}

		@Override
		public ClientHttpResponse send() throws IOException {
			return this.execution.execute(this.request, this.body);
		}

	}

}
