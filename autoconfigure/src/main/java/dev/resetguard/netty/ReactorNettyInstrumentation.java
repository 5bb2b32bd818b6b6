package dev.resetguard.netty;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Objects;

import dev.resetguard.forensics.Attempt;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ConnectionListener;
import dev.resetguard.forensics.ConnectionTrace;
import dev.resetguard.forensics.PeerKey;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.metrics.ResetGuardMetrics;
import dev.resetguard.prevention.AdaptiveIdlePolicy;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import org.jspecify.annotations.Nullable;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;
import reactor.netty.NettyPipeline;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientRequest;
import reactor.netty.http.client.HttpClientState;
import reactor.netty.resources.ConnectionProvider;
import reactor.util.context.ContextView;

/**
 * Instruments Reactor Netty {@link HttpClient HttpClients}: every HTTP/1.1 channel gets a
 * {@link ResetGuardChannelHandler} that keeps its connection trace and records its resets, each request
 * binds the {@link Attempt} it carries in its Reactor context to the channel that serves it, which tells
 * it where its exchange ends, and Reactor Netty's own retry is switched off, so that every attempt on the
 * wire is one the retry loop decided and counted. Optionally provides a connection pool that retires
 * connections by adaptive idle.
 * <p>
 * Instrumenting a client twice is harmless: a channel gets one handler.
 */
public final class ReactorNettyInstrumentation {

	/** Name of Reset Guard's connection pool. */
	public static final String POOL_NAME = "reset-guard";

	/**
	 * Maximum connections of Reset Guard's pool: that of the pool it replaces, the one Spring's
	 * {@code ReactorResourceFactory} gives Boot's connector. Reactor Netty's own default (16, with 32
	 * pending acquires) fails calls with "Pending acquire queue has reached its maximum size" under a
	 * load the replaced pool serves.
	 */
	public static final int POOL_MAX_CONNECTIONS = 500;

	private final ResetRecorder recorder;

	private final ConnectionListener listener;

	private final ClientKind client;

	private final @Nullable AdaptiveIdleEviction eviction;

	private final Object poolMonitor = new Object();

	private volatile @Nullable ConnectionProvider pool;

	private volatile boolean disposed;

	private ReactorNettyInstrumentation(Builder builder) {
		this.recorder = builder.recorder;
		this.listener = ConnectionListener.of(List.of(builder.recorder.responseListener(), builder.listener));
		this.client = builder.client;
		AdaptiveIdlePolicy adaptiveIdle = builder.adaptiveIdle;
		// adaptiveIdle(policy, metrics) sets both.
		this.eviction = (adaptiveIdle != null) ? new AdaptiveIdleEviction(adaptiveIdle,
				Objects.requireNonNull(builder.metrics, "metrics"), builder.client) : null;
	}

	/**
	 * Return a builder.
	 * @param recorder where resets are recorded
	 * @return the builder
	 */
	public static Builder builder(ResetRecorder recorder) {
		return new Builder(recorder);
	}

	/**
	 * Return the given client with Reset Guard's instrumentation and without Reactor Netty's own retry.
	 * @param httpClient the client
	 * @return the instrumented client
	 */
	public HttpClient instrument(HttpClient httpClient) {
		// The request's start is observed with the other states: a doOnRequest callback would cost every
		// request an observer of its own.
		return httpClient.disableRetry(true).doOnChannelInit(this::channelInitialized).observe(this::stateChanged);
	}

	/**
	 * Return the connection pool whose eviction retires connections idle past their peer's learned idle
	 * timeout, created on first use with Reactor Netty's default pool settings except the size, which is
	 * that of the pool Boot's connector has without Reset Guard ({@link #POOL_MAX_CONNECTIONS}).
	 * @return the pool, {@code null} when adaptive idle is off
	 * @throws IllegalStateException if this instrumentation was disposed
	 */
	public @Nullable ConnectionProvider connectionProvider() {
		if (this.eviction == null) {
			return null;
		}
		ConnectionProvider current = this.pool;
		if (current != null) {
			return current;
		}
		synchronized (this.poolMonitor) {
			if (this.disposed) {
				throw new IllegalStateException("Reset Guard's Reactor Netty instrumentation was disposed");
			}
			if (this.pool == null) {
				this.pool = ConnectionProvider.builder(POOL_NAME)
					.maxConnections(POOL_MAX_CONNECTIONS)
					.evictionPredicate(this.eviction)
					.build();
			}
			return this.pool;
		}
	}

