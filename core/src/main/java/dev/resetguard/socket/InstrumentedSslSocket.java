package dev.resetguard.socket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import dev.resetguard.forensics.ConnectionTrace;
import dev.resetguard.forensics.PeerKey;
import org.jspecify.annotations.Nullable;

/**
 * An {@link SSLSocket} that delegates everything to the JDK's (or the configured provider's) socket
 * and keeps a {@link ConnectionTrace} of the plaintext exchange. It runs the handshake explicitly
 * before the first read or write so a reset in the handshake gets the {@code tls-handshake} phase.
 */
final class InstrumentedSslSocket extends SSLSocket implements RetryingConnect.Connectable {

	private final SSLSocket delegate;

	private final SocketInstrumentation instrumentation;

	private volatile @Nullable TlsHandshake handshake;

	private @Nullable InputStream input;

	private @Nullable OutputStream output;

	/**
	 * Wrap an unconnected socket; the trace starts at {@link #connect(SocketAddress, int)}.
	 */
	InstrumentedSslSocket(SSLSocket delegate, SocketInstrumentation instrumentation) throws IOException {
		this.delegate = delegate;
		this.instrumentation = instrumentation;
		instrumentation.configure(delegate);
	}

	/**
	 * Wrap a socket layered over a connection that is already open and traced.
	 */
	InstrumentedSslSocket(SSLSocket delegate, SocketInstrumentation instrumentation, ConnectionTrace trace) {
		this.delegate = delegate;
		this.instrumentation = instrumentation;
		this.handshake = new TlsHandshake(delegate, trace, instrumentation);
	}

	@Override
	public void connect(SocketAddress endpoint) throws IOException {
		connect(endpoint, 0);
	}

	@Override
	public void connect(SocketAddress endpoint, int timeout) throws IOException {
		connect(endpoint, timeout, ConnectAttempt.UNRETRIED);
	}

	@Override
	public void connect(SocketAddress endpoint, int timeout, ConnectAttempt attempt) throws IOException {
		String peer = (endpoint instanceof InetSocketAddress address) ? PeerKey.of(address) : String.valueOf(endpoint);
		ConnectionTrace connectionTrace = this.instrumentation.newTrace(peer);
		this.handshake = new TlsHandshake(this.delegate, connectionTrace, this.instrumentation);
		connectionTrace.connectStarted();
		try {
			this.delegate.connect(endpoint, (timeout > 0) ? timeout : this.instrumentation.connectTimeoutMillis());
		}
		catch (IOException ex) {
			connectionTrace.connectFailed(ex);
			this.instrumentation.connectFailed(connectionTrace, ex, attempt);
			throw ex;
		}
		connectionTrace.connected(PeerKey.of((InetSocketAddress) this.delegate.getLocalSocketAddress()),
				PeerKey.of((InetSocketAddress) this.delegate.getRemoteSocketAddress()));
	}

	@Override
	public void startHandshake() throws IOException {
		requireConnected().run();
	}

	@Override
	public synchronized InputStream getInputStream() throws IOException {
		if (this.input == null) {
			InputStream raw = this.delegate.getInputStream();
			TlsHandshake tlsHandshake = requireConnected();
			this.input = new InstrumentedInputStream(raw, tlsHandshake.trace(), this.instrumentation, tlsHandshake);
		}
		return this.input;
	}

	@Override
	public synchronized OutputStream getOutputStream() throws IOException {
		if (this.output == null) {
			OutputStream raw = this.delegate.getOutputStream();
			TlsHandshake tlsHandshake = requireConnected();
			this.output = new InstrumentedOutputStream(raw, tlsHandshake.trace(), this.instrumentation, tlsHandshake);
		}
		return this.output;
	}

	@Override
	public void close() throws IOException {
		try {
			this.delegate.close();
		}
		finally {
			TlsHandshake tlsHandshake = this.handshake;
			if (tlsHandshake != null) {
				tlsHandshake.trace().closed();
			}
		}
	}

