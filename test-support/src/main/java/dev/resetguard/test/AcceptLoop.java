package dev.resetguard.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Owns the listening socket: accepts connections and hands them on, and on a restart drains the accept
 * queue, stops listening so that connects are refused, and listens on the same port again later.
 */
final class AcceptLoop implements Runnable {

	private static final int BACKLOG = 1024;

	private static final int MAX_ACCEPTS_PER_TURN = 256;

	/**
	 * Bound on the connections taken from the accept queue when going down; the queue holds at most
	 * {@link #BACKLOG}, plus whatever arrives while draining.
	 */
	private static final int MAX_DRAIN = 4 * BACKLOG;

	private static final Duration REBIND_PATIENCE = Duration.ofSeconds(5);

	private static final long REBIND_RETRY_MILLIS = 20;

	private static final long ACCEPT_FAILURE_BACKOFF_MILLIS = 10;

	private final InetAddress bindAddress;

	private final Consumer<SocketChannel> onAccept;

	private final CountDownLatch stopping;

	private final Selector selector;

	private final int port;

	private final Object monitor = new Object();

	private volatile @Nullable ServerSocketChannel channel;

	private @Nullable Consumer<SocketChannel> downRequest;

	private @Nullable Duration downtime;

	private @Nullable CountDownLatch downAcknowledged;

	private @Nullable CompletableFuture<Void> listening;

	private long rebindAtNanos;

	AcceptLoop(InetAddress bindAddress, Consumer<SocketChannel> onAccept, CountDownLatch stopping) throws IOException {
		this.bindAddress = bindAddress;
		this.onAccept = onAccept;
		this.stopping = stopping;
		this.selector = Selector.open();
		try {
			this.channel = bind(0);
		}
		catch (IOException ex) {
			this.selector.close();
			throw ex;
		}
		this.port = this.channel.socket().getLocalPort();
	}

	int port() {
		return this.port;
	}

	/**
	 * Stop listening until {@code downtime} has passed; connections still in the accept queue go to
	 * {@code onDrained}. Returns once the listening socket is closed.
	 * @return a future that completes when the server listens again
	 */
	CompletableFuture<Void> goDown(Duration downtime, Consumer<SocketChannel> onDrained) {
		CountDownLatch acknowledged = new CountDownLatch(1);
		CompletableFuture<Void> future = new CompletableFuture<>();
		synchronized (this.monitor) {
			if (this.downRequest != null || this.listening != null || this.channel == null) {
				throw new IllegalStateException("The server is already restarting");
			}
			this.downRequest = onDrained;
			this.downtime = downtime;
			this.downAcknowledged = acknowledged;
			this.listening = future;
		}
		this.selector.wakeup();
		try {
			if (!acknowledged.await(REBIND_PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("The accept loop did not stop listening in time");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while stopping the listener", ex);
		}
		return future;
	}

	@Override
	public void run() {
		try {
			// One turn per wake-up (connections ready, restart requested, rebind due) until the server stops.
			while (this.stopping.getCount() > 0) {
				try {
					turn();
				}
				catch (IOException ex) {
					// Typically out of file descriptors under load: back off instead of spinning.
					this.stopping.await(ACCEPT_FAILURE_BACKOFF_MILLIS, TimeUnit.MILLISECONDS);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			closeChannel();
			closeSelector();
			failPendingRestart();
		}
	}

	/**
	 * Wake the loop so that it notices the stop signal.
	 */
	void wakeup() {
		this.selector.wakeup();
	}

	private void turn() throws IOException, InterruptedException {
		if (this.channel == null) {
			listenAgainWhenDue();
			return;
		}
		this.selector.select();
		Consumer<SocketChannel> drained = takeDownRequest();
		if (drained != null) {
			stopListening(drained);
			return;
		}
		this.selector.selectedKeys().clear();
		acceptPending(this.onAccept, MAX_ACCEPTS_PER_TURN);
	}

	private void failPendingRestart() {
		CompletableFuture<Void> future;
		synchronized (this.monitor) {
			future = this.listening;
			this.listening = null;
		}
		if (future != null) {
			future.completeExceptionally(new IllegalStateException("The server was closed while restarting"));
		}
	}

	private @Nullable Consumer<SocketChannel> takeDownRequest() {
		synchronized (this.monitor) {
			Consumer<SocketChannel> request = this.downRequest;
			this.downRequest = null;
			return request;
		}
	}

	private void stopListening(Consumer<SocketChannel> onDrained) {
		ServerSocketChannel listener = this.channel;
		try {
			// Deregistered first, because a registered channel keeps listening after close() until the
			// selector flushes its key: connects landing in that gap would be reset by the kernel unrecorded.
			listener.keyFor(this.selector).cancel();
			this.selector.selectNow();
		}
		catch (IOException ex) {
			// The selector is unusable; the channel still closes below, only later.
		}
		// Held, not reset, until the listener is closed: a client reset during the drain would reconnect
		// at once and keep the queue full.
		List<SocketChannel> drained = new ArrayList<>();
		try {
			acceptPending(drained::add, MAX_DRAIN);
		}
		catch (IOException ex) {
			// Whatever is left in the accept queue is reset by the kernel when the listener closes.
		}
		closeChannel();
		drained.forEach(onDrained);
		CountDownLatch acknowledged;
		synchronized (this.monitor) {
			this.rebindAtNanos = System.nanoTime() + this.downtime.toNanos();
			acknowledged = this.downAcknowledged;
		}
		acknowledged.countDown();
	}

	private void listenAgainWhenDue() throws InterruptedException {
		long wait = this.rebindAtNanos - System.nanoTime();
		if (wait > 0) {
			this.stopping.await(wait, TimeUnit.NANOSECONDS);
			return;
		}
		try {
			this.channel = bind(this.port);
		}
		catch (IOException ex) {
			if (System.nanoTime() - this.rebindAtNanos > REBIND_PATIENCE.toNanos()) {
				finishRestart(ex);
				this.rebindAtNanos = Long.MAX_VALUE;
				return;
			}
			this.stopping.await(REBIND_RETRY_MILLIS, TimeUnit.MILLISECONDS);
			return;
		}
		finishRestart(null);
	}

	private void finishRestart(@Nullable IOException failure) {
		CompletableFuture<Void> future;
		synchronized (this.monitor) {
			future = this.listening;
			this.listening = null;
		}
		if (failure == null) {
			future.complete(null);
		}
		else {
			future.completeExceptionally(
					new IOException("Could not listen on port " + this.port + " again after the restart", failure));
		}
	}

	private void acceptPending(Consumer<SocketChannel> handler, int max) throws IOException {
		for (int accepted = 0; accepted < max; accepted++) {
			SocketChannel socket = this.channel.accept();
			if (socket == null) {
				return;
			}
			handler.accept(socket);
		}
	}

	private ServerSocketChannel bind(int port) throws IOException {
		ServerSocketChannel server = ServerSocketChannel.open();
		try {
			server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
			server.bind(new InetSocketAddress(this.bindAddress, port), BACKLOG);
			server.configureBlocking(false);
			server.register(this.selector, SelectionKey.OP_ACCEPT);
			return server;
		}
		catch (IOException ex) {
			server.close();
			throw ex;
		}
	}

	private void closeChannel() {
		ServerSocketChannel current = this.channel;
		this.channel = null;
		if (current != null) {
			try {
				current.close();
			}
			catch (IOException ex) {
				// The listener is gone either way.
			}
		}
	}

	private void closeSelector() {
		try {
			this.selector.close();
		}
		catch (IOException ex) {
			// Nothing is registered any more.
		}
	}

}
