package dev.resetguard.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.resetguard.retry.NonIdempotentRetry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@link ConfigurationProperties @ConfigurationProperties} for Reset Guard: data only. The core types
 * that use these values own their defaults and limits; {@link ResetGuardPropertiesValidator} checks the
 * bound values against those limits, so an invalid value fails startup with the property, the value and
 * what is allowed (see {@link ResetGuardPropertiesFailureAnalyzer}).
 * <p>
 * The defaults are written out rather than taken from the core's constants because the configuration
 * processor only reads literal defaults into the metadata that IDEs show; a test checks that each one is
 * the core's.
 * <p>
 * Unknown {@code reset-guard.*} names fail startup too, rather than being ignored: a peer key
 * written without brackets, such as {@code payments.internal:443}, is split apart at its dots and
 * colon and would otherwise bind to nothing, silently. Every Reset Guard property must therefore be
 * declared here.
 */
@ConfigurationProperties(prefix = ResetGuardProperties.PREFIX, ignoreUnknownFields = false)
public class ResetGuardProperties {

	static final String PREFIX = "reset-guard";

	/**
	 * Whether to enable Reset Guard.
	 */
	private boolean enabled = true;

	private final Retry retry = new Retry();

	private final Prevention prevention = new Prevention();

	private final Restart restart = new Restart();

	private final Cause cause = new Cause();

	private final Socket socket = new Socket();

	private final Clients clients = new Clients();

	private final Metrics metrics = new Metrics();

	private final Health health = new Health();

	private final Events events = new Events();

	private final Tracing tracing = new Tracing();

	/**
	 * Per-peer overrides of the retry settings, keyed by 'host:port'. In YAML, write the key in
	 * brackets and quotes, such as "[payments.internal:443]", so that its dots and colon are kept.
	 */
	private final Map<String, Peer> peers = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Prevention getPrevention() {
		return this.prevention;
	}

	public Restart getRestart() {
		return this.restart;
	}

	public Cause getCause() {
		return this.cause;
	}

	public Socket getSocket() {
		return this.socket;
	}

