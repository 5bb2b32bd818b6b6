package dev.resetguard.socket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;

import dev.resetguard.forensics.Attempt;
import dev.resetguard.forensics.PeerKey;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.RetryDecision;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The connect step of Reset Guard's socket factories: connects a fresh socket and, when a reset
 * interrupts the connect, asks the {@link ConnectRetry} whether to try again on a new socket.
 */
final class RetryingConnect {

	private RetryingConnect() {
	}

	/**
	 * Open a connection to the remote address the way Reset Guard's socket factories do: each attempt on a fresh
	 * socket, bound to the local address if one is given, and closed if its connect fails.
	 * @param <S> the socket type
	 * @param instrumentation the instrumentation
	 * @param remote the address to connect to
	 * @param local the address to bind to first, if any
	 * @param freshSocket makes an unconnected socket for each attempt
	 * @return the connected socket
	 * @throws IOException the failure of the last attempt, unchanged
	 */
	static <S extends Socket & Connectable> S open(SocketInstrumentation instrumentation, InetSocketAddress remote,
			@Nullable InetSocketAddress local, FreshSocket<S> freshSocket) throws IOException {
		return connect(instrumentation, PeerKey.of(remote), (attempt) -> {
			S socket = freshSocket.create();
			try {
				if (local != null) {
					socket.bind(local);
				}
				socket.connect(remote, 0, attempt);
				return socket;
			}
			catch (IOException ex) {
				socket.close();
				throw ex;
			}
		});
	}

	/**
	 * Connect, retrying on resets as the instrumentation's connect retry allows.
	 * @param <S> the socket type
	 * @param instrumentation the instrumentation
	 * @param peer the peer as {@code host:port}
	 * @param step connects one fresh socket for the given attempt number, closing it if it fails
	 * @return the connected socket
	 * @throws IOException the failure of the last attempt, unchanged
	 */
	static <S extends Socket> S connect(SocketInstrumentation instrumentation, String peer, ConnectStep<S> step)
			throws IOException {
		instrumentation.connectRetry().connectStarted(peer);
		for (int number = 1;; number++) {
			ConnectAttempt current = new ConnectAttempt(number, true);
			try {
				return step.connect(current);
			}
			catch (IOException ex) {
				if (!instrumentation.isReset(ex)) {
					throw ex;
				}
				ResetEvent reset = current.reset();
				long delayNanos = instrumentation.connectRetry().delayBeforeRetry(peer, number);
				if (delayNanos < 0) {
					// A retry loop around the connect decides about its last reset; without one, we do.
					if (reset != null && Attempt.current() == null) {
						instrumentation.decided(reset, instrumentation.connectRetry().reasonToStop(peer, number), 0);
					}
					throw ex;
				}
				if (reset != null) {
					instrumentation.decided(reset, RetryDecision.RETRY, delayNanos);
				}
				Observation backoff = instrumentation.startBackoff(peer, number + 1);
				try {
					if (!sleep(delayNanos)) {
						throw ex;
					}
				}
				finally {
					if (backoff != null) {
						backoff.stop();
					}
				}
			}
		}
	}

	private static boolean sleep(long nanos) {
		try {
			TimeUnit.NANOSECONDS.sleep(nanos);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * One connect attempt on a fresh socket.
	 * @param <S> the socket type
	 */
	@FunctionalInterface
	interface ConnectStep<S extends Socket> {

		/**
		 * Connect a fresh socket, closing it if the connect fails.
		 * @param attempt the attempt, which the socket tells of the reset it records
		 * @return the connected socket
		 * @throws IOException if the connect failed
		 */
		S connect(ConnectAttempt attempt) throws IOException;

	}

	/**
	 * A socket of ours whose connect tells the attempt of the reset it records.
	 */
	interface Connectable {

		/**
		 * Connect, telling the attempt of a reset that interrupts the connect.
		 * @param endpoint the address to connect to
		 * @param timeout the connect timeout in milliseconds, 0 for the configured one
		 * @param attempt the attempt
		 * @throws IOException if the connect failed
		 */
		void connect(SocketAddress endpoint, int timeout, ConnectAttempt attempt) throws IOException;

	}

	/**
	 * Makes an unconnected socket.
	 * @param <S> the socket type
	 */
	@FunctionalInterface
	interface FreshSocket<S extends Socket & Connectable> {

		/**
		 * Make an unconnected socket.
		 * @return the socket
		 * @throws IOException if the socket could not be made
		 */
		S create() throws IOException;

	}

}
