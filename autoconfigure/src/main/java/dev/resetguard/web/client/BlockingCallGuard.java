package dev.resetguard.web.client;

import java.io.IOException;
import java.util.Locale;
import java.util.Objects;

import dev.resetguard.CallRetries;
import dev.resetguard.CallRetry;
import dev.resetguard.forensics.Attempt;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.PeerKeyCache;
import dev.resetguard.forensics.ResetPhase;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.retry.RequestTraits;
import dev.resetguard.retry.RetrySettings;
import dev.resetguard.retry.Sleeper;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.retry.RetryCallback;
import org.springframework.retry.RetryContext;
import org.springframework.retry.support.RetryTemplate;

/**
 * Runs one blocking HTTP call of a {@code RestClient} or {@code RestTemplate} under Reset Guard's rules:
 * waits while the peer is restarting, runs each attempt inside an {@link Attempt} so that a reset is
 * recorded once with the facts the sockets saw, retries resets as the call's {@link CallRetry} allows and
 * reports one outcome per call. On a reset that is not retried the caller gets the client's own exception,
 * unchanged.
 * <p>
 * The first attempt runs directly; spring-retry's {@link RetryTemplate} takes over, with Reset Guard's
 * policy types, only after a reset, for the remaining attempts. So a call answered the first time costs no
 * retry context, callback or lambda. Thread-safe; one instance serves every call of a kind of client.
 */
public final class BlockingCallGuard {

	private final ClientKind client;

	private final CallRetries retries;

	private final ResetRecorder recorder;

	private final CallBackOffPolicy backOff;

	private final RetryTemplate retryTemplate;

	private final PeerKeyCache peers = new PeerKeyCache(PeerKeyCache.DEFAULT_CAPACITY);

	private volatile HeaderName idempotencyHeader = new HeaderName("", "");

	/**
	 * Create a guard that waits out backoffs on the calling thread.
	 * @param client the kind of client guarded, which tags its resets, retries and calls
	 * @param retries the retry settings, budgets and meters shared by all clients
	 * @param recorder where resets are recorded
	 */
	public BlockingCallGuard(ClientKind client, CallRetries retries, ResetRecorder recorder) {
		this(client, retries, recorder, Sleeper.THREAD);
	}

	/**
	 * Create a guard.
	 * @param client the kind of client guarded, which tags its resets, retries and calls
	 * @param retries the retry settings, budgets and meters shared by all clients
	 * @param recorder where resets are recorded
	 * @param sleeper waits out each backoff
	 */
	public BlockingCallGuard(ClientKind client, CallRetries retries, ResetRecorder recorder, Sleeper sleeper) {
		this.client = Objects.requireNonNull(client, "client");
		this.retries = Objects.requireNonNull(retries, "retries");
		this.recorder = Objects.requireNonNull(recorder, "recorder");
		this.backOff = new CallBackOffPolicy(Objects.requireNonNull(sleeper, "sleeper"));
		RetryTemplate template = new RetryTemplate();
		template.setRetryPolicy(new CallRetryPolicy());
		template.setBackOffPolicy(this.backOff);
		template.setThrowLastExceptionOnExhausted(true);
		this.retryTemplate = template;
	}

	/**
	 * Return the kind of client this guard runs calls for.
	 * @return the client kind
	 */
	public ClientKind client() {
		return this.client;
	}

	/**
	 * Run a call.
	 * @param request the request, read for its peer, method and idempotency header
	 * @param exchange sends the request, once per attempt
	 * @return the response, which reports the call's outcome when it is closed
	 * @throws IOException the failure of the last attempt, as the client threw it
	 */
	ClientHttpResponse execute(HttpRequest request, Exchange exchange) throws IOException {
		String peer = this.peers.of(request.getURI());
		RetrySettings settings = this.retries.settingsFor(peer);
		RequestTraits traits = RequestTraits.ofHttp(request.getMethod().name(),
				request.getHeaders().getFirst(lowerCase(settings.idempotencyHeader())), exchange.replayable());
		CallRetry call = this.retries.start(this.client, peer, traits, settings);
		call.awaitPeer();
		Attempt scope = new Attempt(this.client, peer, 1);
		try {
			return attempt(call, scope, exchange);
		}
		catch (IOException | RuntimeException ex) {
			if (!call.shouldRetry(scope.reset(), ex) || !this.backOff.pause(call)) {
				call.finish();
				throw ex;
			}
		}
		catch (Error ex) {
			call.finish();
			throw ex;
		}
		try {
			return this.retryTemplate.execute(new RemainingAttempts(call, exchange));
		}
		catch (IOException | RuntimeException | Error ex) {
			call.finish();
			throw ex;
		}
	}

	/**
	 * Return a header name in lower case. Headers are looked up by their lower-case name, and lower-casing
	 * one that is not would cost every call a string; every peer but a configured one shares one name.
	 */
	private String lowerCase(String headerName) {
		HeaderName cached = this.idempotencyHeader;
		if (cached.name() != headerName) {
			cached = new HeaderName(headerName, headerName.toLowerCase(Locale.ROOT));
			this.idempotencyHeader = cached;
		}
		return cached.lowerCase();
	}

	/**
	 * Run one attempt with its scope active; on failure the scope holds the reset, if it was one.
	 */
	private ClientHttpResponse attempt(CallRetry call, Attempt scope, Exchange exchange) throws IOException {
		Attempt.Activation activation = scope.activate();
		try {
			return answered(exchange.send(), call, scope);
		}
		catch (IOException | RuntimeException ex) {
			scope.resolve(this.recorder, ResetPhase.UNKNOWN, ex);
			if (!exchange.replayable()) {
				call.bodyUsedUp();
			}
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
	private ClientHttpResponse answered(ClientHttpResponse response, CallRetry call, Attempt scope)
			throws IOException {
		try {
			response.getStatusCode();
		}
		catch (IOException | RuntimeException ex) {
			response.close();
			throw ex;
		}
		call.succeeded();
		return new GuardedClientHttpResponse(response, call, scope, this.recorder);
	}

	/**
	 * A header name and its lower-case form.
	 */
	private record HeaderName(String name, String lowerCase) {

	}

	/**
	 * Sends the request of one call, once per attempt.
	 */
	interface Exchange {

		/**
		 * Return whether the request can be sent by the next attempt: {@code false} once its body was
		 * streamed, in part or whole, by a writer that cannot write it twice.
		 * @return whether the next attempt could send the same request
		 */
		boolean replayable();

		/**
		 * Send the request: the first time for the first attempt, again for each retry.
		 * @return the response
		 * @throws IOException as the client throws it
		 */
		ClientHttpResponse send() throws IOException;

	}

	/**
	 * The attempts after a reset, run by the retry template: each hands its reset to the retry context.
	 */
	private final class RemainingAttempts implements RetryCallback<ClientHttpResponse, IOException> {

		private final CallRetry call;

		private final Exchange exchange;

		RemainingAttempts(CallRetry call, Exchange exchange) {
			this.call = call;
			this.exchange = exchange;
		}

		@Override
		public ClientHttpResponse doWithRetry(RetryContext context) throws IOException {
			CallRetryContext retryContext = (CallRetryContext) context;
			retryContext.startAttempt(this.call);
			Attempt scope = new Attempt(this.call.client(), this.call.peer(), this.call.attempt());
			try {
				return attempt(this.call, scope, this.exchange);
			}
			catch (IOException | RuntimeException ex) {
				retryContext.attemptFailed(scope.reset());
				throw ex;
			}
		}

	}

}