	private TlsHandshake requireConnected() throws SocketException {
		TlsHandshake tlsHandshake = this.handshake;
		if (tlsHandshake == null) {
			throw new SocketException("Socket is not connected");
		}
		return tlsHandshake;
	}

	// Everything below delegates unchanged.

	@Override
	public void bind(SocketAddress bindpoint) throws IOException {
		this.delegate.bind(bindpoint);
	}

	@Override
	public InetAddress getInetAddress() {
		return this.delegate.getInetAddress();
	}

	@Override
	public InetAddress getLocalAddress() {
		return this.delegate.getLocalAddress();
	}

	@Override
	public int getPort() {
		return this.delegate.getPort();
	}

	@Override
	public int getLocalPort() {
		return this.delegate.getLocalPort();
	}

	@Override
	public SocketAddress getRemoteSocketAddress() {
		return this.delegate.getRemoteSocketAddress();
	}

	@Override
	public SocketAddress getLocalSocketAddress() {
		return this.delegate.getLocalSocketAddress();
	}

	@Override
	public SocketChannel getChannel() {
		return this.delegate.getChannel();
	}

	@Override
	public void setTcpNoDelay(boolean on) throws SocketException {
		this.delegate.setTcpNoDelay(on);
	}

	@Override
	public boolean getTcpNoDelay() throws SocketException {
		return this.delegate.getTcpNoDelay();
	}

	@Override
	public void setSoLinger(boolean on, int linger) throws SocketException {
		this.delegate.setSoLinger(on, linger);
	}

	@Override
	public int getSoLinger() throws SocketException {
		return this.delegate.getSoLinger();
	}

	@Override
	public void sendUrgentData(int data) throws IOException {
		this.delegate.sendUrgentData(data);
	}

	@Override
	public void setOOBInline(boolean on) throws SocketException {
		this.delegate.setOOBInline(on);
	}

	@Override
	public boolean getOOBInline() throws SocketException {
		return this.delegate.getOOBInline();
	}

	@Override
	public void setSoTimeout(int timeout) throws SocketException {
		this.delegate.setSoTimeout(timeout);
	}

	@Override
	public int getSoTimeout() throws SocketException {
		return this.delegate.getSoTimeout();
	}

	@Override
	public void setSendBufferSize(int size) throws SocketException {
		this.delegate.setSendBufferSize(size);
	}

	@Override
	public int getSendBufferSize() throws SocketException {
		return this.delegate.getSendBufferSize();
	}

	@Override
	public void setReceiveBufferSize(int size) throws SocketException {
		this.delegate.setReceiveBufferSize(size);
	}

	@Override
	public int getReceiveBufferSize() throws SocketException {
		return this.delegate.getReceiveBufferSize();
	}

	@Override
	public void setKeepAlive(boolean on) throws SocketException {
		this.delegate.setKeepAlive(on);
	}

	@Override
	public boolean getKeepAlive() throws SocketException {
		return this.delegate.getKeepAlive();
	}

	@Override
	public void setTrafficClass(int tc) throws SocketException {
		this.delegate.setTrafficClass(tc);
	}

	@Override
	public int getTrafficClass() throws SocketException {
		return this.delegate.getTrafficClass();
	}

	@Override
	public void setReuseAddress(boolean on) throws SocketException {
		this.delegate.setReuseAddress(on);
	}

	@Override
	public boolean getReuseAddress() throws SocketException {
		return this.delegate.getReuseAddress();
	}

	@Override
	public void shutdownInput() throws IOException {
		this.delegate.shutdownInput();
	}

	@Override
	public void shutdownOutput() throws IOException {
		this.delegate.shutdownOutput();
	}

	@Override
	public boolean isConnected() {
		return this.delegate.isConnected();
	}

	@Override
	public boolean isBound() {
		return this.delegate.isBound();
	}

	@Override
	public boolean isClosed() {
		return this.delegate.isClosed();
	}

