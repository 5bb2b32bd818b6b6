package dev.resetguard.observe;

import java.time.Duration;
import java.time.Instant;

import dev.resetguard.classify.ResetSignal;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ConnectionFacts;
import dev.resetguard.forensics.ResetCause;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetPhase;

/**
 * Builds reset events for tests of what consumes them. Tests that need real resets get them from a
 * loopback server instead; these stand in where only the event's fields matter.
 */
final class ResetEvents {

	static final Instant TIME = Instant.parse("2026-03-01T12:00:00Z");

	private ResetEvents() {
	}

	static ResetEvent reset(String peer, ResetCause cause) {
		return reset(ClientKind.PROGRAMMATIC, peer, cause, TIME);
	}

	static ResetEvent reset(ClientKind client, String peer, ResetCause cause, Instant time) {
		return new ResetEvent(time, client, peer, ResetPhase.UNKNOWN, cause, ResetSignal.RST, "SocketException",
				"Connection reset", null, 1);
	}

	static ResetEvent staleReset(ClientKind client, String peer, int attempt) {
		ConnectionFacts facts = new ConnectionFacts(7, "127.0.0.1:53122", "127.0.0.1:8080", true,
				Duration.ofSeconds(75), Duration.ofSeconds(61), Duration.ofSeconds(61), 120, 0, false);
		return new ResetEvent(TIME, client, peer, ResetPhase.AWAITING_RESPONSE, ResetCause.STALE_CONNECTION,
				ResetSignal.RST, "SocketException", "Connection reset", facts, attempt);
	}

}
