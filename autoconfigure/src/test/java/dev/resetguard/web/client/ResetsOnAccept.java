package dev.resetguard.web.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.time.Duration;

import dev.resetguard.test.ChaosServer;

/**
 * Waits, from inside a request body's writer, until the chaos server has reset the connection the request
 * goes out on, so that the client's first socket write meets the reset rather than racing it.
 */
public final class ResetsOnAccept {

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	private ResetsOnAccept() {
	}

	/**
	 * Return once the server has dealt with every connection opened before this call. Its accept loop takes
	 * one connection after another, so once it has counted one more, opened here, the connection of the
	 * request was reset; on loopback the reset has then reached the client's socket too.
	 * @param server the server, told to reset its next connection on accept
	 */
	public static void awaitResetSent(ChaosServer server) {
		int accepted = server.ledger().connectionsAccepted();
		try (Socket probe = new Socket()) {
			probe.connect(server.address());
			long deadline = System.nanoTime() + PATIENCE.toNanos();
			while (server.ledger().connectionsAccepted() <= accepted) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("The chaos server accepted no probe connection");
				}
				Thread.onSpinWait();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