	public Clients getClients() {
		return this.clients;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public Health getHealth() {
		return this.health;
	}

	public Events getEvents() {
		return this.events;
	}

	public Tracing getTracing() {
		return this.tracing;
	}

	public Map<String, Peer> getPeers() {
		return this.peers;
	}

	/**
	 * How calls that fail with a reset are retried.
	 */
	public static class Retry {

		/**
		 * Maximum number of attempts per call, including the first one. 1 disables retries.
		 */
		private int maxAttempts = 3;

		/**
		 * Time to wait before the first retry.
		 */
		private Duration initialBackoff = Duration.ofMillis(100);

		/**
		 * Factor by which the backoff grows after each retry.
		 */
		private double multiplier = 2.0;

		/**
		 * Maximum time to wait before a retry.
		 */
		private Duration maxBackoff = Duration.ofSeconds(2);

		/**
		 * Fraction of each backoff that is randomized, between 0 and 1, so that callers that
		 * failed together do not retry together.
		 */
		private double jitter = 0.5;

		/**
		 * When to retry requests that are not idempotent, such as POST. 'safe-only' retries them
		 * only when they surely never reached the peer or carry the idempotency header.
		 */
		private NonIdempotentRetry nonIdempotent = NonIdempotentRetry.SAFE_ONLY;

		/**
		 * Name of the request header that marks a non-idempotent request as safe to retry.
		 */
		private String idempotencyHeader = "Idempotency-Key";

		private final Budget budget = new Budget();

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public double getJitter() {
			return this.jitter;
		}

		public void setJitter(double jitter) {
			this.jitter = jitter;
		}

		public NonIdempotentRetry getNonIdempotent() {
			return this.nonIdempotent;
		}

		public void setNonIdempotent(NonIdempotentRetry nonIdempotent) {
			this.nonIdempotent = nonIdempotent;
		}

		public String getIdempotencyHeader() {
			return this.idempotencyHeader;
		}

		public void setIdempotencyHeader(String idempotencyHeader) {
			this.idempotencyHeader = idempotencyHeader;
		}

		public Budget getBudget() {
			return this.budget;
		}

		/**
		 * How many retries a peer may receive, so that retries cannot multiply the load on a peer
		 * that is already failing.
		 */
		public static class Budget {

			/**
			 * Maximum number of retries, as a fraction of the calls to a peer, that may be added on
			 * top of those calls.
			 */
			private double ratio = 0.2;

			/**
			 * Number of retries per second to a peer that are allowed whatever the ratio.
			 */
			private int minPerSecond = 10;

			public double getRatio() {
				return this.ratio;
			}

			public void setRatio(double ratio) {
				this.ratio = ratio;
			}

			public int getMinPerSecond() {
				return this.minPerSecond;
			}

			public void setMinPerSecond(int minPerSecond) {
				this.minPerSecond = minPerSecond;
			}

		}

	}

	/**
	 * How resets are prevented before they happen.
	 */
	public static class Prevention {

		/**
		 * Whether to learn each peer's idle timeout and retire pooled connections before it is
		 * reached.
		 */
		private boolean adaptiveIdle = true;

		/**
		 * Shortest idle time after which adaptive idle retires a pooled connection, however short the
		 * idle timeout it learned, and after which a reset of a reused connection counts as an idle
		 * timeout although no close was seen before the request. Guards the pool against a peer whose
		 * resets only look like idle timeouts; lower it only for peers whose idle timeout is below it.
		 */
		private Duration minIdle = Duration.ofSeconds(1);

		public boolean isAdaptiveIdle() {
			return this.adaptiveIdle;
		}

		public void setAdaptiveIdle(boolean adaptiveIdle) {
			this.adaptiveIdle = adaptiveIdle;
		}

		public Duration getMinIdle() {
			return this.minIdle;
		}

		public void setMinIdle(Duration minIdle) {
			this.minIdle = minIdle;
		}

	}

	/**
	 * How calls to a peer that is seen restarting are handled.
	 */
	public static class Restart {

		/**
		 * Whether to hold the calls to a peer seen restarting behind a single probe connection
		 * instead of failing them.
		 */
		private boolean rideThrough = true;

		/**
		 * Maximum time a call waits for a restarting peer to accept connections again.
		 */
		private Duration maxWait = Duration.ofSeconds(5);

		public boolean isRideThrough() {
			return this.rideThrough;
		}

		public void setRideThrough(boolean rideThrough) {
			this.rideThrough = rideThrough;
		}

		public Duration getMaxWait() {
			return this.maxWait;
		}

		public void setMaxWait(Duration maxWait) {
			this.maxWait = maxWait;
		}

	}

	/**
	 * Thresholds used to infer the likely cause of a reset.
	 */
	public static class Cause {

		/**
		 * Minimum time without traffic on a connection after which a reset is attributed to a
		 * middlebox such as a firewall or proxy.
		 */
		private Duration middleboxSilence = Duration.ofSeconds(30);

		/**
		 * Time window within which pooled connections reset together, or reset near a refused connect,
		 * show a restart of their peer. A pooled connection reset while its request was out is
		 * reported once the evidence decides, at the latest after this window.
		 */
		private Duration restartWindow = Duration.ofSeconds(2);

		/**
		 * Minimum number of distinct pooled connections to one peer that, reset within the restart
		 * window with no answer in between and no idle timeout to explain them, show a restart of that
		 * peer once confirmed: by one more such reset, a refused connect or an answer to a request sent
		 * after the first of them. An answer to a request that was in flight when the first came denies it.
		 */
		private int restartMinConnections = 3;

		public Duration getMiddleboxSilence() {
			return this.middleboxSilence;
		}

		public void setMiddleboxSilence(Duration middleboxSilence) {
			this.middleboxSilence = middleboxSilence;
		}

		public Duration getRestartWindow() {
			return this.restartWindow;
		}

		public void setRestartWindow(Duration restartWindow) {
			this.restartWindow = restartWindow;
		}

		public int getRestartMinConnections() {
			return this.restartMinConnections;
		}

		public void setRestartMinConnections(int restartMinConnections) {
			this.restartMinConnections = restartMinConnections;
		}

	}

	/**
	 * Settings of the sockets that Reset Guard's socket factories create.
	 */
	public static class Socket {

		/**
		 * Whether to enable TCP keep-alive (SO_KEEPALIVE) on sockets.
		 */
		private boolean keepAlive = true;

		/**
		 * Idle time before the first keep-alive probe, where the operating system lets it be set.
		 */
		private Duration keepAliveIdle = Duration.ofSeconds(60);

		/**
		 * Time between keep-alive probes, where the operating system lets it be set.
		 */
		private Duration keepAliveInterval = Duration.ofSeconds(10);

		/**
		 * Connect timeout for sockets.
		 */
		private Duration connectTimeout = Duration.ofSeconds(5);

		/**
		 * Read timeout (SO_TIMEOUT) for sockets.
		 */
		private Duration readTimeout = Duration.ofSeconds(30);

		public boolean isKeepAlive() {
			return this.keepAlive;
		}

		public void setKeepAlive(boolean keepAlive) {
			this.keepAlive = keepAlive;
		}

		public Duration getKeepAliveIdle() {
			return this.keepAliveIdle;
		}

		public void setKeepAliveIdle(Duration keepAliveIdle) {
			this.keepAliveIdle = keepAliveIdle;
		}

		public Duration getKeepAliveInterval() {
			return this.keepAliveInterval;
		}

		public void setKeepAliveInterval(Duration keepAliveInterval) {
			this.keepAliveInterval = keepAliveInterval;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(Duration readTimeout) {
			this.readTimeout = readTimeout;
		}

	}

	/**
	 * Which client integrations are applied.
	 */
	public static class Clients {

		private final RestTemplate restTemplate = new RestTemplate();

		private final RestClient restClient = new RestClient();

		private final WebClient webClient = new WebClient();

		private final SocketFactory socketFactory = new SocketFactory();

		/**
		 * Whether to also decorate RestClient, RestTemplate and WebClient beans that the
		 * application builds by hand instead of from Boot's builders.
		 */
		private boolean decorateHandBuilt;

		public boolean isDecorateHandBuilt() {
			return this.decorateHandBuilt;
		}

		public void setDecorateHandBuilt(boolean decorateHandBuilt) {
			this.decorateHandBuilt = decorateHandBuilt;
		}

		public RestTemplate getRestTemplate() {
			return this.restTemplate;
		}

		public RestClient getRestClient() {
			return this.restClient;
		}

		public WebClient getWebClient() {
			return this.webClient;
		}

		public SocketFactory getSocketFactory() {
			return this.socketFactory;
		}

		/**
		 * The {@code RestTemplate} integration.
		 */
		public static class RestTemplate {

			/**
			 * Whether to apply Reset Guard to RestTemplate instances built by the auto-configured
			 * RestTemplateBuilder.
			 */
			private boolean enabled = true;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

		}

		/**
		 * The {@code RestClient} integration.
		 */
		public static class RestClient {

			/**
			 * Whether to apply Reset Guard to RestClient instances built by the auto-configured
			 * RestClient.Builder.
			 */
			private boolean enabled = true;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

		}

		/**
		 * The {@code WebClient} integration.
		 */
		public static class WebClient {

			/**
			 * Whether to apply Reset Guard to WebClient instances built by the auto-configured
			 * WebClient.Builder.
			 */
			private boolean enabled = true;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

		}

		/**
		 * The socket factory integration.
		 */
		public static class SocketFactory {

			/**
			 * Whether to provide the Reset Guard SocketFactory and SSLSocketFactory beans.
			 */
			private boolean enabled = true;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

		}

	}

	/**
	 * Settings of the Reset Guard meters.
	 */
	public static class Metrics {

		/**
		 * Maximum number of distinct values of the 'peer' tag, further peers being tagged 'other', and of
		 * peers whose retry budget, learned idle timeout and recent resets are kept.
		 */
		private int maxPeers = 100;

		public int getMaxPeers() {
			return this.maxPeers;
		}

		public void setMaxPeers(int maxPeers) {
			this.maxPeers = maxPeers;
		}

	}

	/**
	 * Settings of the Reset Guard health indicator.
	 */
	public static class Health {

		/**
		 * Time window over which the reset ratio of each peer is computed.
		 */
		private Duration window = Duration.ofMinutes(1);

		/**
		 * Minimum number of calls to a peer within the window before its reset ratio can change
		 * the health status.
		 */
		private int minCalls = 10;

		/**
		 * Reset ratio of a peer above which the health status is DEGRADED.
		 */
		private double degradedRatio = 0.05;

		/**
		 * Reset ratio of a peer above which the health status is DOWN.
		 */
		private double downRatio = 0.5;

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

		public int getMinCalls() {
			return this.minCalls;
		}

		public void setMinCalls(int minCalls) {
			this.minCalls = minCalls;
		}

		public double getDegradedRatio() {
			return this.degradedRatio;
		}

		public void setDegradedRatio(double degradedRatio) {
			this.degradedRatio = degradedRatio;
		}

		public double getDownRatio() {
			return this.downRatio;
		}

		public void setDownRatio(double downRatio) {
			this.downRatio = downRatio;
		}

	}

	/**
	 * Settings of the recent-reset events kept for the {@code resets} endpoint.
	 */
	public static class Events {

		/**
		 * Maximum number of recent resets to keep.
		 */
		private int capacity = 256;

		public int getCapacity() {
			return this.capacity;
		}

		public void setCapacity(int capacity) {
			this.capacity = capacity;
		}

	}

	/**
	 * Settings of what Reset Guard records in the observations, and so the traces, of calls.
	 */
	public static class Tracing {

		/**
		 * Whether to record resets, retry decisions, backoffs and ride-through waits in the observation
		 * of each call that meets a reset. Applies only when the application has an ObservationRegistry.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Settings for calls to one peer. Every setting left unset inherits the global value.
	 */
	public static class Peer {

		private final RetryOverrides retry = new RetryOverrides();

		public RetryOverrides getRetry() {
			return this.retry;
		}

	}

	/**
	 * Retry settings of one peer that replace the global {@link Retry} settings. Each one that is
	 * {@code null} inherits the global value.
	 */
	public static class RetryOverrides {

		/**
		 * Maximum number of attempts per call to this peer, including the first one.
		 */
		private @Nullable Integer maxAttempts;

		/**
		 * Time to wait before the first retry of a call to this peer.
		 */
		private @Nullable Duration initialBackoff;

		/**
		 * Factor by which the backoff grows after each retry of a call to this peer.
		 */
		private @Nullable Double multiplier;

		/**
		 * Maximum time to wait before a retry of a call to this peer.
		 */
		private @Nullable Duration maxBackoff;

		/**
		 * Fraction of each backoff that is randomized for calls to this peer.
		 */
		private @Nullable Double jitter;

		/**
		 * When to retry requests to this peer that are not idempotent.
		 */
		private @Nullable NonIdempotentRetry nonIdempotent;

		/**
		 * Name of the request header that marks a non-idempotent request to this peer as safe to
		 * retry.
		 */
		private @Nullable String idempotencyHeader;

		private final BudgetOverrides budget = new BudgetOverrides();

		public @Nullable Integer getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(@Nullable Integer maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public @Nullable Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(@Nullable Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public @Nullable Double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(@Nullable Double multiplier) {
			this.multiplier = multiplier;
		}

		public @Nullable Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(@Nullable Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public @Nullable Double getJitter() {
			return this.jitter;
		}

		public void setJitter(@Nullable Double jitter) {
			this.jitter = jitter;
		}

		public @Nullable NonIdempotentRetry getNonIdempotent() {
			return this.nonIdempotent;
		}

		public void setNonIdempotent(@Nullable NonIdempotentRetry nonIdempotent) {
			this.nonIdempotent = nonIdempotent;
		}

		public @Nullable String getIdempotencyHeader() {
			return this.idempotencyHeader;
		}

		public void setIdempotencyHeader(@Nullable String idempotencyHeader) {
			this.idempotencyHeader = idempotencyHeader;
		}

		public BudgetOverrides getBudget() {
			return this.budget;
		}

		/**
		 * Retry budget settings of one peer that replace the global {@link Retry.Budget} settings.
		 * Each one that is {@code null} inherits the global value.
		 */
		public static class BudgetOverrides {

			/**
			 * Maximum number of retries, as a fraction of the calls to this peer, that may be
			 * added on top of those calls.
			 */
			private @Nullable Double ratio;

			/**
			 * Number of retries per second to this peer that are allowed whatever the ratio.
			 */
			private @Nullable Integer minPerSecond;

			public @Nullable Double getRatio() {
				return this.ratio;
			}

			public void setRatio(@Nullable Double ratio) {
				this.ratio = ratio;
			}

			public @Nullable Integer getMinPerSecond() {
				return this.minPerSecond;
			}

			public void setMinPerSecond(@Nullable Integer minPerSecond) {
				this.minPerSecond = minPerSecond;
			}

		}

	}

}
