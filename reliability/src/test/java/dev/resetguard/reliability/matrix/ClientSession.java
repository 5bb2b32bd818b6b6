package dev.resetguard.reliability.matrix;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

import javax.net.SocketFactory;

import dev.resetguard.CallOptions;
import dev.resetguard.ResetGuard;
import dev.resetguard.forensics.PeerKey;
import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.client.autoconfigure.reactive.ClientHttpConnectorBuilderCustomizer;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * One client's application, started once and shared by all its cells: the Spring context with Reset
 * Guard auto-configured, what it reports, and a way to make one call through the client. Shared by the
 * fault matrix and the confusion matrix, each passing the Reset Guard settings it runs with.
 */
public final class ClientSession implements Closeable {

	static final String REQUEST_ID_HEADER = "X-Request-Id";

	private static final Duration BLOCK_TIMEOUT = Duration.ofSeconds(20);

	private final MatrixClient client;

	private final ConfigurableApplicationContext context;

	private final MatrixObserver observer;

	private final Set<Class<?>> channelTypes;

	private final Call call;

	private final Closeable resources;

	private final ResetAgreement agreement;

	private ClientSession(MatrixClient client, ConfigurableApplicationContext context, MatrixObserver observer,
			Set<Class<?>> channelTypes) {
		this.client = client;
		this.context = context;
		this.observer = observer;
		this.channelTypes = channelTypes;
		this.agreement = ResetAgreement.attach(context);
		switch (client) {
			case REST_TEMPLATE -> {
				RestTemplate template = context.getBean(RestTemplateBuilder.class).build();
				this.call = (method, url, requestId, body) -> template
					.exchange(url, HttpMethod.valueOf(method), new HttpEntity<>(body, headers(requestId)), String.class)
					.getBody();
				this.resources = () -> {
				};
			}
			case WEB_CLIENT_EPOLL, WEB_CLIENT_NIO -> {
				WebClient webClient = context.getBean(WebClient.Builder.class).build();
				this.call = (method, url, requestId, body) -> {
					WebClient.RequestBodySpec spec = webClient.method(HttpMethod.valueOf(method))
						.uri(url)
						.header(REQUEST_ID_HEADER, requestId);
					if (body != null) {
						spec.bodyValue(body);
					}
					return spec.retrieve().bodyToMono(String.class).block(BLOCK_TIMEOUT);
				};
				this.resources = () -> {
				};
			}
			case SOCKET_FACTORY, SSL_SOCKET_FACTORY -> {
				ResetGuard resetGuard = context.getBean(ResetGuard.class);
				String factoryName = (client == MatrixClient.SSL_SOCKET_FACTORY) ? "resetGuardSslSocketFactory"
						: "resetGuardSocketFactory";
				RawHttpClient raw = new RawHttpClient(context.getBean(factoryName, SocketFactory.class));
				this.call = (method, url, requestId, body) -> resetGuard.call(PeerKey.of(url.getHost(), url.getPort()),
						CallOptions.forMethod(method), () -> raw.exchange(method, url, requestId, body));
				this.resources = raw;
			}
			default -> {
				RestClient restClient = context.getBean(RestClient.Builder.class).build();
				this.call = (method, url, requestId, body) -> {
					RestClient.RequestBodySpec spec = restClient.method(HttpMethod.valueOf(method))
						.uri(url)
						.header(REQUEST_ID_HEADER, requestId);
					if (body != null) {
						spec.body(body);
					}
					return spec.retrieve().body(String.class);
				};
				this.resources = () -> {
				};
			}
		}
	}

