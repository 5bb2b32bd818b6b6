package dev.resetguard;

import java.util.concurrent.CompletableFuture;

import dev.resetguard.classify.ConnectionRefusal;
import dev.resetguard.forensics.CallOutcome;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ResetCause;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.forensics.RetryDecision;
import dev.resetguard.forensics.RetryDecisionListener;
import dev.resetguard.restart.RestartRideThrough;
import dev.resetguard.retry.Backoff;
import dev.resetguard.retry.IdempotencyRules;
import dev.resetguard.retry.RequestExposure;
import dev.resetguard.retry.RequestTraits;
import dev.resetguard.retry.RetryBudget;
import dev.resetguard.retry.RetrySettings;
import dev.resetguard.tracing.ResetGuardObservation;
import dev.resetguard.tracing.ResetObservations;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The retry state of one call, whatever the client: after each failed attempt it decides whether the
 * call may go on (the failure was a reset, the request may be repeated safely, attempts remain and the
 * peer's retry budget allows), how long to back off, whether to wait for a restarting peer first, and
 * it reports the call's outcome exactly once. Every client integration and the programmatic API drive
 * the same rules through it, so they all decide alike.
 * <p>
 * Blocking clients and the programmatic API run their calls through the {@link BlockingRetryLoop}, which
 * calls these methods in the order they need. Reactive clients use {@link #whenPeerReady()} instead of
 * the two blocking waits, and call {@link #backingOff()} when their backoff timer starts. One instance
 * per call, made by {@link CallRetries#start}; the attempts of a call run one after another, so it needs
 * no locking, but it may move between threads.
 * <p>
 * When tracing is on, a call that meets a reset or waits for a restarting peer reports it to its
 * observation (see {@link ResetObservations}): the one open on the thread where it happens, or the one a
 * reactive client {@link #observeUnder hands over}. A call answered the first time touches none.
 */
public final class CallRetry {

	// What every call shares (meters, listeners, ride-through, jitter) is read from here rather than copied
	// into each call.
	private final CallRetries retries;

	private final ClientKind client;

	private final String peer;

	private RequestTraits traits;

	private final RetrySettings settings;

	private int attempt = 1;

	private long attemptStartNanos = System.nanoTime();

	private boolean waited;

	private @Nullable CallOutcome stop;

	// Made at the call's first reset: a call answered the first time, most calls, never needs it.
	private @Nullable Resets resets;

	private volatile boolean finished;

	CallRetry(CallRetries retries, ClientKind client, String peer, RequestTraits traits, RetrySettings settings) {
		this.retries = retries;
		this.client = client;
		this.peer = peer;
		this.traits = traits;
		this.settings = settings;
	}

	/**
	 * Return the kind of client making the call.
	 * @return the client kind
	 */
	public ClientKind client() {
		return this.client;
	}

	/**
	 * Return the peer of the call.
	 * @return the peer as {@code host:port}
	 */
	public String peer() {
		return this.peer;
	}

	/**
	 * Return the number of the current attempt: 1 until the first retry.
	 * @return the attempt number
	 */
	public int attempt() {
		return this.attempt;
	}

	/**
	 * Hold the call, on the calling thread, while its peer is restarting, at most the ride-through's
	 * maximum wait. Waiting is not an attempt: when the wait times out or is interrupted, the call goes
	 * ahead and meets whatever the peer does; a call that waited counts as recovered.
	 */
	public void awaitPeer() {
		RestartRideThrough rideThrough = restarting();
		if (rideThrough != null) {
			this.waited = true;
			Observation wait = startWait(ResetGuardObservation.RIDE_THROUGH);
			try {
				rideThrough.awaitReady(this.peer);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				stop(wait);
			}
			this.attemptStartNanos = System.nanoTime();
		}
	}

	/**
	 * Return whether the call must wait for its restarting peer before it goes ahead; if not,
	 * {@link #whenPeerReady()} would complete at once, so a reactive client on its hot path asks this first
	 * and spares each call that future.
	 * @return whether the peer is restarting
	 */
	public boolean mustWaitForPeer() {
		return restarting() != null;
	}

	/**
	 * Return a future that completes when the call may go ahead: at once unless its peer is restarting,
	 * else when the peer accepts connections again ({@code true}) or the maximum wait passed
	 * ({@code false}). For reactive clients, before the first attempt and before each retry.
	 * @return the future, never completed exceptionally
	 */
	public CompletableFuture<Boolean> whenPeerReady() {
		RestartRideThrough rideThrough = restarting();
		if (rideThrough == null) {
			return CompletableFuture.completedFuture(Boolean.TRUE);
		}
		this.waited = true;
		CompletableFuture<Boolean> ready = rideThrough.whenReady(this.peer);
		Observation wait = startWait(ResetGuardObservation.RIDE_THROUGH);
		if (wait != null) {
			ready.whenComplete((peerReady, ex) -> wait.stop());
		}
		return ready;
	}

	/**
	 * Like {@link #whenPeerReady()}, for a client whose calls carry their observation rather than open it
	 * on a thread, as WebClient's do in the Reactor context: a wait for a restarting peer is observed as a
	 * child of the given observation.
	 * @param observation the call's observation, {@code null} if it has none
	 * @return the future, never completed exceptionally
	 */
	public CompletableFuture<Boolean> whenPeerReady(@Nullable Observation observation) {
		if (restarting() == null) {
			return CompletableFuture.completedFuture(Boolean.TRUE);
		}
		observeUnder(observation);
		return whenPeerReady();
	}

	/**
	 * Report what happens to this call from now on to the given observation rather than to the one open
	 * on the thread, for a client whose calls carry their observation, as WebClient's do in the Reactor
	 * context. Call it only once the call met a failure or must wait: it costs the call the state that a
	 * call answered the first time never needs.
	 * @param observation the call's observation; {@code null} or a no-op one changes nothing
	 */
	public void observeUnder(@Nullable Observation observation) {
		Observation observed = ResetObservations.observed(observation);
		if (this.retries.observations != null && observed != null) {
			Resets resets = resets();
			resets.observation = observed;
			resets.observationKnown = true;
		}
	}

	/**
	 * Record that an attempt started reading a request body that cannot be read twice: no later attempt
	 * may send it, so the call is not retried, whatever the phase of its reset. Call it before
	 * {@link #shouldRetry}; a call whose traits said its body cannot be replayed needs no such call.
	 */
	public void bodyUsedUp() {
		this.traits = this.traits.withBodyUsedUp();
	}

	/**
	 * Decide, after the current attempt failed, whether the call may be retried. A failure that is not a
	 * reset ends the call, except a refused connect while the peer is restarting or soon after it reset a
	 * connection (a crashed peer's downtime, which starts riding through), which never carried the request.
	 * A reset ends it when the request may not be repeated safely, attempts are used up or the
	 * peer's budget is spent, in that order; otherwise one retry is taken from the budget.
	 * @param reset the reset that failed the attempt, {@code null} if the failure was not a reset
	 * @param failure the failure
	 * @return {@code true} if the call may be retried after {@link #backoffNanos() backing off}
	 */
	public boolean shouldRetry(@Nullable ResetEvent reset, Throwable failure) {
		boolean refusedByRestartingPeer = reset == null && ConnectionRefusal.isRefused(failure)
				&& this.retries.rideThrough != null && this.retries.rideThrough.connectRefused(this.peer);
		if (reset == null && !refusedByRestartingPeer) {
			this.stop = CallOutcome.FAILED;
			return false;
		}
		Resets resets = resets();
		resets.lastCause = (reset != null) ? reset.cause() : ResetCause.PEER_RESTART;
		resets.lastReset = reset;
		if (resets.lastCause != ResetCause.STALE_CONNECTION) {
			budget().resetUnanswered(this.attemptStartNanos, System.nanoTime());
		}
		RequestExposure exposure = (reset != null) ? RequestExposure.of(reset.phase(), reset.facts())
				: RequestExposure.NOT_SENT;
		this.stop = reasonToStop(exposure);
		if (this.stop != null) {
			reportDecision(RetryDecision.stop(this.stop), 0);
		}
		else {
			resets.retryAllowedFor = this.attempt;
		}
		return this.stop == null;
	}

	/**
	 * Before a retry that {@link #shouldRetry} allowed, wait on the calling thread while the peer is
	 * restarting. If it stays down for the ride-through's maximum wait, the call ends
	 * {@link CallOutcome#EXHAUSTED}.
	 * @return {@code true} to go on with the retry, {@code false} if the call ended
	 * @throws InterruptedException if the thread is interrupted while waiting; then call {@link #interrupted()}
	 */
	public boolean beforeRetry() throws InterruptedException {
		RestartRideThrough rideThrough = restarting();
		if (rideThrough != null) {
			this.waited = true;
			Observation wait = startWait(ResetGuardObservation.RIDE_THROUGH);
			boolean ready;
			try {
				ready = rideThrough.awaitReady(this.peer);
			}
			finally {
				stop(wait);
			}
			if (!ready) {
				this.stop = CallOutcome.EXHAUSTED;
				finish();
				return false;
			}
		}
		backingOff();
		return true;
	}

	/**
	 * Record that the backoff before the next retry starts now, once any wait for a restarting peer is
	 * over; {@link #retrying()} ends it. {@link #beforeRetry()} calls it itself; a reactive client calls it
	 * when it sets its timer. Observed only when tracing is on and the backoff is not nothing.
	 */
	public void backingOff() {
		Resets resets = this.resets;
		if (resets != null && resets.backoffNanos > 0 && resets.wait == null) {
			resets.wait = startWait(ResetGuardObservation.BACKOFF);
		}
	}

	/**
	 * Return how long to wait before the next attempt, once {@link #shouldRetry} allowed it: nothing
	 * after a stale connection that an idle timeout explains, which the peer had closed before the
	 * request, so that the retry on a new connection owes it no pause; otherwise the backoff. A stale
	 * connection whose cause is not settled (closed after an idle time of milliseconds, held while a
	 * restart may explain it) is backed off: after a crash, every pooled connection is such a one, and
	 * retrying them at once would spend the call's attempts before the restart shows.
	 * @return the delay in nanoseconds, jittered and capped as the settings say
	 */
	public long backoffNanos() {
		Resets resets = resets();
		if (resets.lastCause == ResetCause.STALE_CONNECTION && isSettled(resets.lastReset)) {
			resets.backoffNanos = 0;
			reportDecision(RetryDecision.RETRY, 0);
			return 0;
		}
		if (resets.backoff == null) {
			resets.backoff = Backoff.of(this.settings, this.retries.random);
		}
		long delayNanos = resets.backoff.delayNanos(this.attempt);
		resets.backoffNanos = delayNanos;
		reportDecision(RetryDecision.RETRY, delayNanos);
		return delayNanos;
	}

	/**
	 * Record that the call is retried now, after the backoff: counts the retry and moves to the next
	 * attempt.
	 */
	public void retrying() {
		Resets resets = resets();
		this.retries.metrics.recordRetry(this.client, this.peer, resets.lastCause);
		endWait(resets);
		this.attempt++;
		this.attemptStartNanos = System.nanoTime();
		Observation observation = resets.observation;
		ResetObservations observations = this.retries.observations;
		if (observation != null && observations != null) {
			observations.callProgressed(observation, this.attempt, null);
		}
	}

	/**
	 * End the call because a wait before a retry was interrupted; its outcome is
	 * {@link CallOutcome#EXHAUSTED}.
	 */
	public void interrupted() {
		this.stop = CallOutcome.EXHAUSTED;
		finish();
	}

	/**
	 * Record that an attempt got its answer: if the attempt started after its peer was seen restarting,
	 * the peer is back, so its gate opens. Does not end the call; {@link #finish()} does.
	 */
	public void succeeded() {
		RestartRideThrough rideThrough = this.retries.rideThrough;
		if (rideThrough != null) {
			rideThrough.callSucceeded(this.peer, this.attemptStartNanos);
		}
		// Now, while the client's observation surely is still open: some stop it before the call ends.
		Resets resets = this.resets;
		ResetObservations observations = this.retries.observations;
		if (resets != null && resets.observation != null && observations != null) {
			observations.callProgressed(resets.observation, this.attempt, outcome());
		}
	}

	/**
	 * End the call with a failure that came after the response was handed to the caller, while it read
	 * the body: it can no longer be retried. A reset ends it {@link CallOutcome#NOT_RETRYABLE}, which is
	 * what is reported as decided about that reset; any other failure ends it {@link CallOutcome#FAILED}.
	 * @param reset the reset that failed the read, {@code null} if the failure was not a reset
	 */
	public void failedAfterResponse(@Nullable ResetEvent reset) {
		if (reset != null) {
			Resets resets = resets();
			resets.lastCause = reset.cause();
			resets.lastReset = reset;
			this.stop = CallOutcome.NOT_RETRYABLE;
			reportDecision(RetryDecision.NOT_RETRYABLE, 0);
		}
		else {
			this.stop = CallOutcome.FAILED;
		}
		finish();
	}

	/**
	 * Return how the call ends as things stand: the outcome that stopped it, {@code failed} when a
	 * failure that is not a reset ended it (on any attempt), or {@code success} or {@code recovered} when
	 * it was answered (recovered once it was retried or waited for its peer).
	 * @return the outcome
	 */
	public CallOutcome outcome() {
		if (this.stop != null) {
			return this.stop;
		}
		return (this.attempt == 1 && !this.waited) ? CallOutcome.SUCCESS : CallOutcome.RECOVERED;
	}

	/**
	 * Report the call's {@link #outcome() outcome} to the call outcome listener. Only the first call
	 * counts, so a client may call it from every place where a call can end. A call that got its answer
	 * credits the peer's retry budget: a peer that fails every call earns its callers no retries, so an
	 * outage is not hammered.
	 */
	public void finish() {
		if (!this.finished) {
			this.finished = true;
			if (this.stop == null) {
				budget().deposit();
			}
			Resets resets = this.resets;
			if (resets != null) {
				endWait(resets);
				ResetObservations observations = this.retries.observations;
				if (resets.observation != null && observations != null) {
					observations.callProgressed(resets.observation, this.attempt, outcome());
				}
			}
			this.retries.calls.onCall(this.client, this.peer, outcome());
		}
	}

	// A refused connect while the peer restarts is no reset, so it has no event to report a decision on.
	// The recorder publishes the reset with its decision; listeners of decisions hear of it afterwards.
	private void reportDecision(RetryDecision decision, long backoffNanos) {
		Resets resets = resets();
		ResetEvent reset = resets.lastReset;
		if (reset != null && resets.decisionReportedFor != this.attempt) {
			resets.decisionReportedFor = this.attempt;
			RetryDecisionListener decisions = this.retries.decisions;
			ResetRecorder recorder = this.retries.recorder;
			if (recorder == null) {
				decisions.onDecision(reset, decision, backoffNanos);
			}
			else {
				recorder.decided(reset, decision, backoffNanos);
				recorder.afterPublished(reset, (published) -> decisions.onDecision(published, decision, backoffNanos));
			}
			observeDecision(reset, decision, backoffNanos);
		}
	}

	// A held reset is observed when it is published, with the cause it settled on, as the reset log sees it.
	private void observeDecision(ResetEvent reset, RetryDecision decision, long backoffNanos) {
		ResetObservations observations = this.retries.observations;
		if (observations == null) {
			return;
		}
		Observation observation = observation(observations);
		if (observation == null) {
			return;
		}
		String decided = (decision == RetryDecision.RETRY && restarting() != null)
				? ResetObservations.WAITED_FOR_RESTART : decision.tagValue();
		ResetRecorder recorder = this.retries.recorder;
		if (recorder == null) {
			observations.resetDecided(observation, reset, decided, backoffNanos);
		}
		else {
			recorder.afterPublished(reset,
					(published) -> observations.resetDecided(observation, published, decided, backoffNanos));
		}
		observations.callProgressed(observation, this.attempt, decision.outcome());
	}

	// The call's observation: handed over by its client, else the one open on the thread at the first need.
	private @Nullable Observation observation(ResetObservations observations) {
		Resets resets = resets();
		if (!resets.observationKnown) {
			resets.observationKnown = true;
			resets.observation = observations.current();
		}
		return resets.observation;
	}

	private @Nullable Observation startWait(ResetGuardObservation kind) {
		ResetObservations observations = this.retries.observations;
		if (observations == null) {
			return null;
		}
		Observation observation = observation(observations);
		return (observation != null)
				? observations.startWait(kind, observation, this.client, this.peer, nextAttempt())
				: null;
	}

	// The attempt a wait comes before: the next one once a retry was allowed, else the current one.
	private int nextAttempt() {
		Resets resets = this.resets;
		return (resets != null && resets.retryAllowedFor == this.attempt) ? this.attempt + 1 : this.attempt;
	}

	private static void stop(@Nullable Observation wait) {
		if (wait != null) {
			wait.stop();
		}
	}

	private static void endWait(Resets resets) {
		Observation wait = resets.wait;
		if (wait != null) {
			resets.wait = null;
			wait.stop();
		}
	}

	private boolean isSettled(@Nullable ResetEvent reset) {
		ResetRecorder recorder = this.retries.recorder;
		return reset == null || recorder == null || recorder.isSettled(reset);
	}

	private Resets resets() {
		Resets resets = this.resets;
		if (resets == null) {
			resets = new Resets();
			this.resets = resets;
		}
		return resets;
	}

	// Looked up when needed rather than held: the peer's budget is made when the call starts, and kept.
	private RetryBudget budget() {
		return this.retries.budgetFor(this.peer);
	}

	// Returned rather than tested, so that a caller about to wait holds the ride-through it waits on.
	private @Nullable RestartRideThrough restarting() {
		RestartRideThrough rideThrough = this.retries.rideThrough;
		return (rideThrough != null && rideThrough.isRestarting(this.peer)) ? rideThrough : null;
	}

	private @Nullable CallOutcome reasonToStop(RequestExposure exposure) {
		if (!IdempotencyRules.mayRetry(this.traits, exposure, this.settings.nonIdempotent())) {
			return CallOutcome.NOT_RETRYABLE;
		}
		if (this.attempt >= this.settings.maxAttempts()) {
			return CallOutcome.EXHAUSTED;
		}
		if (!budget().tryWithdraw()) {
			return CallOutcome.BUDGET_EXHAUSTED;
		}
		return null;
	}

	@Override
	public String toString() {
		return "CallRetry[" + this.client.tagValue() + " " + this.peer + ", attempt " + this.attempt + "]";
	}

	/**
	 * What a call that met resets remembers of them: the last one, for the retry meter and the decision
	 * reported on it, and the backoff of its retries.
	 */
	private static final class Resets {

		private ResetCause lastCause = ResetCause.UNKNOWN;

		private @Nullable ResetEvent lastReset;

		private int decisionReportedFor;

		private int retryAllowedFor;

		private @Nullable Backoff backoff;

		// The backoff last decided, observed when it starts.
		private long backoffNanos;

		private boolean observationKnown;

		private @Nullable Observation observation;

		// The backoff under way, observed.
		private @Nullable Observation wait;

	}

}
