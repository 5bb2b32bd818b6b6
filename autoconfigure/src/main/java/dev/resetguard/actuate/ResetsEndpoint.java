package dev.resetguard.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.resetguard.forensics.ConnectionFacts;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.observe.PeerSummaries;
import dev.resetguard.observe.RecentResets;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@link Endpoint @Endpoint} that shows every peer's reset statistics and the last resets, with the
 * connection facts needed to find each one in a packet capture or the peer's logs. Deleting clears
 * both; idle timeouts already learned are kept, as they keep preventing resets.
 */
@Endpoint(id = "resets")
public final class ResetsEndpoint {

	private final PeerSummaries summaries;

	private final RecentResets recentResets;

	/**
	 * Create an endpoint.
	 * @param summaries the per-peer summaries
	 * @param recentResets the last resets
	 */
	public ResetsEndpoint(PeerSummaries summaries, RecentResets recentResets) {
		this.summaries = Objects.requireNonNull(summaries, "summaries");
		this.recentResets = Objects.requireNonNull(recentResets, "recentResets");
	}

	/**
	 * Return every peer's statistics and the last resets.
	 * @return the peers and resets
	 */
	@ReadOperation
	public ResetsDescriptor resets() {
		List<EventDescriptor> events = this.recentResets.resets().stream().map(EventDescriptor::of).toList();
		return new ResetsDescriptor(PeerDescriptor.byPeer(this.summaries.all()), events);
	}

	/**
	 * Forget every peer's statistics and the last resets.
	 */
	@DeleteOperation
	public void clear() {
		this.summaries.statistics().clear();
		this.recentResets.clear();
	}

	/**
	 * What the endpoint shows.
	 *
	 * @param peers every peer counted, by {@code host:port}
	 * @param events the last resets, newest first
	 */
	public record ResetsDescriptor(Map<String, PeerDescriptor> peers,
			List<EventDescriptor> events) implements OperationResponseBody {

	}

	/**
	 * One reset as the endpoint shows it.
	 *
	 * @param time when the reset was seen
	 * @param client the kind of client that saw it
	 * @param peer the peer as {@code host:port}
	 * @param phase where in the exchange it happened
	 * @param cause the likely cause
	 * @param exception simple class name of the innermost reset exception
	 * @param message its message, without URL user info, query string or fragment
	 * @param localAddress local address and port; {@code null} when the client hides them
	 * @param remoteAddress remote address and port; {@code null} when the client hides them
	 * @param connectionAge time since the connection opened, to the millisecond; {@code null} when hidden
	 * @param idleTime time the connection sat idle before this exchange, to the millisecond; {@code null}
	 * when hidden
	 * @param bytesSent request bytes sent in this exchange; {@code null} when hidden
	 * @param bytesReceived response bytes received in this exchange; {@code null} when hidden
	 * @param attempt the attempt during which it happened, 1 for the first
	 * @param outcome what the retry loop did: {@code retried}, {@code exhausted}, {@code not-retryable}
	 * or {@code budget-exhausted}, as the log line and the meters have it; {@code null} when no retry loop
	 * of Reset Guard decides about the reset
	 */
	public record EventDescriptor(Instant time, String client, String peer, String phase, String cause,
			String exception, @Nullable String message, @Nullable String localAddress, @Nullable String remoteAddress,
			@Nullable Duration connectionAge, @Nullable Duration idleTime, @Nullable Long bytesSent,
			@Nullable Long bytesReceived, int attempt, @Nullable String outcome) {

		static EventDescriptor of(ResetEvent event) {
			ConnectionFacts facts = event.facts();
			return new EventDescriptor(event.time(), event.client().tagValue(), event.peer(),
					event.phase().tagValue(), event.cause().tagValue(), event.exception(), event.message(),
					(facts != null) ? facts.localAddress() : null, (facts != null) ? facts.remoteAddress() : null,
					(facts != null) ? PeerDescriptor.toMillis(facts.connectionAge()) : null,
					(facts != null) ? PeerDescriptor.toMillis(facts.idleBeforeUse()) : null,
					(facts != null) ? facts.bytesSent() : null, (facts != null) ? facts.bytesReceived() : null,
					event.attempt(),
					(event.decision() != null) ? event.decision().tagValue() : null);
		}

	}

}
