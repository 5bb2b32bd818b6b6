package dev.resetguard.netty;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.resetguard.classify.ResetClassifier;
import dev.resetguard.forensics.CauseInference;
import dev.resetguard.forensics.CauseSettings;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ConnectionListener;
import dev.resetguard.forensics.ConnectionTrace;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetPhase;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.retry.RequestExposure;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A write that fails on a fresh channel: whether the request may have left decides its phase and exposure.
 * <p>
 * The transport is simulated here, by a handler that fails every flushed write: a real socket cannot be
 * made to take part of a write and then fail it on demand (on loopback the send buffer takes a first write
 * whole or the reset is already in), and that partial write is the case under test.
 */
class ResetGuardChannelHandlerWriteFailureTests {

	private final List<ResetEvent> events = new CopyOnWriteArrayList<>();

	private final ResetRecorder recorder = new ResetRecorder(new ResetClassifier(),
			new CauseInference(CauseSettings.ofDefaults()), this.events::add);

	@Test
	void failedFirstWriteTooLargeToBeTakenWholeIsSendingRequestAndMayHaveReachedThePeer() {
		ResetEvent event = failFirstWrite(64 * 1024);
		assertThat(event.phase()).isEqualTo(ResetPhase.SENDING_REQUEST);
		assertThat(RequestExposure.of(event.phase(), event.facts())).isEqualTo(RequestExposure.SENT);
	}

	@Test
	void failedFirstWriteSmallEnoughToBeTakenWholeIsConnectAndNeverReachedThePeer() {
		ResetEvent event = failFirstWrite(200);
		assertThat(event.phase()).isEqualTo(ResetPhase.CONNECT);
		assertThat(RequestExposure.of(event.phase(), event.facts())).isEqualTo(RequestExposure.NOT_SENT);
	}

	private ResetEvent failFirstWrite(int bytes) {
		EmbeddedChannel channel = new EmbeddedChannel();
		ConnectionTrace trace = new ConnectionTrace("127.0.0.1:8080", ConnectionListener.NONE);
		trace.connectStarted();
		trace.connected("127.0.0.1:50000", "127.0.0.1:8080");
		ResetGuardChannelHandler handler = ResetGuardChannelHandler.attach(channel, trace, ClientKind.WEB_CLIENT,
				this.recorder);
		channel.pipeline().addFirst(new ResettingTransport());
		channel.pipeline().addLast(handler);
		handler.serve(null);
		channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[bytes]));
		channel.finishAndReleaseAll();
		assertThat(this.events).hasSize(1);
		return this.events.get(0);
	}

	/**
	 * Fails each write when it is flushed, as a socket reset after it took an unknown part of it.
	 */
	private static final class ResettingTransport extends ChannelOutboundHandlerAdapter {

		private final List<ChannelPromise> pending = new CopyOnWriteArrayList<>();

		@Override
		public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
			ReferenceCountUtil.release(msg);
			this.pending.add(promise);
		}

		@Override
		public void flush(ChannelHandlerContext ctx) {
			for (ChannelPromise promise : this.pending) {
				promise.tryFailure(new IOException("Connection reset by peer"));
			}
			this.pending.clear();
		}

	}

}
