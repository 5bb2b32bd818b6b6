package dev.resetguard.web.client;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

import dev.resetguard.forensics.AttemptScope;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.PeerKey;
import dev.resetguard.forensics.ResetPhase;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.CallRetries;
import dev.resetguard.CallRetry;
import dev.resetguard.retry.RequestTraits;
import dev.resetguard.retry.RetrySettings;
import dev.resetguard.retry.Sleeper;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.retry.RetryCallback;
import org.springframework.retry.RetryContext;
import org.springframework.retry.support.RetryTemplate;

/**
 * Makes a {@code RestClient} or {@code RestTemplate} reset-aware: every request runs under Reset
 * Guard's retry rules (resets only, idempotency, attempts, jittered backoff, the peer's retry budget)
 * with spring-retry's {@link RetryTemplate} as the engine, every reset is recorded once with the facts
 * the sockets saw, and every call reports one outcome. On a reset that is not retried the caller gets
 * the client's own exception, unchanged.
 * <p>
 * A retry runs the interceptors after this one again. Spring hands interceptors a buffered body, so
 * every request body can be sent again. A reset while the caller reads the response body is recorded
 * but not retried: the response already reached the caller.
 */
public final class ResetGuardClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {

	private final ClientKind client;

	private final CallRetries retries;

	private final ResetRecorder recorder;

	private final RetryTemplate retryTemplate;

	/**
	 * Create an interceptor that waits out backoffs on the calling thread.
	 * @param client the kind of client decorated, which tags its resets, retries and calls
	 * @param retries the retry settings, budgets and meters shared by all clients
	 * @param recorder where resets are recorded
	 */
	public ResetGuardClientHttpRequestInterceptor(ClientKind client, CallRetries retries, ResetRecorder recorder) {
		this(client, retries, recorder, Sleeper.THREAD);
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
		this.client = Objects.requireNonNull(client, "client");
		this.retries = Objects.requireNonNull(retries, "retries");
		this.recorder = Objects.requireNonNull(recorder, "recorder");
		RetryTemplate template = new RetryTemplate();
		template.setRetryPolicy(new CallRetryPolicy());
		template.setBackOffPolicy(new CallBackOffPolicy(Objects.requireNonNull(sleeper, "sleeper")));
		template.setThrowLastExceptionOnExhausted(true);
		this.retryTemplate = template;
	}

	/**
	 * Return the kind of client this interceptor decorates.
	 * @return the client kind
	 */
	public ClientKind client() {
		return this.client;
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

	private static boolean isPresentIn(List<ClientHttpRequestInterceptor> interceptors) {
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
		String peer = PeerKey.of(request.getURI());
		RetrySettings settings = this.retries.settingsFor(peer);
		RequestTraits traits = RequestTraits.ofHttp(request.getMethod().name(),
				request.getHeaders().getFirst(settings.idempotencyHeader()), true);
		CallRetry call = this.retries.start(this.client, peer, traits, settings);
		call.awaitPeer();
		try {
			return this.retryTemplate.execute(new Attempt(call, request, body, execution));
		}
		catch (IOException | RuntimeException | Error ex) {
			call.finish();
			throw ex;
		}
	}

	/**
	 * One attempt of a call: runs the rest of the chain inside an {@link AttemptScope}, and on failure
	 * hands the resolved reset to the retry context.
	 */
	private final class Attempt implements RetryCallback<ClientHttpResponse, IOException> {

		private final CallRetry call;

		private final HttpRequest request;

		private final byte[] body;

		private final ClientHttpRequestExecution execution;

		Attempt(CallRetry call, HttpRequest request, byte[] body, ClientHttpRequestExecution execution) {
			this.call = call;
			this.request = request;
			this.body = body;
			this.execution = execution;
		}

		@Override
		public ClientHttpResponse doWithRetry(RetryContext context) throws IOException {
			CallRetryContext retryContext = (CallRetryContext) context;
			retryContext.startAttempt(this.call);
			ResetRecorder recorder = ResetGuardClientHttpRequestInterceptor.this.recorder;
			AttemptScope scope = new AttemptScope(this.call.client(), this.call.peer(), this.call.attempt());
			AttemptScope.Activation activation = scope.activate();
			try {
				return answered(this.execution.execute(this.request, this.body), scope, recorder);
			}
			catch (IOException | RuntimeException ex) {
				retryContext.attemptFailed(scope.resolve(recorder, ResetPhase.UNKNOWN, ex));
				throw ex;
			}
			finally {
				activation.close();
			}
		}

		/**
		 * Take the status before handing the response over: some clients (HttpURLConnection with a request
		 * body) only read the response then, and a reset there must fail this attempt, not the caller.
		 */
		private ClientHttpResponse answered(ClientHttpResponse response, AttemptScope scope, ResetRecorder recorder)
				throws IOException {
			try {
				response.getStatusCode();
			}
			catch (IOException | RuntimeException ex) {
				response.close();
				throw ex;
			}
			this.call.succeeded();
			return new GuardedClientHttpResponse(response, this.call, scope, recorder);
		}

	}

}
