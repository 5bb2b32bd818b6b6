package dev.resetguard.dashboards.app;

import java.time.Duration;

import dev.resetguard.forensics.PeerKey;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.CloseMode;
import dev.resetguard.test.Toxic;

/**
 * The loopback peers the test application talks to: one chaos server per kind of reset the dashboard
 * and alert rules chart, each its own peer ({@code 127.0.0.1} and its port).
 *
 * @param healthy answers every request
 * @param flaky resets requests only when the traffic asks it to, once per round
 * @param broken resets every request once its head arrived
 * @param budgetless resets every request, and its retry budget allows no retry
 * @param idleClosing resets connections that stay idle for {@link #IDLE_TIMEOUT}
 * @param acceptResetting resets every connection as it is accepted
 * @param responseAborting resets every response after 100 bytes
 * @param uploadResetting resets every request after 16 KiB of its body
 * @param silent stays silent for {@link #SILENCE}, then resets
 * @param restarting restarted by the traffic, which resets the connections open on it
 */
public record ChaosPeers(ChaosServer healthy, ChaosServer flaky, ChaosServer broken, ChaosServer budgetless,
		ChaosServer idleClosing, ChaosServer acceptResetting, ChaosServer responseAborting,
		ChaosServer uploadResetting, ChaosServer silent, ChaosServer restarting) implements AutoCloseable {

	/** How long {@link #idleClosing()} lets a connection sit idle. */
	static final Duration IDLE_TIMEOUT = Duration.ofMillis(300);

	/** How long {@link #silent()} stays silent: beyond the test application's middlebox silence. */
	static final Duration SILENCE = Duration.ofMillis(700);

	/**
	 * Start the servers.
	 * @return the running peers
	 */
	public static ChaosPeers start() {
		ChaosPeers peers = new ChaosPeers(ChaosServer.start(), ChaosServer.start(), ChaosServer.start(),
				ChaosServer.start(), ChaosServer.start(), ChaosServer.start(), ChaosServer.start(),
				ChaosServer.start(), ChaosServer.start(), ChaosServer.start());
		peers.broken().always(Toxic.resetAfterRequestHead());
		peers.budgetless().always(Toxic.resetAfterRequestHead());
		peers.idleClosing().idleTimeout(IDLE_TIMEOUT, CloseMode.RST);
		peers.acceptResetting().always(Toxic.resetOnAccept());
		peers.responseAborting().always(Toxic.resetAfterResponseBytes(100));
		peers.uploadResetting().always(Toxic.resetDuringUpload(16 * 1024));
		peers.silent().always(Toxic.silenceThenReset(SILENCE));
		return peers;
	}

	/**
	 * Return the peer key of a server, as tags and per-peer settings name it.
	 * @param server the server
	 * @return {@code host:port}
	 */
	static String peer(ChaosServer server) {
		return PeerKey.of(server.host(), server.port());
	}

	@Override
	public void close() {
		for (ChaosServer server : new ChaosServer[] { this.healthy, this.flaky, this.broken, this.budgetless,
				this.idleClosing, this.acceptResetting, this.responseAborting, this.uploadResetting, this.silent,
				this.restarting }) {
			server.close();
		}
	}

}
