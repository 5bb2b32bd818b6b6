package dev.resetguard.socket;

import java.io.IOException;
import java.io.InputStream;

import dev.resetguard.forensics.ConnectionTrace;
import dev.resetguard.forensics.IoOperation;
import org.jspecify.annotations.Nullable;

/**
 * A socket input stream that keeps the {@link ConnectionTrace} of its connection up to date and
 * reports a reset the moment a read fails with one, or ends where a response was due.
 */
final class InstrumentedInputStream extends InputStream {

	private final InputStream delegate;

	private final ConnectionTrace trace;

	private final SocketInstrumentation instrumentation;

	private final @Nullable TlsHandshake handshake;

	InstrumentedInputStream(InputStream delegate, ConnectionTrace trace, SocketInstrumentation instrumentation,
			@Nullable TlsHandshake handshake) {
		this.delegate = delegate;
		this.trace = trace;
		this.instrumentation = instrumentation;
		this.handshake = handshake;
	}

	@Override
	public int read() throws IOException {
		beforeRead();
		int b;
		try {
			b = this.delegate.read();
		}
		catch (IOException ex) {
			throw failed(ex);
		}
		afterRead((b >= 0) ? 1 : -1);
		return b;
	}

	@Override
	public int read(byte[] b, int off, int len) throws IOException {
		beforeRead();
		int n;
		try {
			n = this.delegate.read(b, off, len);
		}
		catch (IOException ex) {
			throw failed(ex);
		}
		afterRead(n);
		return n;
	}

	@Override
	public int available() throws IOException {
		return this.delegate.available();
	}

	@Override
	public void close() throws IOException {
		this.delegate.close();
	}

	private void beforeRead() throws IOException {
		if (this.handshake != null) {
			this.handshake.ensureDone();
		}
	}

	private void afterRead(int n) {
		if (n > 0) {
			this.trace.read(n);
		}
		else if (n < 0 && this.trace.responseWasDue()) {
			this.instrumentation.responseMissing(this.trace);
		}
	}

	private IOException failed(IOException ex) {
		this.instrumentation.failed(this.trace, IoOperation.READ, ex);
		return ex;
	}

}
