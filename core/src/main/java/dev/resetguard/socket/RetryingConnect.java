package dev.resetguard.socket;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.RetryDecision;
import io.micrometer.observation.Observation;

/**
 * The connect step of Reset Guard's socket factories: connects a fresh socket and, when a reset
 * interrupts the connect, asks the {@link ConnectRetry} whether to try again on a new socket.
 */
final class RetryingConnect {

	private RetryingConnect() {
	}

	/**
	 * Connect, retrying on resets as the instrumentation's connect retry allows.
	 * @param <S> the socket type
	 * @param instrumentation the instrumentation
	 * @param peer the peer as {@code host:port}
	 * @param attempt connects one fresh socket for the given attempt number, closing it if it fails
	 * @return the connected socket
	 * @throws IOException the failure of the last attempt, unchanged
	 */
	static <S extends Socket> S connect(SocketInstrumentation instrumentation, String peer, Attempt<S> attempt)
			throws IOException {
		instrumentation.connectRetry().connectStarted(peer);
		for (int number = 1;; number++) {
			ConnectAttempt current = new ConnectAttempt(number, true);
			try {
				return attempt.connect(current);
			}
			catch (IOException ex) {
				if (!instrumentation.isReset(ex)) {
					throw ex;
				}
				ResetEvent reset = current.reset();
				long delayNanos = instrumentation.connectRetry().delayBeforeRetry(peer, number);
				if (delayNanos < 0) {
					// A retry loop around the connect decides about its last reset; without one, we do.
					if (reset != null && dev.resetguard.forensics.Attempt.current() == null) {
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
	interface Attempt<S extends Socket> {

		/**
		 * Connect a fresh socket, closing it if the connect fails.
		 * @param attempt the attempt, which the socket tells of the reset it records
		 * @return the connected socket
		 * @throws IOException if the connect failed
		 */
		S connect(ConnectAttempt attempt) throws IOException;

	}

}
