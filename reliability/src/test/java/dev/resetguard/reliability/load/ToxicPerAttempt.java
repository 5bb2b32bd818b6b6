package dev.resetguard.reliability.load;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.Toxic;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.InterceptingClientHttpRequestFactory;
import org.springframework.http.client.support.HttpRequestWrapper;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * Draws, for every attempt on the wire, whether the chaos server resets it and how, and asks for it with the
 * {@code X-Chaos-Toxic} header. Installed under Reset Guard's request factory (see {@link #under}) or inside
 * its filter, so that a retry draws again, as it would against a server that resets a share of its requests at
 * random (a per-call header would reset every attempt of a doomed call). Draws come from one seeded sequence.
 */
final class ToxicPerAttempt implements ClientHttpRequestInterceptor, ExchangeFilterFunction {

	private static final List<Toxic> ON_ANY_REQUEST = List.of(Toxic.resetAfterRequestHead(),
			Toxic.resetAfterResponseBytes(512));

	private static final List<Toxic> ON_UPLOAD = List.of(Toxic.resetAfterRequestHead(),
			Toxic.resetAfterResponseBytes(512), Toxic.resetDuringUpload(1024));

	private final double probability;

	private final SplittableRandom random;

	private final ConcurrentMap<String, LongAdder> drawn = new ConcurrentHashMap<>();

	ToxicPerAttempt(double probability, long seed) {
		this.probability = probability;
		this.random = new SplittableRandom(seed);
	}

	/**
	 * Return a request factory that draws for every request it sends: under Reset Guard's request factory,
	 * every attempt is a request of its own.
	 * @param wire the factory that sends the requests
	 * @return the factory to decorate with Reset Guard
	 */
	ClientHttpRequestFactory under(ClientHttpRequestFactory wire) {
		return new InterceptingClientHttpRequestFactory(wire, List.of(this));
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		String toxic = draw(request.getMethod());
		HttpHeaders headers = new HttpHeaders();
		headers.putAll(request.getHeaders());
		headers.remove(ChaosServer.TOXIC_HEADER);
		if (toxic != null) {
			headers.set(ChaosServer.TOXIC_HEADER, toxic);
		}
		return execution.execute(new HttpRequestWrapper(request) {

			@Override
			public HttpHeaders getHeaders() {
				return headers;
			}

		}, body);
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		// Deferred, so that each subscription (each attempt Reset Guard makes) draws anew.
		return Mono.defer(() -> {
			String toxic = draw(request.method());
			ClientRequest attempt = ClientRequest.from(request).headers((headers) -> {
				headers.remove(ChaosServer.TOXIC_HEADER);
				if (toxic != null) {
					headers.set(ChaosServer.TOXIC_HEADER, toxic);
				}
			}).build();
			return next.exchange(attempt);
		});
	}

	/**
	 * Return how many attempts asked for each toxic.
	 */
	Map<String, Long> drawn() {
		Map<String, Long> counts = new TreeMap<>();
		this.drawn.forEach((toxic, count) -> counts.put(toxic, count.sum()));
		return counts;
	}

	private String draw(HttpMethod method) {
		List<Toxic> toxics = HttpMethod.POST.equals(method) ? ON_UPLOAD : ON_ANY_REQUEST;
		Toxic toxic;
		synchronized (this.random) {
			if (this.random.nextDouble() >= this.probability) {
				return null;
			}
			toxic = toxics.get(this.random.nextInt(toxics.size()));
		}
		String spec = toxic.toString();
		this.drawn.computeIfAbsent(spec, (key) -> new LongAdder()).increment();
		return spec;
	}

}