	/**
	 * Start the application of a client.
	 * @param client the client
	 * @param settings the properties the suite runs with, as {@code name=value}
	 * @return the session
	 */
	public static ClientSession open(MatrixClient client, List<String> settings) {
		MatrixObserver observer = new MatrixObserver();
		Set<Class<?>> channelTypes = new CopyOnWriteArraySet<>();
		List<Class<?>> sources = new ArrayList<>(List.of(MatrixApplication.class));
		if (client == MatrixClient.WEB_CLIENT_NIO) {
			sources.add(NioTransportConfiguration.class);
		}
		if (client == MatrixClient.SSL_SOCKET_FACTORY) {
			sources.add(ChaosTrustConfiguration.class);
		}
		List<String> properties = new ArrayList<>(List.of("spring.main.web-application-type=none",
				// No call of the suites hangs past this: every chaos server answers or resets well before.
				"reset-guard.socket.read-timeout=10s", "spring.http.clients.read-timeout=10s",
				"spring.reactor.netty.shutdown-quiet-period=0s",
				// The endpoint's events are checked against the listeners', the log's and the meters'.
				"management.endpoints.web.exposure.include=resets"));
		properties.addAll(settings);
		if (client.requestFactory() != null) {
			properties.add("spring.http.clients.imperative.factory=" + client.requestFactory());
		}
		ConfigurableApplicationContext context = new SpringApplicationBuilder(sources.toArray(Class<?>[]::new))
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties(properties.toArray(String[]::new))
			.initializers((applicationContext) -> {
				GenericApplicationContext generic = (GenericApplicationContext) applicationContext;
				generic.registerBean("matrixObserver", MatrixObserver.class, () -> observer);
				ClientHttpConnectorBuilderCustomizer<ReactorClientHttpConnectorBuilder> channelTypeRecorder = (
						builder) -> builder.withHttpClientCustomizer((httpClient) -> httpClient
							.doOnConnected((connection) -> channelTypes.add(connection.channel().getClass())));
				generic.registerBean("matrixChannelTypes", ClientHttpConnectorBuilderCustomizer.class,
						() -> channelTypeRecorder);
			})
			.run();
		return new ClientSession(client, context, observer, channelTypes);
	}

	/**
	 * Return the client this session calls through.
	 * @return the client
	 */
	public MatrixClient client() {
		return this.client;
	}

	/**
	 * Return what Reset Guard reported to the application's listeners so far.
	 * @return the observer
	 */
	public MatrixObserver observer() {
		return this.observer;
	}

	/**
	 * Return where the endpoint, the log and the meters disagree with the listeners about a peer's resets.
	 * @param peer the peer, as {@code host:port}
	 * @return the disagreements, empty when they all agree
	 * @throws InterruptedException if interrupted while waiting for them to settle
	 */
	List<String> disagreements(String peer) throws InterruptedException {
		return this.agreement.disagreements(peer, this.observer::eventsFor);
	}

	/**
	 * Return the channel types the WebClient connected with so far.
	 * @return the channel types
	 */
	public Set<Class<?>> channelTypes() {
		return Set.copyOf(this.channelTypes);
	}

	/**
	 * Return the channel type this client's transport must use.
	 * @return the channel type, or {@code null} for clients that are not a WebClient
	 */
	public Class<? extends Channel> expectedChannelType() {
		return switch (this.client) {
			case WEB_CLIENT_EPOLL -> EpollSocketChannel.class;
			case WEB_CLIENT_NIO -> NioSocketChannel.class;
			default -> null;
		};
	}

	/**
	 * Make one call through the client.
	 * @param method the HTTP method
	 * @param url the URL
	 * @param requestId the request id the chaos server's ledger records
	 * @param body the request body, or {@code null} for none
	 * @return the response body
	 * @throws Exception whatever the client throws
	 */
	public String call(String method, URI url, String requestId, byte[] body) throws Exception {
		return this.call.call(method, url, requestId, body);
	}

	@Override
	public void close() throws IOException {
		try {
			this.resources.close();
		}
		finally {
			this.agreement.close();
			this.context.close();
		}
	}

	private static HttpHeaders headers(String requestId) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(REQUEST_ID_HEADER, requestId);
		return headers;
	}

	/**
	 * One call through a client.
	 */
	@FunctionalInterface
	private interface Call {

		String call(String method, URI url, String requestId, byte[] body) throws Exception;

	}

}
