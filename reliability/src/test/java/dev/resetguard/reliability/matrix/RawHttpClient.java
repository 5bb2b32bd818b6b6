package dev.resetguard.reliability.matrix;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.net.SocketFactory;

/**
 * HTTP/1.1 spoken by hand over sockets from a {@link SocketFactory}, as a JDBC driver or mail client
 * speaks its protocol over the factory it is given: one request per exchange, {@code Content-Length}
 * bodies only, and idle keep-alive connections pooled per address, most recently used first, as a
 * driver's connection pool keeps them, so a peer's idle timeout or restart can meet a reused connection.
 */
final class RawHttpClient implements Closeable {

	private static final int MAX_IDLE_PER_ADDRESS = 16;

	private final SocketFactory socketFactory;

	private final Map<InetSocketAddress, Deque<Socket>> idle = new HashMap<>();

	RawHttpClient(SocketFactory socketFactory) {
		this.socketFactory = socketFactory;
	}

	/**
	 * Send one request and read the whole response.
	 * @param method the request method
	 * @param url the URL
	 * @param requestId the value of the {@code X-Request-Id} header
	 * @param body the request body, or {@code null} for none
	 * @return the response body
	 * @throws IOException if the exchange fails; a connection that ends before the response is complete
	 * fails with an {@link EOFException}
	 */
	String exchange(String method, URI url, String requestId, byte[] body) throws IOException {
		Socket socket = take(new InetSocketAddress(url.getHost(), url.getPort()));
		boolean keep = false;
		try {
			OutputStream output = socket.getOutputStream();
			StringBuilder head = new StringBuilder();
			head.append(method).append(' ').append(url.getRawPath()).append(" HTTP/1.1\r\n");
			head.append("Host: ").append(url.getHost()).append(':').append(url.getPort()).append("\r\n");
			head.append("X-Request-Id: ").append(requestId).append("\r\n");
			if (body != null) {
				head.append("Content-Length: ").append(body.length).append("\r\n");
			}
			head.append("\r\n");
			output.write(head.toString().getBytes(StandardCharsets.US_ASCII));
			if (body != null) {
				output.write(body);
			}
			output.flush();
			InputStream input = socket.getInputStream();
			String statusLine = readLine(input);
			if (!statusLine.startsWith("HTTP/1.1 ")) {
				throw new IOException("Not an HTTP/1.1 response: " + statusLine);
			}
			long contentLength = -1;
			boolean close = false;
			for (String line = readLine(input); !line.isEmpty(); line = readLine(input)) {
				String lower = line.toLowerCase(Locale.ROOT);
				if (lower.startsWith("content-length:")) {
					contentLength = Long.parseLong(lower.substring("content-length:".length()).trim());
				}
				else if (lower.startsWith("connection:") && lower.contains("close")) {
					close = true;
				}
			}
			if (contentLength < 0) {
				throw new IOException("The matrix only reads Content-Length responses");
			}
			byte[] content = input.readNBytes((int) contentLength);
			if (content.length < contentLength) {
				throw endOfStream();
			}
			keep = !close;
			return new String(content, StandardCharsets.UTF_8);
		}
		finally {
			release(socket, keep);
		}
	}

	@Override
	public void close() throws IOException {
		List<Socket> sockets = new ArrayList<>();
		synchronized (this) {
			this.idle.values().forEach(sockets::addAll);
			this.idle.clear();
		}
		for (Socket socket : sockets) {
			socket.close();
		}
	}

	private synchronized Socket pooled(InetSocketAddress address) {
		Deque<Socket> sockets = this.idle.get(address);
		return (sockets != null) ? sockets.pollFirst() : null;
	}

	private Socket take(InetSocketAddress address) throws IOException {
		Socket socket = pooled(address);
		return (socket != null) ? socket : this.socketFactory.createSocket(address.getHostString(), address.getPort());
	}

	private void release(Socket socket, boolean keep) throws IOException {
		if (keep) {
			synchronized (this) {
				Deque<Socket> sockets = this.idle.computeIfAbsent(
						(InetSocketAddress) socket.getRemoteSocketAddress(), (address) -> new ArrayDeque<>());
				if (sockets.size() < MAX_IDLE_PER_ADDRESS) {
					sockets.addFirst(socket);
					return;
				}
			}
		}
		socket.close();
	}

	private static String readLine(InputStream input) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = input.read()) != '\n') {
			if (b < 0) {
				throw endOfStream();
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.US_ASCII);
	}

	private static EOFException endOfStream() {
		return new EOFException("Connection closed by peer before the response was complete");
	}

}
