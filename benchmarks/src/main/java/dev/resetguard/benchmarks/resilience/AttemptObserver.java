package dev.resetguard.benchmarks.resilience;

import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;

import dev.resetguard.classify.ResetClassifier;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;

import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;

/**
 * Counts, inside Apache HttpClient's execution chain, every attempt that goes to the wire and every
 * attempt that ends in a reset, so that retries hidden inside the client (its own retry strategy) are
 * seen too. It sits just inside the client's retry step and only observes: exceptions pass unchanged.
 * Registered as a Boot customizer, as a user would add one, so every contender gets the same observer.
 */
final class AttemptObserver implements ExecChainHandler,
		ClientHttpRequestFactoryBuilderCustomizer<HttpComponentsClientHttpRequestFactoryBuilder> {

	private final ResetClassifier classifier = new ResetClassifier();

	private final boolean disableClientRetries;

	private final LongAdder attempts = new LongAdder();

	private final LongAdder resets = new LongAdder();

	/**
	 * Create an observer.
	 * @param disableClientRetries whether to also switch Apache's own retry strategy off
	 */
	AttemptObserver(boolean disableClientRetries) {
		this.disableClientRetries = disableClientRetries;
	}

	@Override
	public HttpComponentsClientHttpRequestFactoryBuilder customize(HttpComponentsClientHttpRequestFactoryBuilder builder) {
		return builder.withHttpClientCustomizer((client) -> {
			if (this.disableClientRetries) {
				client.disableAutomaticRetries();
			}
			client.addExecInterceptorBefore(ChainElement.PROTOCOL.name(), "reset-guard-benchmark-observer", this);
		});
	}

	@Override
	public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
			throws IOException, HttpException {
		this.attempts.increment();
		try {
			return chain.proceed(request, scope);
		}
		catch (IOException | HttpException | RuntimeException ex) {
			if (this.classifier.classify(ex).isReset()) {
				this.resets.increment();
			}
			throw ex;
		}
	}

	/** Attempts that reached the execution chain so far. */
	long attempts() {
		return this.attempts.sum();
	}

	/** Attempts that ended in a reset so far. */
	long resets() {
		return this.resets.sum();
	}

}
