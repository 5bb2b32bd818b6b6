package dev.resetguard.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Echoes every byte read on one connection, applying the toxic the connection drew when it was accepted.
 */
final class RawEchoHandler {

	private final ChaosConnection connection;

	private final @Nullable Toxic toxic;

	private final CountDownLatch stopping;

	RawEchoHandler(ChaosConnection connection, @Nullable Toxic toxic, CountDownLatch stopping) {
		this.connection = connection;
		this.toxic = toxic;
		this.stopping = stopping;
	}

	/**
	 * Echo until the client or the server ends the connection, or the toxic resets it.
	 */
	void serve() throws IOException, InterruptedException {
		InputStream input = this.connection.input();
		OutputStream output = this.connection.output();
		ToxicKind kind = (this.toxic != null) ? this.toxic.kind() : null;
		long limit = (this.toxic != null) ? this.toxic.bytes() : 0;
		byte[] buffer = new byte[8192];
		long read = 0;
		long echoed = 0;
		// One read per turn; the loop ends when the connection does, or when the server stops.
		while (this.stopping.getCount() > 0) {
			if (kind == ToxicKind.RESET_DURING_UPLOAD && read >= limit) {
				this.connection.reset(kind);
				return;
			}
			if (!this.connection.idle()) {
				return;
			}
			int wanted = (kind == ToxicKind.RESET_DURING_UPLOAD) ? (int) Math.min(buffer.length, limit - read)
					: buffer.length;
			int count = input.read(buffer, 0, wanted);
			if (count < 0 || !this.connection.busy()) {
				return;
			}
			read += count;
			if (kind == ToxicKind.RESET_AFTER_REQUEST_HEAD) {
				this.connection.reset(kind);
				return;
			}
			if (kind == ToxicKind.SILENCE_THEN_RESET) {
				this.stopping.await(this.toxic.silence().toNanos(), TimeUnit.NANOSECONDS);
				this.connection.reset(kind);
				return;
			}
			int echo = (kind == ToxicKind.RESET_AFTER_RESPONSE_BYTES) ? (int) Math.min(count, limit - echoed) : count;
			output.write(buffer, 0, echo);
			output.flush();
			echoed += echo;
			if (kind == ToxicKind.RESET_AFTER_RESPONSE_BYTES && echoed >= limit) {
				// Same pause as in HTTP mode, so that the echoed bytes reach the client before the reset does.
				this.stopping.await(ChaosConnection.SETTLE_BEFORE_RESET.toNanos(), TimeUnit.NANOSECONDS);
				this.connection.reset(kind);
				return;
			}
		}
	}

}