	/**
	 * Close the connection pool, if one was created.
	 */
	public void dispose() {
		ConnectionProvider current;
		synchronized (this.poolMonitor) {
			this.disposed = true;
			current = this.pool;
		}
		if (current != null) {
			current.dispose();
		}
	}

	private void channelInitialized(ConnectionObserver observer, Channel channel,
			@Nullable SocketAddress remoteAddress) {
		ChannelPipeline pipeline = channel.pipeline();
		// HTTP/2 multiplexes exchanges on one channel, which a per-channel exchange trace cannot follow.
		if (ResetGuardChannelHandler.of(channel) != null || pipeline.get(NettyPipeline.HttpCodec) == null) {
			return;
		}
		Attempt attempt = attemptOf(observer.currentContext());
		String peer = (attempt != null) ? attempt.peer() : peerOf(remoteAddress);
		ConnectionTrace trace = new ConnectionTrace(peer, this.listener);
		if (pipeline.get(NettyPipeline.ProxyHandler) != null) {
			trace.markViaProxy();
		}
		ResetGuardChannelHandler handler = ResetGuardChannelHandler.attach(channel, trace, this.client, this.recorder);
		pipeline.addBefore(NettyPipeline.HttpCodec, ResetGuardChannelHandler.NAME, handler);
		pipeline.addAfter(NettyPipeline.HttpCodec, ResponseEndHandler.NAME, new ResponseEndHandler(handler));
		handler.serve(attempt);
	}

	private void stateChanged(Connection connection, ConnectionObserver.State state) {
		ResetGuardChannelHandler handler = ResetGuardChannelHandler.of(connection.channel());
		if (handler == null) {
			return;
		}
		if (state == HttpClientState.REQUEST_PREPARED) {
			if (connection instanceof HttpClientRequest request) {
				handler.serve(attemptOf(request.currentContextView()));
			}
		}
		else if (state == HttpClientState.REQUEST_SENT) {
			handler.requestSent();
		}
		else if (state == HttpClientState.RESPONSE_COMPLETED || state == ConnectionObserver.State.RELEASED) {
			handler.exchangeEnded();
		}
	}

	private static @Nullable Attempt attemptOf(ContextView context) {
		return (context.getOrDefault(Attempt.CONTEXT_KEY, null) instanceof Attempt attempt) ? attempt : null;
	}

	private static String peerOf(@Nullable SocketAddress address) {
		return (address instanceof InetSocketAddress inet) ? PeerKey.of(inet) : String.valueOf(address);
	}

	/**
	 * Builds a {@link ReactorNettyInstrumentation}.
	 */
	public static final class Builder {

		private final ResetRecorder recorder;

		private ConnectionListener listener = ConnectionListener.NONE;

		private ClientKind client = ClientKind.WEB_CLIENT;

		private @Nullable AdaptiveIdlePolicy adaptiveIdle;

		private @Nullable ResetGuardMetrics metrics;

		private Builder(ResetRecorder recorder) {
			this.recorder = Objects.requireNonNull(recorder, "recorder");
		}

		/**
		 * Tell the given listener about every step of every connection.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(ConnectionListener listener) {
			this.listener = Objects.requireNonNull(listener, "listener");
			return this;
		}

		/**
		 * Tag resets with the given kind of client; {@link ClientKind#WEB_CLIENT} by default.
		 * @param client the kind of client
		 * @return this builder
		 */
		public Builder client(ClientKind client) {
			this.client = Objects.requireNonNull(client, "client");
			return this;
		}

		/**
		 * Provide a connection pool that retires connections idle past their peer's learned idle
		 * timeout, counting each in the given metrics.
		 * @param policy the learned idle timeouts
		 * @param metrics where retired connections are counted
		 * @return this builder
		 */
		public Builder adaptiveIdle(AdaptiveIdlePolicy policy, ResetGuardMetrics metrics) {
			this.adaptiveIdle = Objects.requireNonNull(policy, "policy");
			this.metrics = Objects.requireNonNull(metrics, "metrics");
			return this;
		}

		/**
		 * Build the instrumentation.
		 * @return the instrumentation
		 */
		public ReactorNettyInstrumentation build() {
			return new ReactorNettyInstrumentation(this);
		}

	}

}
