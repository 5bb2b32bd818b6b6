package dev.resetguard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A loopback HTTP server that answers each connection as told: with a real TCP reset (RST through
 * {@code SO_LINGER 0}) after reading the request head, with a small response, or not at all.
 */
final class ResettingServer implements AutoCloseable {

	private static final byte[] RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
		.getBytes(StandardCharsets.US_ASCII);

	private final ServerSocket serverSocket;

	private final IntFunction<Reply> replies;

	private final AtomicInteger connections = new AtomicInteger();

	private final List<Socket> held = new CopyOnWriteArrayList<>();

	private final Thread acceptor;

	private ResettingServer(IntFunction<Reply> replies) throws IOException {
		this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.replies = replies;
		this.acceptor = new Thread(this::acceptLoop, "resetting-server-" + this.serverSocket.getLocalPort());
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	/**
	 * Start a server that answers connection {@code n} (1 for the first) as the function says.
	 */
	static ResettingServer replying(IntFunction<Reply> replies) throws IOException {
		return new ResettingServer(replies);
	}

	static ResettingServer resettingFirst(int resets) throws IOException {
		return replying((connection) -> (connection <= resets) ? Reply.RESET : Reply.RESPOND);
	}

	static ResettingServer resettingAll() throws IOException {
		return replying((connection) -> Reply.RESET);
	}

	String peer() {
		return "127.0.0.1:" + this.serverSocket.getLocalPort();
	}

	int connections() {
		return this.connections.get();
	}

	/**
	 * Send one GET on a fresh connection and return the response body.
	 */
	String get(Duration readTimeout) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.serverSocket.getLocalPort()),
					5000);
			socket.setSoTimeout((int) readTimeout.toMillis());
			OutputStream out = socket.getOutputStream();
			out.write(("GET /orders?token=secret HTTP/1.1\r\nHost: " + peer() + "\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
			return response.substring(response.indexOf("\r\n\r\n") + 4);
		}
	}

	String get() throws IOException {
		return get(Duration.ofSeconds(10));
	}

	@Override
	public void close() throws IOException {
		this.serverSocket.close();
		for (Socket socket : this.held) {
			socket.close();
		}
	}

	private void acceptLoop() {
		while (!this.serverSocket.isClosed()) {
			try {
				Socket socket = this.serverSocket.accept();
				answer(socket, this.replies.apply(this.connections.incrementAndGet()));
			}
			catch (IOException ex) {
				// Closed while accepting, or the client gave up first: either way nothing to answer.
			}
		}
	}

	private void answer(Socket socket, Reply reply) throws IOException {
		readRequestHead(socket.getInputStream());
		switch (reply) {
			case RESET -> {
				socket.setSoLinger(true, 0);
				socket.close();
			}
			case RESPOND -> {
				try (socket) {
					socket.getOutputStream().write(RESPONSE);
				}
			}
			case HANG -> this.held.add(socket);
		}
	}

	private static void readRequestHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) != -1) {
			head.write(b);
			if (head.size() >= 4 && head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
				return;
			}
		}
		throw new SocketException("client closed before sending a request head");
	}

	/**
	 * How the server answers a connection.
	 */
	enum Reply {

		/** Abort the connection with an RST once the request head is read. */
		RESET,

		/** Send {@code 200 OK} with the body {@code ok} and close. */
		RESPOND,

		/** Read the request and never answer. */
		HANG

	}

}
