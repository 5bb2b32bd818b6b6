package dev.resetguard.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

import dev.resetguard.socket.ResetGuardSocketFactory;
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
 * Bulk transfer through a plain socket and through one made by {@link ResetGuardSocketFactory}, in the same
 * run: 64 KiB written to a {@link LoopbackPeer} and 64 KiB read from it. Each operation includes the far
 * end's plain half of the transfer, the same for both variants, as {@link CpuReport}'s control does.
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

	private LoopbackPeer writes;

	private LoopbackPeer reads;

	private OutputStream out;

	private InputStream in;

	/** Connect to both peers. */
	@Setup(Level.Trial)
	public void connect() throws IOException {
		this.writes = LoopbackPeer.connect(this.variant);
		this.reads = LoopbackPeer.connect(this.variant);
		this.out = this.writes.socket().getOutputStream();
		this.in = this.reads.socket().getInputStream();
	}

	/** Close everything. */
	@TearDown(Level.Trial)
	public void close() throws IOException {
		this.writes.close();
		this.reads.close();
	}

	/**
	 * Write one 64 KiB chunk, and take it at the far end.
	 * @throws IOException if the write fails
	 */
	@Benchmark
	public void write64k() throws IOException {
		this.out.write(this.chunk);
		this.writes.receive(this.chunk);
	}

	/**
	 * Read one 64 KiB chunk that the far end has just sent.
	 * @return bytes read, consumed by JMH
	 * @throws IOException if the read fails
	 */
	@Benchmark
	public int read64k() throws IOException {
		this.reads.send(this.chunk);
		return this.in.readNBytes(this.chunk, 0, CHUNK);
	}

}
