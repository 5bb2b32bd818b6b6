package dev.resetguard.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Tells a channel's {@link ResetGuardChannelHandler} where each response ends, as the HTTP codec decoded
 * it, and that the codec is done with a closed channel, both before Reactor Netty hands either on to the
 * application: so a call's outcome is known before its caller sees the end of the body. It sits right
 * after the codec, which the channel handler sits before; it allocates nothing.
 */
final class ResponseEndHandler extends ChannelInboundHandlerAdapter {

	/** Name of the handler in the channel pipeline. */
	static final String NAME = "resetGuard.responseEnd";

	private final ResetGuardChannelHandler channelHandler;

	// The content that ends an interim (1xx) response does not end the exchange.
	private boolean interim;

	ResponseEndHandler(ResetGuardChannelHandler channelHandler) {
		this.channelHandler = channelHandler;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof HttpResponse response) {
			this.interim = response.status().codeClass() == HttpStatusClass.INFORMATIONAL
					&& response.status().code() != HttpResponseStatus.SWITCHING_PROTOCOLS.code();
		}
		if (msg instanceof LastHttpContent) {
			if (this.interim) {
				this.interim = false;
			}
			else {
				this.channelHandler.exchangeEnded();
			}
		}
		ctx.fireChannelRead(msg);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		this.channelHandler.closedAfterDecoding();
		ctx.fireChannelInactive();
	}

}
