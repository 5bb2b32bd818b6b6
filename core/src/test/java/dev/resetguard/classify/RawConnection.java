package dev.resetguard.classify;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * A plain TCP connection speaking just enough HTTP/1.1 by hand to walk through the ground-truth
 * scenarios step by step, over a {@link Socket} (client e) or a blocking {@link SocketChannel} (client e2).
 */
abstract class RawConnection implements Closeable {

	private static final int WRITE_CHUNK = 64 * 1024;

	static RawConnection open(Transport transport, InetSocketAddress address) throws IOException {
		return (transport == Transport.SOCKET) ? new OverSocket(address) : new OverSocketChannel(address);
	}

	static byte[] request(String method, String path, byte[] body) {
		String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
				+ ((body != null) ? "Content-Length: " + body.length + "\r\n" : "") + "\r\n";
		byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
		if (body == null) {
			return headBytes;
		}
		byte[] request = Arrays.copyOf(headBytes, headBytes.length + body.length);
		System.arraycopy(body, 0, request, headBytes.length, body.length);
		return request;
	}

	abstract void writeFully(byte[] bytes, int offset, int length) throws IOException;

	abstract int read(byte[] buffer) throws IOException;

	/**
	 * Write the bytes in chunks, as a client streaming a large body does.
	 */
	void write(byte[] bytes) throws IOException {
		for (int offset = 0; offset < bytes.length; offset += WRITE_CHUNK) {
			writeFully(bytes, offset, Math.min(WRITE_CHUNK, bytes.length - offset));
		}
	}

	/**
	 * Read one whole response with a Content-Length body.
	 * @return the response, or {@code null} at end of stream before any byte
	 */
	String readResponse() throws IOException {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		byte[] buffer = new byte[4096];
		while (true) {
			int count = read(buffer);
			if (count < 0) {
				return (received.size() == 0) ? null : received.toString(StandardCharsets.US_ASCII);
			}
			received.write(buffer, 0, count);
			String text = received.toString(StandardCharsets.US_ASCII);
			int headEnd = text.indexOf("\r\n\r\n");
			if (headEnd >= 0 && text.length() >= headEnd + 4 + contentLength(text.substring(0, headEnd))) {
				return text;
			}
		}
	}

	private static int contentLength(String head) {
		for (String line : head.split("\r\n")) {
			if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
				return Integer.parseInt(line.substring("content-length:".length()).trim());
			}
		}
		return 0;
	}

	/**
	 * The client-side API the connection goes through.
	 */
	enum Transport {

		/** Client (e): {@code java.net.Socket}. */
		SOCKET,

		/** Client (e2): a blocking {@code SocketChannel}. */
		SOCKET_CHANNEL

	}

	private static final class OverSocket extends RawConnection {

		private final Socket socket;

		OverSocket(InetSocketAddress address) throws IOException {
			// A blocking connect, as in the ground truth: it completes on the SYN-ACK, before any reset on
			// accept, where a connect with a timeout polls and may meet the reset ("pollConnect")
			this.socket = new Socket(address.getAddress(), address.getPort());
			this.socket.setSoTimeout((int) Scenarios.TIMEOUT.toMillis());
		}

		@Override
		void writeFully(byte[] bytes, int offset, int length) throws IOException {
			this.socket.getOutputStream().write(bytes, offset, length);
			this.socket.getOutputStream().flush();
		}

		@Override
		int read(byte[] buffer) throws IOException {
			return this.socket.getInputStream().read(buffer);
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

	private static final class OverSocketChannel extends RawConnection {

		private final SocketChannel channel;

		OverSocketChannel(InetSocketAddress address) throws IOException {
			this.channel = SocketChannel.open(address);
		}

		@Override
		void writeFully(byte[] bytes, int offset, int length) throws IOException {
			ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
			while (buffer.hasRemaining()) {
				this.channel.write(buffer);
			}
		}

		@Override
		int read(byte[] buffer) throws IOException {
			return this.channel.read(ByteBuffer.wrap(buffer));
		}

		@Override
		public void close() throws IOException {
			this.channel.close();
		}

	}

}
