package dev.resetguard.netty;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;

import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.PeerKey;
import dev.resetguard.metrics.ResetGuardMetrics;
import dev.resetguard.prevention.AdaptiveIdlePolicy;
import io.netty.channel.Channel;
import org.jspecify.annotations.Nullable;
import reactor.netty.Connection;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.ConnectionProvider.ConnectionMetadata;

/**
 * The eviction predicate of Reset Guard's Reactor Netty connection pool: it retires a pooled connection
 * that has sat idle longer than its peer's learned idle timeout allows (see {@link AdaptiveIdlePolicy}),
 * before the pool leases it, and counts each as {@code reset.guard.prevented}.
 * <p>
 * A custom predicate replaces Reactor Netty's own, so this one also evicts what the pool evicts by
 * default: closed and non-persistent connections, and connections idle past the pool's maximum idle time.
 * The pool calls it on release and before each lease, on any thread: it reads a map and never blocks.
 */
final class AdaptiveIdleEviction implements BiPredicate<Connection, ConnectionMetadata> {

	private final AdaptiveIdlePolicy policy;

	private final ResetGuardMetrics metrics;

	private final ClientKind client;

	private final long maxIdleMillis;

	/**
	 * Create the predicate of a pool whose maximum idle time is Reactor Netty's default, which the
	 * {@code reactor.netty.pool.maxIdleTime} system property sets.
	 * @param policy the learned idle timeouts
	 * @param metrics where retired connections are counted
	 * @param client the kind of client the pool serves, which tags the count
	 */
	AdaptiveIdleEviction(AdaptiveIdlePolicy policy, ResetGuardMetrics metrics, ClientKind client) {
		this(policy, metrics, client, ConnectionProvider.DEFAULT_POOL_MAX_IDLE_TIME);
	}

	AdaptiveIdleEviction(AdaptiveIdlePolicy policy, ResetGuardMetrics metrics, ClientKind client,
			long maxIdleMillis) {
		this.policy = Objects.requireNonNull(policy, "policy");
		this.metrics = Objects.requireNonNull(metrics, "metrics");
		this.client = Objects.requireNonNull(client, "client");
		this.maxIdleMillis = maxIdleMillis;
	}

	@Override
	public boolean test(Connection connection, ConnectionMetadata metadata) {
		Channel channel = connection.channel();
		if (!channel.isActive() || !connection.isPersistent()) {
			return true;
		}
		long idleMillis = metadata.idleTime();
		if (this.maxIdleMillis >= 0 && idleMillis >= this.maxIdleMillis) {
			return true;
		}
		ResetGuardChannelHandler handler = ResetGuardChannelHandler.of(channel);
		String peer = (handler != null) ? handler.trace().peer() : peerOf(channel);
		if (peer == null || !this.policy.shouldRetire(peer, TimeUnit.MILLISECONDS.toNanos(idleMillis))) {
			return false;
		}
		if (handler == null || handler.retire()) {
			this.metrics.recordPrevented(this.client, peer);
		}
		return true;
	}

	private static @Nullable String peerOf(Channel channel) {
		return (channel.remoteAddress() instanceof InetSocketAddress address) ? PeerKey.of(address) : null;
	}

}
