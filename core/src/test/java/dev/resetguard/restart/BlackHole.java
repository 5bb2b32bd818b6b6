package dev.resetguard.restart;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback port that swallows connects: it listens but never accepts, and its accept queue is full, so
 * Linux drops every further SYN and a connect to it hangs until its timeout, as to a black-holed peer.
 */
final class BlackHole implements AutoCloseable {

	private final ServerSocket listener;

	private final List<Socket> queued = new ArrayList<>();

	private BlackHole(ServerSocket listener) {
		this.listener = listener;
	}

	static BlackHole open() throws IOException {
		BlackHole blackHole = new BlackHole(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
		try {
			// The queue of a backlog of 1 holds two connections; one more to be sure it is full.
			for (int i = 0; i < 2; i++) {
				Socket socket = new Socket();
				socket.connect(blackHole.listener.getLocalSocketAddress(), 1000);
				blackHole.queued.add(socket);
			}
		}
		catch (IOException ex) {
			// The queue filled earlier than expected: it is full all the same.
		}
		return blackHole;
	}

	String peer() {
		InetSocketAddress address = (InetSocketAddress) this.listener.getLocalSocketAddress();
		return address.getAddress().getHostAddress() + ":" + address.getPort();
	}

	@Override
	public void close() throws IOException {
		for (Socket socket : this.queued) {
			socket.close();
		}
		this.listener.close();
	}

}
