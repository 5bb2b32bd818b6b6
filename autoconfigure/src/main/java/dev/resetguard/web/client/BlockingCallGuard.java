package dev.resetguard.web.client;

import java.io.IOException;
import java.util.Locale;
import java.util.Objects;

import dev.resetguard.BlockingRetryLoop;
import dev.resetguard.CallRetries;
import dev.resetguard.CallRetry;
import dev.resetguard.forensics.Attempt;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.retry.RequestTraits;
import dev.resetguard.retry.RetrySettings;
import dev.resetguard.retry.Sleeper;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.retry.backoff.ThreadWaitSleeper;

/**
 * Runs one blocking HTTP call of a {@code RestClient} or {@code RestTemplate} under Reset Guard's rules,
 * through the {@link BlockingRetryLoop}: waits while the peer is restarting, runs each attempt inside an
 * {@link Attempt} so that a reset is recorded once with the facts the sockets saw, retries resets as
 * the call's {@link CallRetry} allows and reports one outcome per call, when the caller closes the
 * response. On a reset that is not retried the caller gets the client's own exception, unchanged.
 * <p>
 * Backoffs are waited out by spring-retry's {@link ThreadWaitSleeper} unless a {@link Sleeper} is given.
 * A call answered the first time costs no retry context, callback or lambda. Thread-safe; one instance
 * serves every call of a kind of client.
 */
public final class BlockingCallGuard {

	private final ClientKind client;

	private final CallRetries retries;

	private final ResetRecorder recorder;

	private final BlockingRetryLoop loop;

	// Made once: a method reference made per call would cost every call an object.
	private final BlockingRetryLoop.Action<Exchange, ClientHttpResponse, IOException> attempt;

	private volatile HeaderName idempotencyHeader = new HeaderName("", "");

	/**
	 * Create a guard that waits out backoffs on the calling thread with spring-retry.
	 * @param client the kind of client guarded, which tags its resets, retries and calls
	 * @param retries the retry settings, budgets and meters shared by all clients
	 * @param recorder where resets are recorded
	 */
	public BlockingCallGuard(ClientKind client, CallRetries retries, ResetRecorder recorder) {
		this(client, retries, recorder, new SpringRetrySleeper(new ThreadWaitSleeper()));
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
		this.loop = new BlockingRetryLoop(recorder, sleeper);
		this.attempt = this::attempt;
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
		String peer = this.retries.peerOf(request.getURI());
		RetrySettings settings = this.retries.settingsFor(peer);
		RequestTraits traits = RequestTraits.ofHttp(request.getMethod().name(),
				request.getHeaders().getFirst(lowerCase(settings.idempotencyHeader())), exchange.replayable());
		return this.loop.open(this.retries.start(this.client, peer, traits, settings), exchange, this.attempt);
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
	 * Send the request once. Take the status before handing the response over: some clients
	 * (HttpURLConnection with a request body) only read the response then, and a reset there must fail
	 * this attempt, not the caller.
	 */
	private ClientHttpResponse attempt(Exchange exchange, CallRetry call, Attempt scope) throws IOException {
		try {
			ClientHttpResponse response = exchange.send();
			try {
				response.getStatusCode();
			}
			catch (IOException | RuntimeException ex) {
				response.close();
				throw ex;
			}
			return new GuardedClientHttpResponse(response, call, scope, this.recorder);
		}
		catch (IOException | RuntimeException ex) {
			if (!exchange.replayable()) {
				call.bodyUsedUp();
			}
			throw ex;
		}
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

}
