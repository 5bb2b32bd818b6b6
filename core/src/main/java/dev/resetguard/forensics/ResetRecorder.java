package dev.resetguard.forensics;

import java.io.IOException;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import dev.resetguard.classify.ConnectionRefusal;
import dev.resetguard.classify.ResetClassification;
import dev.resetguard.classify.ResetClassifier;
import dev.resetguard.classify.ResetSignal;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every instrumentation reports what it saw: it classifies the failure, works out phase and
 * cause from the connection facts, builds the {@link ResetEvent} and hands it to the listener
 * (metrics, event buffer, logs) once it is complete. Each connection is reported at most once, and each
 * reset reaches the listener once, so that they all tell the same story about it.
 * <p>
 * A reset that a retry loop decides about is recorded as one whose decision is due: the loop gets the
 * reset as recorded at once, and the listener gets it when the loop reports its
 * {@link #decided decision}, right after deciding, with that decision. A pooled connection reset before
 * any response byte, with no idle timeout to explain it, may be one of a restart's, which only what
 * comes next can show (a refused connect, more pooled connections reset with no answer in between):
 * such resets are held back until the {@link RestartEvidence evidence} decides, at most for the restart
 * window, and published as {@code peer-restart} or with the cause they have on their own, with their
 * decision. Whatever a reset still waits for when the window ends, it is published as it stands.
 */
public final class ResetRecorder {

	private static final Logger logger = LoggerFactory.getLogger(ResetRecorder.class);

	/** Name given to a reset that showed as an end of stream where a response was due. */
	static final String END_OF_STREAM_EXCEPTION = "EOFException";

	private static final String END_OF_STREAM_MESSAGE = "Connection closed by the peer before any response byte";

	private final ResetClassifier classifier;

	private final CauseInference causes;

	private final RestartEvidence restarts;

	private final ResetEventListener listener;

	private final Clock clock;

	private final LongSupplier nanoClock;

	private final HeldResets held;

	private final ConnectionListener responses;

	/**
	 * Create a recorder.
	 * @param classifier decides what is a reset
	 * @param causes infers the cause of each reset
	 * @param listener receives every recorded reset
	 */
	public ResetRecorder(ResetClassifier classifier, CauseInference causes, ResetEventListener listener) {
		this(classifier, causes, listener, Clock.systemUTC());
	}

	/**
	 * Create a recorder that stamps events with the given clock.
	 * @param classifier decides what is a reset
	 * @param causes infers the cause of each reset
	 * @param listener receives every recorded reset
	 * @param clock stamps each event
	 */
	public ResetRecorder(ResetClassifier classifier, CauseInference causes, ResetEventListener listener, Clock clock) {
		this(classifier, causes, listener, PeerRegistry.DEFAULT_MAX_PEERS, clock, System::nanoTime);
	}

	/**
	 * Create a recorder that keeps the restart evidence and the held resets of a given number of peers.
	 * @param classifier decides what is a reset
	 * @param causes infers the cause of each reset
	 * @param listener receives every recorded reset
	 * @param maxPeers the most peers whose recent resets are kept, at least 1 (see {@link PeerRegistry})
	 */
	public ResetRecorder(ResetClassifier classifier, CauseInference causes, ResetEventListener listener,
			int maxPeers) {
		this(classifier, causes, listener, maxPeers, Clock.systemUTC(), System::nanoTime);
	}

	ResetRecorder(ResetClassifier classifier, CauseInference causes, ResetEventListener listener, int maxPeers,
			Clock clock, LongSupplier nanoClock) {
		this.classifier = Objects.requireNonNull(classifier, "classifier");
		this.causes = Objects.requireNonNull(causes, "causes");
		this.restarts = new RestartEvidence(causes.settings(), maxPeers, nanoClock);
		this.listener = Objects.requireNonNull(listener, "listener");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.nanoClock = nanoClock;
		this.held = new HeldResets(causes.settings().restartWindow().toNanos(), maxPeers, nanoClock, this::publish);
		this.responses = new PeerResponses();
	}

	/**
	 * Return the classifier this recorder uses.
	 * @return the classifier
	 */
	public ResetClassifier classifier() {
		return this.classifier;
	}

	/**
	 * Return the connection listener that tells this recorder about every response and every refused
	 * connect, without which it cannot tell a restarting peer from one that resets now and then. Every
	 * instrumentation that records through this recorder adds it to its connection listeners.
	 * @return the listener
	 */
	public ConnectionListener responseListener() {
		return this.responses;
	}

	/**
	 * Report that an operation on an instrumented connection failed. Does nothing unless the failure
	 * is a reset and the connection's reset was not reported yet.
	 * @param client the kind of client
	 * @param trace the connection
	 * @param operation the operation that failed
	 * @param failure the failure
	 * @param attempt the attempt (1 for the first)
	 * @param decisionDue whether a retry loop decides about the reset and reports it through
	 * {@link #decided}; if not, the reset is published without a decision
	 * @return the recorded event, {@code null} if nothing was recorded
	 */
	public @Nullable ResetEvent connectionFailed(ClientKind client, ConnectionTrace trace, IoOperation operation,
			Throwable failure, int attempt, boolean decisionDue) {
		ResetClassification classification = this.classifier.classify(failure);
		ResetSignal signal = classification.signal();
		Throwable resetException = classification.resetException();
		if (signal == null || resetException == null || trace.isReset()) {
			return null;
		}
		return record(client, trace, trace.phaseOf(operation), signal,
				resetException.getClass().getSimpleName(), SanitizedMessage.of(resetException), attempt, decisionDue);
	}

	/**
	 * Report that an instrumented connection hit the end of stream while a response was due: the peer
	 * closed it (FIN) after the request went out and before any response byte. Named
	 * {@value #END_OF_STREAM_EXCEPTION} in events and tags, as that is what such a read means in Java.
	 * @param client the kind of client
	 * @param trace the connection
	 * @param attempt the attempt (1 for the first)
	 * @param decisionDue whether a retry loop decides about the reset and reports it through
	 * {@link #decided}; if not, the reset is published without a decision
	 * @return the recorded event, {@code null} if the connection's reset was already reported
	 */
	public @Nullable ResetEvent responseMissing(ClientKind client, ConnectionTrace trace, int attempt,
			boolean decisionDue) {
		if (trace.isReset()) {
			return null;
		}
		return record(client, trace, trace.phaseOf(IoOperation.READ), ResetSignal.PREMATURE_CLOSE,
				END_OF_STREAM_EXCEPTION, END_OF_STREAM_MESSAGE, attempt, decisionDue);
	}

	/**
	 * Report a failed call of a client that hides its connections; the cause can only come from the
	 * phase the exception reveals.
	 * @param client the kind of client
	 * @param peer the peer
	 * @param phase the phase the exception reveals, {@link ResetPhase#UNKNOWN} if none
	 * @param failure the failure
	 * @param attempt the attempt (1 for the first)
	 * @param decisionDue whether a retry loop decides about the reset and reports it through
	 * {@link #decided}; if not, the reset is published without a decision
	 * @return the recorded event, {@code null} if the failure is not a reset
	 */
	public @Nullable ResetEvent callFailed(ClientKind client, String peer, ResetPhase phase, Throwable failure,
			int attempt, boolean decisionDue) {
		ResetClassification classification = this.classifier.classify(failure);
		ResetSignal signal = classification.signal();
		Throwable resetException = classification.resetException();
		if (signal == null || resetException == null) {
			return null;
		}
		ResetEvent event = new ResetEvent(this.clock.instant(), client, peer, phase, this.causes.infer(peer, phase, null),
				signal, resetException.getClass().getSimpleName(), SanitizedMessage.of(resetException),
				null, attempt);
		if (decisionDue) {
			this.held.hold(event, this.nanoClock.getAsLong(), false, true);
		}
		else {
			publish(event);
		}
		return event;
	}

	/**
	 * Give a reset this recorder returned what its retry loop decided about it: the listener gets the
	 * reset with that decision, now, or once the evidence of a restart settled its cause. A reset takes
	 * one decision; a reset recorded without one due, or published already, ignores it.
	 * @param event the reset as this recorder returned it
	 * @param decision what the retry loop does about it
	 * @param backoffNanos the delay before the retry, in nanoseconds; 0 unless the decision is
	 * {@link RetryDecision#RETRY}
	 */
	public void decided(ResetEvent event, RetryDecision decision, long backoffNanos) {
		this.held.decided(event, decision, backoffNanos);
	}

	/**
	 * Run an action on a reset this recorder returned, once the listener has it: at once, unless the
	 * reset is held for its cause or its decision.
	 * @param event the reset as this recorder returned it
	 * @param action what to do with the reset as published, with its settled cause and its decision
	 */
	public void afterPublished(ResetEvent event, Consumer<ResetEvent> action) {
		this.held.afterPublished(event, action);
	}

	/**
	 * Return whether the cause of a reset this recorder returned is settled: it is, unless the reset is
	 * held while the evidence of a restart decides.
	 * @param event the reset as this recorder returned it
	 * @return {@code false} while the reset is held
	 */
	public boolean isSettled(ResetEvent event) {
		return !this.held.isHeld(event);
	}

	private @Nullable ResetEvent record(ClientKind client, ConnectionTrace trace, ResetPhase phase, ResetSignal signal,
			String exception, @Nullable String message, int attempt, boolean decisionDue) {
		String peer = trace.peer();
		ConnectionFacts facts = trace.facts();
		ResetCause cause = this.causes.infer(peer, phase, facts);
		boolean candidate = this.causes.mayBePartOfRestart(facts, cause);
		long recordedNanos = this.nanoClock.getAsLong();
		boolean restart = false;
		boolean idleTimeoutExplains = false;
		if (candidate) {
			idleTimeoutExplains = this.causes.idledPastTimeout(peer, facts);
			restart = this.restarts.recordPooledReset(peer, facts.connectionId(), idleTimeoutExplains);
		}
		else if (phase == ResetPhase.CONNECT) {
			// Reset as it was accepted: a sign that nothing was listening, for the pooled resets around it.
			restart = this.restarts.recordNothingListening(peer);
		}
		ResetEvent event = new ResetEvent(this.clock.instant(), client, peer, phase,
				(restart && candidate) ? ResetCause.PEER_RESTART : cause, signal, exception, message, facts, attempt);
		if (!trace.markReset(event)) {
			return null;
		}
		if (restart) {
			this.held.restart(peer);
		}
		// Unless it idled past a timeout, a pooled connection reset before any response byte looks the same
		// whether the peer went down or closed it for a reason of its own (rejected the request, or closed
		// a connection idle for milliseconds), until the next connect or answer tells.
		boolean causeOpen = candidate && !restart && !idleTimeoutExplains;
		if (causeOpen || decisionDue) {
			this.held.hold(event, recordedNanos, causeOpen, decisionDue);
		}
		else {
			publish(event);
		}
		if (causeOpen) {
			heldBack(event);
		}
		return event;
	}

	private void heldBack(ResetEvent event) {
		try {
			this.listener.onResetHeld(event);
		}
		catch (RuntimeException ex) {
			logger.warn("Reset event listener {} threw; ignored", this.listener.getClass().getName(), ex);
		}
	}

	private void publish(ResetEvent event) {
		try {
			this.listener.onReset(event);
		}
		catch (RuntimeException ex) {
			logger.warn("Reset event listener {} threw; ignored", this.listener.getClass().getName(), ex);
		}
	}

	private void answered(String peer, long requestSentNanos) {
		if (this.restarts.recordAnswer(peer, requestSentNanos)) {
			this.held.restart(peer);
		}
		this.held.answered(peer, requestSentNanos);
	}

	private void connectRefused(String peer) {
		if (this.restarts.recordNothingListening(peer)) {
			this.held.restart(peer);
		}
	}

	/**
	 * Tells the recorder that a peer answered, or refused a connect.
	 */
	private final class PeerResponses implements ConnectionListener {

		@Override
		public void responseStart(ConnectionTrace trace) {
			answered(trace.peer(), trace.exchangeStartedAtNanos());
		}

		@Override
		public void connectFailed(ConnectionTrace trace, IOException failure) {
			if (ConnectionRefusal.isRefused(failure)) {
				connectRefused(trace.peer());
			}
		}

	}

}
