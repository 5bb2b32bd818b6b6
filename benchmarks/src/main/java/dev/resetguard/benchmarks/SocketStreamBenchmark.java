package dev.resetguard.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

import dev.resetguard.socket.ResetGuardSocketFactory;
import dev.resetguard.socket.SocketInstrumentation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Bulk transfer through a plain socket and through one made by {@link ResetGuardSocketFactory}, in
 * the same run: 64 KiB writes into a draining loopback peer, and 64 KiB reads from a flooding one.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class SocketStreamBenchmark {

	private static final int CHUNK = 64 * 1024;

	/** Which socket: {@code plain} is the baseline, {@code decorated} is Reset Guard's. */
	@Param({ "plain", "decorated" })
	public String variant;

	private final byte[] chunk = new byte[CHUNK];

	private LoopbackPeer drain;

	private LoopbackPeer flood;

	private Socket writer;

	private Socket reader;

	private OutputStream out;

	private InputStream in;

	/** Connect to both peers. */
	@Setup(Level.Trial)
	public void connect() throws IOException {
		this.drain = LoopbackPeer.draining();
		this.flood = LoopbackPeer.flooding();
		this.writer = socket(this.drain.port());
		this.reader = socket(this.flood.port());
		this.out = this.writer.getOutputStream();
		this.in = this.reader.getInputStream();
	}

	/** Close everything. */
	@TearDown(Level.Trial)
	public void close() throws IOException {
		this.writer.close();
		this.reader.close();
		this.drain.close();
		this.flood.close();
	}

	/**
	 * Write one 64 KiB chunk.
	 * @throws IOException if the write fails
	 */
	@Benchmark
	public void write64k() throws IOException {
		this.out.write(this.chunk);
	}

	/**
	 * Read one 64 KiB chunk.
	 * @return bytes read, consumed by JMH
	 * @throws IOException if the read fails
	 */
	@Benchmark
	public int read64k() throws IOException {
		return this.in.readNBytes(this.chunk, 0, CHUNK);
	}

	private Socket socket(int port) throws IOException {
		InetAddress loopback = InetAddress.getLoopbackAddress();
		if ("plain".equals(this.variant)) {
			return new Socket(loopback, port);
		}
		return new ResetGuardSocketFactory(SocketInstrumentation.builder().build()).createSocket(loopback, port);
	}

}
