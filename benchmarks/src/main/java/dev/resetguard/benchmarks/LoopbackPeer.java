package dev.resetguard.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A loopback peer for socket benchmarks that either drains everything it receives or floods the
 * connection with bytes, on its own thread, until closed.
 */
final class LoopbackPeer implements AutoCloseable {

	private final ServerSocket server;

	private final Thread thread;

	private LoopbackPeer(boolean flood) throws IOException {
		this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		this.thread = new Thread(() -> serve(flood), "loopback-peer");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/** Start a peer that reads and discards everything. */
	static LoopbackPeer draining() throws IOException {
		return new LoopbackPeer(false);
	}

	/** Start a peer that writes bytes as fast as the connection takes them. */
	static LoopbackPeer flooding() throws IOException {
		return new LoopbackPeer(true);
	}

	/**
	 * Return the id of the thread that serves the peer, so that a measurement can tell its work apart.
	 * @return the thread id
	 */
	long threadId() {
		return this.thread.getId();
	}

	int port() {
		return this.server.getLocalPort();
	}

	private void serve(boolean flood) {
		byte[] buffer = new byte[64 * 1024];
		try (Socket socket = this.server.accept()) {
			if (flood) {
				OutputStream out = socket.getOutputStream();
				while (true) {
					out.write(buffer);
				}
			}
			InputStream in = socket.getInputStream();
			while (in.read(buffer) >= 0) {
				// discard
			}
		}
		catch (IOException ex) {
			// The benchmark closed its side: done.
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

}
