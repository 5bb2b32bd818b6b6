package dev.resetguard.socket;

import java.io.IOException;
import java.io.OutputStream;

import dev.resetguard.forensics.ConnectionTrace;
import dev.resetguard.forensics.IoOperation;
import org.jspecify.annotations.Nullable;

/**
 * A socket output stream that keeps the {@link ConnectionTrace} of its connection up to date and
 * reports a reset the moment a write fails with one.
 */
final class InstrumentedOutputStream extends OutputStream {

	/**
	 * Largest first write of an exchange passed to the socket in one call: one the send buffer takes whole
	 * or not at all.
	 */
	static final int FIRST_WRITE_SLICE = ConnectionTrace.WHOLE_WRITE_BYTES;

	/**
	 * Largest write passed to the socket in one call. A write that fails loses the count of what it
	 * sent before the failure, so big writes go out in slices that are counted one by one; the JDK's
	 * socket writes in 128 KiB chunks itself, so this adds no system calls.
	 */
	static final int WRITE_SLICE = 128 * 1024;

	private final OutputStream delegate;

	private final ConnectionTrace trace;

	private final SocketInstrumentation instrumentation;

	private final @Nullable TlsHandshake handshake;

	InstrumentedOutputStream(OutputStream delegate, ConnectionTrace trace, SocketInstrumentation instrumentation,
			@Nullable TlsHandshake handshake) {
		this.delegate = delegate;
		this.trace = trace;
		this.instrumentation = instrumentation;
		this.handshake = handshake;
	}

	@Override
	public void write(int b) throws IOException {
		beforeWrite();
		try {
			this.delegate.write(b);
		}
		catch (IOException ex) {
			this.trace.writeFailed(1);
			throw failed(ex);
		}
		this.trace.wrote(1);
	}

	@Override
	public void write(byte[] b, int off, int len) throws IOException {
		beforeWrite();
		int position = off;
		int remaining = len;
		int slice = 0;
		try {
			do {
				slice = Math.min(remaining, (this.trace.exchangeBytesSent() == 0) ? FIRST_WRITE_SLICE : WRITE_SLICE);
				this.delegate.write(b, position, slice);
				this.trace.wrote(slice);
				position += slice;
				remaining -= slice;
			}
			while (remaining > 0);
		}
		catch (IOException ex) {
			this.trace.writeFailed(slice);
			throw failed(ex);
		}
	}

	@Override
	public void flush() throws IOException {
		try {
			this.delegate.flush();
		}
		catch (IOException ex) {
			throw failed(ex);
		}
	}

	@Override
	public void close() throws IOException {
		this.delegate.close();
	}

	private void beforeWrite() throws IOException {
		if (this.handshake != null) {
			this.handshake.ensureDone();
		}
		this.trace.beforeWrite();
	}

	private IOException failed(IOException ex) {
		this.instrumentation.failed(this.trace, IoOperation.WRITE, ex);
		return ex;
	}

}
