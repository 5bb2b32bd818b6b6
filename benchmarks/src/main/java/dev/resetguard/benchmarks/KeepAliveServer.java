package dev.resetguard.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cheapest HTTP/1.1 keep-alive server that real clients accept: it answers every request head with
 * the same {@code 200 ok}, allocates nothing per request, and so leaves the client's cost to be measured.
 * Requests must not carry a body. One thread per connection, on loopback.
 */
final class KeepAliveServer implements AutoCloseable {

	private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok")
		.getBytes(StandardCharsets.US_ASCII);

	private final ServerSocket server;

	private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

	private final Set<Long> threadIds = ConcurrentHashMap.newKeySet();

	private KeepAliveServer() throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "keep-alive-accept");
		acceptor.setDaemon(true);
		this.threadIds.add(acceptor.getId());
		acceptor.start();
	}

	/** Start a server on an ephemeral loopback port. */
	static KeepAliveServer start() throws IOException {
		return new KeepAliveServer();
	}

	/**
	 * Return the ids of every thread the server has started, ended ones included, so that a measurement can
	 * tell the server's work from the client's in the same JVM.
	 * @return a live view of the thread ids
	 */
	Set<Long> threadIds() {
		return Collections.unmodifiableSet(this.threadIds);
	}

	String url(String path) {
		return "http://" + this.server.getInetAddress().getHostAddress() + ":" + this.server.getLocalPort() + path;
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				socket.setTcpNoDelay(true);
				this.connections.add(socket);
				Thread thread = new Thread(() -> serve(socket), "keep-alive-" + socket.getPort());
				thread.setDaemon(true);
				// Recorded before it starts, so that no measurement sees it run without knowing it for the server's.
				this.threadIds.add(thread.getId());
				thread.start();
			}
			catch (IOException ex) {
				// Closed: done.
			}
		}
	}

	private void serve(Socket socket) {
		byte[] buffer = new byte[8192];
		// How much of "\r\n\r\n" the bytes read so far end with, carried across reads.
		int matched = 0;
		try (socket) {
			InputStream in = socket.getInputStream();
			OutputStream out = socket.getOutputStream();
			for (int count = in.read(buffer); count >= 0; count = in.read(buffer)) {
				for (int i = 0; i < count; i++) {
					byte b = buffer[i];
					matched = (b == ((matched % 2 == 0) ? '\r' : '\n')) ? matched + 1 : ((b == '\r') ? 1 : 0);
					if (matched == 4) {
						out.write(RESPONSE);
						matched = 0;
					}
				}
				out.flush();
			}
		}
		catch (IOException ex) {
			// The client closed or reset the connection: done.
		}
		finally {
			this.connections.remove(socket);
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		for (Socket socket : this.connections) {
			socket.close();
		}
	}

}
