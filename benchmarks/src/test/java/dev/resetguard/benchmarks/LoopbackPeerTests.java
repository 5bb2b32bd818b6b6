package dev.resetguard.benchmarks;

import java.io.IOException;
import java.net.Socket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loopback connections the socket-stream control runs over: both variants alike but for the socket's
 * kind, and a chunk crossing whole in either direction on the calling thread alone.
 */
class LoopbackPeerTests {

	private static final int CHUNK = 64 * 1024;

	@Test
	void plainVariantIsAPlainSocketAndDecoratedOneIsResetGuards() throws IOException {
		try (LoopbackPeer plain = LoopbackPeer.connect("plain");
				LoopbackPeer decorated = LoopbackPeer.connect("decorated")) {
			assertThat(plain.socket().getClass()).isEqualTo(Socket.class);
			assertThat(decorated.socket().getClass().getPackageName()).isEqualTo("dev.resetguard.socket");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "plain", "decorated" })
	void bothVariantsGetTheSameFixedBuffersAndReadTimeout(String variant) throws IOException {
		try (LoopbackPeer peer = LoopbackPeer.connect(variant); LoopbackPeer plain = LoopbackPeer.connect("plain")) {
			Socket socket = peer.socket();
			assertThat(socket.getReceiveBufferSize()).isGreaterThanOrEqualTo(LoopbackPeer.BUFFER)
				.isEqualTo(plain.socket().getReceiveBufferSize());
			assertThat(socket.getSendBufferSize()).isGreaterThanOrEqualTo(LoopbackPeer.BUFFER)
				.isEqualTo(plain.socket().getSendBufferSize());
			assertThat(socket.getSoTimeout()).isPositive().isEqualTo(plain.socket().getSoTimeout());
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "plain", "decorated" })
	void chunkSentByTheFarEndIsReadWhole(String variant) throws IOException {
		try (LoopbackPeer peer = LoopbackPeer.connect(variant)) {
			byte[] sent = pattern();
			byte[] read = new byte[CHUNK];
			for (int i = 0; i < 3; i++) {
				peer.send(sent);
				assertThat(peer.socket().getInputStream().readNBytes(read, 0, CHUNK)).isEqualTo(CHUNK);
				assertThat(read).isEqualTo(sent);
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "plain", "decorated" })
	void chunkWrittenIsReceivedWholeByTheFarEnd(String variant) throws IOException {
		try (LoopbackPeer peer = LoopbackPeer.connect(variant)) {
			byte[] written = pattern();
			byte[] received = new byte[CHUNK];
			for (int i = 0; i < 3; i++) {
				peer.socket().getOutputStream().write(written);
				peer.receive(received);
				assertThat(received).isEqualTo(written);
			}
		}
	}

	private static byte[] pattern() {
		byte[] bytes = new byte[CHUNK];
		for (int i = 0; i < CHUNK; i++) {
			bytes[i] = (byte) (i * 31);
		}
		return bytes;
	}

}
