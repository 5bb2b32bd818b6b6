package dev.resetguard.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

import dev.resetguard.socket.ResetGuardSocketFactory;
import dev.resetguard.socket.SocketInstrumentation;
import dev.resetguard.socket.SocketSettings;
import jdk.net.ExtendedSocketOptions;
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
		this.writer = socket(this.variant, this.drain.port());
		this.reader = socket(this.variant, this.flood.port());
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

	/**
	 * Connect to a loopback port through a plain socket or one made by {@link ResetGuardSocketFactory}. The
	 * plain socket gets the options Reset Guard's factory sets by default, so that both make the same system
	 * calls: with a read timeout, the JDK waits for data in a poll of its own rather than in a blocking read.
	 * @param variant {@code plain} or {@code decorated}
	 * @param port the port
	 * @return the connected socket
	 * @throws IOException if the socket cannot connect or be configured
	 */
	static Socket socket(String variant, int port) throws IOException {
		InetAddress loopback = InetAddress.getLoopbackAddress();
		if ("plain".equals(variant)) {
			SocketSettings settings = SocketSettings.ofDefaults();
			Socket socket = new Socket(loopback, port);
			socket.setSoTimeout(Math.toIntExact(settings.readTimeout().toMillis()));
			socket.setKeepAlive(settings.keepAlive());
			socket.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, Math.toIntExact(settings.keepAliveIdle().toSeconds()));
			socket.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL,
					Math.toIntExact(settings.keepAliveInterval().toSeconds()));
			return socket;
		}
		return new ResetGuardSocketFactory(SocketInstrumentation.builder().build()).createSocket(loopback, port);
	}

}
