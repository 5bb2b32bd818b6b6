package dev.resetguard.web.reactive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.resetguard.test.CloseMode;

/**
 * A loopback TCP proxy that behaves like a NAT gateway, stateful firewall or load balancer with an idle
 * timeout: a connection that stays idle longer than the timeout is forgotten without a word to either side,
 * and the next bytes the client sends on it are answered with an RST (or, for a middlebox that closes
 * politely, a FIN). Unlike a server that closes idle connections (which an event loop notices at once),
 * nothing tells the client its pooled connection died until it sends a request on it.
 */
final class SilentDropProxy implements AutoCloseable {

	private final ServerSocket listener;

	private final InetSocketAddress upstream;

	private final long dropAfterNanos;

	private final CloseMode dropMode;

	private final AtomicInteger drops = new AtomicInteger();

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final Thread acceptor;

	SilentDropProxy(InetSocketAddress upstream, Duration dropAfter) throws IOException {
		this(upstream, dropAfter, CloseMode.RST);
	}

	SilentDropProxy(InetSocketAddress upstream, Duration dropAfter, CloseMode dropMode) throws IOException {
		this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.upstream = upstream;
		this.dropAfterNanos = dropAfter.toNanos();
		this.dropMode = dropMode;
		this.acceptor = daemon("silent-drop-accept", this::accept);
	}

	/**
	 * Return the URL of a path through this proxy.
	 * @param path the path
	 * @return the URL
	 */
	String url(String path) {
		return "http://127.0.0.1:" + this.listener.getLocalPort() + path;
	}

	/**
	 * Return how many connections were dropped and reset so far.
	 * @return the number of drops
	 */
	int drops() {
		return this.drops.get();
	}

	@Override
	public void close() throws IOException {
		this.listener.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
		try {
			this.acceptor.join(2000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void accept() {
		while (!this.listener.isClosed()) {
			try {
				Socket client = this.listener.accept();
				Socket server = new Socket(this.upstream.getAddress(), this.upstream.getPort());
				this.sockets.add(client);
				this.sockets.add(server);
				Flow flow = new Flow(client, server);
				daemon("silent-drop-up", flow::clientToServer);
				daemon("silent-drop-down", flow::serverToClient);
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private static Thread daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	/**
	 * One proxied connection and the time it last carried a byte either way.
	 */
	private final class Flow {

		private final Socket client;

		private final Socket server;

		// The idle clock starts with the first byte, so that a slow first request is not taken for idleness.
		private volatile long lastActivity = Long.MAX_VALUE;

		Flow(Socket client, Socket server) {
			this.client = client;
			this.server = server;
		}

		void clientToServer() {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = this.client.getInputStream(); OutputStream out = this.server.getOutputStream()) {
				int count;
				while ((count = in.read(buffer)) >= 0) {
					long last = this.lastActivity;
					if (last != Long.MAX_VALUE && System.nanoTime() - last >= SilentDropProxy.this.dropAfterNanos) {
						drop();
						return;
					}
					this.lastActivity = System.nanoTime();
					out.write(buffer, 0, count);
					out.flush();
				}
			}
			catch (IOException ex) {
				closeQuietly();
			}
		}

		void serverToClient() {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = this.server.getInputStream(); OutputStream out = this.client.getOutputStream()) {
				int count;
				while ((count = in.read(buffer)) >= 0) {
					this.lastActivity = System.nanoTime();
					out.write(buffer, 0, count);
					out.flush();
				}
			}
			catch (IOException ex) {
				closeQuietly();
			}
		}

		private void drop() {
			SilentDropProxy.this.drops.incrementAndGet();
			if (SilentDropProxy.this.dropMode == CloseMode.RST) {
				try {
					this.client.setSoLinger(true, 0);
				}
				catch (SocketException ex) {
					// Already gone: nothing left to reset.
				}
			}
			closeQuietly();
		}

		private void closeQuietly() {
			try {
				this.client.close();
				this.server.close();
			}
			catch (IOException ex) {
				// Closing a proxied connection that the other side closed first.
			}
		}

	}

}