	@Override
	public boolean isInputShutdown() {
		return this.delegate.isInputShutdown();
	}

	@Override
	public boolean isOutputShutdown() {
		return this.delegate.isOutputShutdown();
	}

	@Override
	public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
		this.delegate.setPerformancePreferences(connectionTime, latency, bandwidth);
	}

	@Override
	public <T> SSLSocket setOption(SocketOption<T> name, T value) throws IOException {
		this.delegate.setOption(name, value);
		return this;
	}

	@Override
	public <T> T getOption(SocketOption<T> name) throws IOException {
		return this.delegate.getOption(name);
	}

	@Override
	public Set<SocketOption<?>> supportedOptions() {
		return this.delegate.supportedOptions();
	}

	@Override
	public String[] getSupportedCipherSuites() {
		return this.delegate.getSupportedCipherSuites();
	}

	@Override
	public String[] getEnabledCipherSuites() {
		return this.delegate.getEnabledCipherSuites();
	}

	@Override
	public void setEnabledCipherSuites(String[] suites) {
		this.delegate.setEnabledCipherSuites(suites);
	}

	@Override
	public String[] getSupportedProtocols() {
		return this.delegate.getSupportedProtocols();
	}

	@Override
	public String[] getEnabledProtocols() {
		return this.delegate.getEnabledProtocols();
	}

	@Override
	public void setEnabledProtocols(String[] protocols) {
		this.delegate.setEnabledProtocols(protocols);
	}

	@Override
	public SSLSession getSession() {
		return this.delegate.getSession();
	}

	@Override
	public SSLSession getHandshakeSession() {
		return this.delegate.getHandshakeSession();
	}

	@Override
	public void addHandshakeCompletedListener(HandshakeCompletedListener listener) {
		this.delegate.addHandshakeCompletedListener(listener);
	}

	@Override
	public void removeHandshakeCompletedListener(HandshakeCompletedListener listener) {
		this.delegate.removeHandshakeCompletedListener(listener);
	}

	@Override
	public void setUseClientMode(boolean mode) {
		this.delegate.setUseClientMode(mode);
	}

	@Override
	public boolean getUseClientMode() {
		return this.delegate.getUseClientMode();
	}

	@Override
	public void setNeedClientAuth(boolean need) {
		this.delegate.setNeedClientAuth(need);
	}

	@Override
	public boolean getNeedClientAuth() {
		return this.delegate.getNeedClientAuth();
	}

	@Override
	public void setWantClientAuth(boolean want) {
		this.delegate.setWantClientAuth(want);
	}

	@Override
	public boolean getWantClientAuth() {
		return this.delegate.getWantClientAuth();
	}

	@Override
	public void setEnableSessionCreation(boolean flag) {
		this.delegate.setEnableSessionCreation(flag);
	}

	@Override
	public boolean getEnableSessionCreation() {
		return this.delegate.getEnableSessionCreation();
	}

	@Override
	public SSLParameters getSSLParameters() {
		return this.delegate.getSSLParameters();
	}

	@Override
	public void setSSLParameters(SSLParameters params) {
		this.delegate.setSSLParameters(params);
	}

	@Override
	public String getApplicationProtocol() {
		return this.delegate.getApplicationProtocol();
	}

	@Override
	public String getHandshakeApplicationProtocol() {
		return this.delegate.getHandshakeApplicationProtocol();
	}

	@Override
	public void setHandshakeApplicationProtocolSelector(BiFunction<SSLSocket, List<String>, String> selector) {
		this.delegate.setHandshakeApplicationProtocolSelector(selector);
	}

	@Override
	public BiFunction<SSLSocket, List<String>, String> getHandshakeApplicationProtocolSelector() {
		return this.delegate.getHandshakeApplicationProtocolSelector();
	}

	@Override
	public String toString() {
		return "InstrumentedSslSocket[" + this.delegate + "]";
	}

}
