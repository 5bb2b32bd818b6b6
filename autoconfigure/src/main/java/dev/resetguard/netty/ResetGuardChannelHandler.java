package dev.resetguard.netty;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.resetguard.forensics.Attempt;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ConnectionTrace;
import dev.resetguard.forensics.IoOperation;
import dev.resetguard.forensics.PeerKey;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetRecorder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the {@link ConnectionTrace} of one Netty channel up to date and records its resets, each with the
 * phase, cause and attempt it belongs to, the moment the channel sees it. It sits where the bytes are
 * plain, after TLS and before the HTTP codec, so it counts request and response bytes but no handshake
 * bytes. One instance per channel, found with {@link #of(Channel)}; all its callbacks run on the
 * channel's event loop.
 * <p>
 * A channel is <em>in use</em> from its creation, or from the request it is taken from the pool for,
 * until its response completes, it goes back to the pool or it closes; the attempt it serves, if any, is
 * told when that happens. A channel that fails while idle in the pool fails no call: the peer closing an
 * idle connection is not recorded as a reset.
 */
final class ResetGuardChannelHandler extends ChannelDuplexHandler
		implements GenericFutureListener<Future<? super Void>> {

	/** Name of the handler in the channel pipeline. */
	public static final String NAME = "resetGuard.connectionTrace";

	private static final AttributeKey<ResetGuardChannelHandler> KEY = AttributeKey
		.valueOf(ResetGuardChannelHandler.class, "handler");

	private final ConnectionTrace trace;

	private final ClientKind client;

	private final ResetRecorder recorder;

	private final AtomicBoolean retired = new AtomicBoolean();

	private volatile boolean inUse;

	private volatile @Nullable Attempt attempt;

	private volatile int attemptNumber = 1;

	private volatile boolean requestSent;

	private volatile boolean closedHere;

	private final PendingWrites pendingWrites = new PendingWrites();

	private ResetGuardChannelHandler(ConnectionTrace trace, ClientKind client, ResetRecorder recorder) {
		this.trace = trace;
		this.client = client;
		this.recorder = recorder;
	}

	/**
	 * Create the handler of a channel and make it findable from the channel.
	 * @param channel the channel, not yet connected
	 * @param trace the trace of the channel's connection
	 * @param client the kind of client the channel serves, which tags its resets
	 * @param recorder where resets are recorded
	 * @return the handler, still to be added to the pipeline
	 */
	static ResetGuardChannelHandler attach(Channel channel, ConnectionTrace trace, ClientKind client,
			ResetRecorder recorder) {
		ResetGuardChannelHandler handler = new ResetGuardChannelHandler(trace, client, recorder);
		channel.attr(KEY).set(handler);
		return handler;
	}

	/**
	 * Return the handler of a channel.
	 * @param channel the channel
	 * @return its handler, {@code null} if the channel is not instrumented
	 */
	public static @Nullable ResetGuardChannelHandler of(Channel channel) {
		return channel.attr(KEY).get();
	}

	/**
	 * Return the trace of the channel's connection.
	 * @return the trace
	 */
	public ConnectionTrace trace() {
		return this.trace;
	}

	/**
	 * Record that the channel serves an attempt, being opened for it or taken from the pool for its request.
	 * @param attempt the attempt, {@code null} when the request carries none (no Reset Guard filter)
	 */
	void serve(@Nullable Attempt attempt) {
		this.inUse = true;
		this.requestSent = false;
		this.attempt = attempt;
		// The number now: an attempt object may move on to the call's next attempt while this channel closes.
		this.attemptNumber = (attempt != null) ? attempt.number() : 1;
		if (attempt != null) {
			attempt.bind(this.trace);
		}
	}

	/** The whole request was written. */
	void requestSent() {
		this.requestSent = true;
	}

	/** The exchange ended: its response completed, the channel went back to the pool, or it closed. */
	void exchangeEnded() {
		Attempt current = this.attempt;
		this.inUse = false;
		this.attempt = null;
		if (current != null) {
			current.exchangeEnded(this.trace);
		}
	}

	/**
	 * Mark the channel retired by adaptive idle before it was used again.
	 * @return {@code true} the first time only
	 */
	boolean retire() {
		return this.retired.compareAndSet(false, true);
	}

	@Override
	public void connect(ChannelHandlerContext ctx, SocketAddress remoteAddress, SocketAddress localAddress,
			ChannelPromise promise) {
		this.trace.connectStarted();
		promise.addListener((future) -> {
			if (future.isSuccess()) {
				connected(ctx.channel());
			}
			else {
				connectFailed(future.cause());
			}
		});
		ctx.connect(remoteAddress, localAddress, promise);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof ByteBuf buffer) {
			this.trace.read(buffer.readableBytes());
		}
		ctx.fireChannelRead(msg);
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		long bytes = bytesOf(msg);
		if (bytes <= 0) {
			ctx.write(msg, promise);
			return;
		}
		this.trace.beforeWrite();
		this.pendingWrites.add(bytes);
		ChannelPromise written = promise.unvoid();
		written.addListener(this);
		ctx.write(msg, written);
	}

	/**
	 * A write's promise completed: the oldest pending write's.
	 * @param future the promise
	 */
	@Override
	public void operationComplete(Future<? super Void> future) {
		long unconfirmed = this.pendingWrites.total();
		long bytes = this.pendingWrites.completeOldest();
		if (future.isSuccess()) {
			this.trace.wrote(bytes);
		}
		else {
			// A failed promise does not say how much of its write, or of the writes flushed with it (TLS
			// packs several into one record), left before the failure.
			this.trace.writeFailed(unconfirmed);
			failed(IoOperation.WRITE, future.cause());
		}
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		// A reset may surface on the read side while the request is still going out.
		boolean sending = !this.requestSent && this.trace.exchangeBytesReceived() == 0;
		failed(sending ? IoOperation.WRITE : IoOperation.READ, cause);
		ctx.fireExceptionCaught(cause);
	}

	@Override
	public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
		// A cancelled call or a response timeout closes the channel from this side: that is no premature close.
		this.closedHere = true;
		ctx.close(promise);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		if (this.inUse && !this.closedHere && this.trace.responseWasDue()) {
			Attempt current = this.attempt;
			attachTo(current,
					this.recorder.responseMissing(this.client, this.trace, this.attemptNumber, decides(current)));
		}
		this.trace.closed();
		ctx.fireChannelInactive();
	}

	/**
	 * The codec decoded all it will of a closed channel ({@link ResponseEndHandler} calls this before Reactor
	 * Netty hears of the close): an exchange still in use lost the rest of a response that had begun.
	 */
	void closedAfterDecoding() {
		if (!this.inUse) {
			return;
		}
		if (!this.closedHere && this.trace.exchangeBytesReceived() > 0) {
			Attempt current = this.attempt;
			attachTo(current,
					this.recorder.responseMissing(this.client, this.trace, this.attemptNumber, decides(current)));
		}
		exchangeEnded();
	}

	// Reactor Netty holds channelActive back until the TLS handshake is done, so the connect and the
	// handshake are followed through their own futures, which complete first.
	private void connected(Channel channel) {
		this.trace.connected(address(channel.localAddress()), address(channel.remoteAddress()));
		SslHandler tls = channel.pipeline().get(SslHandler.class);
		if (tls != null) {
			this.trace.handshakeStarted();
			tls.handshakeFuture().addListener((handshake) -> {
				if (handshake.isSuccess()) {
					this.trace.handshakeFinished();
				}
				else {
					failed(IoOperation.HANDSHAKE, handshake.cause());
				}
			});
		}
	}

	private void connectFailed(Throwable cause) {
		if (cause instanceof IOException failure) {
			this.trace.connectFailed(failure);
		}
		failed(IoOperation.CONNECT, cause);
		this.trace.closed();
	}

	private void failed(IoOperation operation, Throwable cause) {
		if (!this.inUse) {
			return;
		}
		Attempt current = this.attempt;
		attachTo(current, this.recorder.connectionFailed(this.client, this.trace, operation, cause, this.attemptNumber,
				decides(current)));
	}

	// The retry loop of the attempt, if a Reset Guard filter made one, decides about the reset.
	private static boolean decides(@Nullable Attempt current) {
		return current != null && current.decides();
	}

	private void attachTo(@Nullable Attempt current, @Nullable ResetEvent event) {
		if (current != null && event != null) {
			current.resetRecorded(this.trace, event);
		}
	}

	private static long bytesOf(Object msg) {
		if (msg instanceof ByteBuf buffer) {
			return buffer.readableBytes();
		}
		if (msg instanceof ByteBufHolder holder) {
			return holder.content().readableBytes();
		}
		if (msg instanceof FileRegion region) {
			return region.count() - region.transferred();
		}
		return 0;
	}

	private static @Nullable String address(@Nullable SocketAddress address) {
		if (address instanceof InetSocketAddress inet) {
			return PeerKey.of(inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString(),
					inet.getPort());
		}
		return (address != null) ? address.toString() : null;
	}

}
