package dev.resetguard.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import dev.resetguard.socket.ResetGuardSocketFactory;
import dev.resetguard.socket.SocketInstrumentation;
import dev.resetguard.socket.SocketSettings;
import jdk.net.ExtendedSocketOptions;

/**
 * A loopback connection for the socket-stream benchmarks: a measured end, plain or made by
 * {@link ResetGuardSocketFactory}, and a plain far end that the calling thread drives itself, a chunk per
 * call, so that the bytes a call moves are in the kernel's buffers before the measured end reads them and
 * leave the buffers before its next write.
 */
final class LoopbackPeer implements AutoCloseable {

	/**
	 * The send and receive buffer of every socket. Linux sizes a connection's buffers by its own traffic
	 * unless told, so two connections that carry the same bytes can work in different regimes; fixed
	 * buffers several chunks deep keep both variants alike and let a chunk's write complete at once.
	 */
	static final int BUFFER = 256 * 1024;

	// A far end that does not get its bytes fails the benchmark rather than hanging it.
	private static final int FAR_END_TIMEOUT_MILLIS = 10_000;

	private final ServerSocket server;

	private final Socket socket;

	private final Socket farEnd;

	private final InputStream farIn;

	private final OutputStream farOut;

	private LoopbackPeer(ServerSocket server, Socket socket, Socket farEnd) throws IOException {
		this.server = server;
		this.socket = socket;
		this.farEnd = farEnd;
		this.farIn = farEnd.getInputStream();
		this.farOut = farEnd.getOutputStream();
	}

	/**
	 * Connect a plain socket or one made by {@link ResetGuardSocketFactory} to a new loopback peer. The plain
	 * socket gets the options Reset Guard's factory sets by default, so that both make the same system calls:
	 * with a read timeout, the JDK waits for data in a poll of its own rather than in a blocking read.
	 * @param variant {@code plain} or {@code decorated}
	 * @return the connection
	 * @throws IOException if the socket cannot connect or be configured
	 */
	static LoopbackPeer connect(String variant) throws IOException {
		ServerSocket server = new ServerSocket();
		Socket socket = null;
		try {
			// Set before bind and connect, so that the window scale both ends agree on fits the buffer.
			server.setReceiveBufferSize(BUFFER);
			server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
			socket = unconnected(variant);
			socket.setReceiveBufferSize(BUFFER);
			socket.setSendBufferSize(BUFFER);
			socket.connect(server.getLocalSocketAddress());
			Socket farEnd = server.accept();
			farEnd.setSendBufferSize(BUFFER);
			farEnd.setSoTimeout(FAR_END_TIMEOUT_MILLIS);
			return new LoopbackPeer(server, socket, farEnd);
		}
		catch (IOException | RuntimeException ex) {
			if (socket != null) {
				socket.close();
			}
			server.close();
			throw ex;
		}
	}

	private static Socket unconnected(String variant) throws IOException {
		if ("plain".equals(variant)) {
			SocketSettings settings = SocketSettings.ofDefaults();
			Socket socket = new Socket();
			socket.setSoTimeout(Math.toIntExact(settings.readTimeout().toMillis()));
			socket.setKeepAlive(settings.keepAlive());
			socket.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, Math.toIntExact(settings.keepAliveIdle().toSeconds()));
			socket.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL,
					Math.toIntExact(settings.keepAliveInterval().toSeconds()));
			return socket;
		}
		return new ResetGuardSocketFactory(SocketInstrumentation.builder().build()).createSocket();
	}

	/**
	 * Return the measured end.
	 * @return the plain or decorated socket
	 */
	Socket socket() {
		return this.socket;
	}

	/**
	 * Send a chunk from the far end, for the measured end to read.
	 * @param chunk the bytes
	 * @throws IOException if the write fails
	 */
	void send(byte[] chunk) throws IOException {
		this.farOut.write(chunk);
	}

	/**
	 * Receive at the far end a chunk the measured end wrote.
	 * @param chunk where the bytes go; filled whole
	 * @throws IOException if the read fails or the connection ends first
	 */
	void receive(byte[] chunk) throws IOException {
		if (this.farIn.readNBytes(chunk, 0, chunk.length) != chunk.length) {
			throw new IOException("The measured end closed the connection");
		}
	}

	@Override
	public void close() throws IOException {
		this.farEnd.close();
		this.socket.close();
		this.server.close();
	}

}
