package dev.resetguard.forensics;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records the name of every callback, in order, so tests can assert the exact sequence.
 */
public class RecordingConnectionListener implements ConnectionListener {

	private final List<String> events = new CopyOnWriteArrayList<>();

	/**
	 * Return the callbacks received so far.
	 * @return callback names in order
	 */
	public List<String> events() {
		return List.copyOf(this.events);
	}

	@Override
	public void connectStart(ConnectionTrace trace) {
		this.events.add("ConnectStart");
	}

	@Override
	public void connectEnd(ConnectionTrace trace) {
		this.events.add("ConnectEnd");
	}

	@Override
	public void connectFailed(ConnectionTrace trace, IOException failure) {
		this.events.add("ConnectFailed");
	}

	@Override
	public void handshakeStart(ConnectionTrace trace) {
		this.events.add("HandshakeStart");
	}

	@Override
	public void handshakeEnd(ConnectionTrace trace) {
		this.events.add("HandshakeEnd");
	}

	@Override
	public void requestStart(ConnectionTrace trace) {
		this.events.add(trace.isReused() ? "RequestStart(reused)" : "RequestStart");
	}

	@Override
	public void responseStart(ConnectionTrace trace) {
		this.events.add("ResponseStart");
	}

	@Override
	public void connectionReset(ConnectionTrace trace, ResetEvent event) {
		this.events.add("ConnectionReset(" + event.phase().tagValue() + ", " + event.cause().tagValue() + ")");
	}

	@Override
	public void connectionClosed(ConnectionTrace trace) {
		this.events.add("ConnectionClosed");
	}

}
