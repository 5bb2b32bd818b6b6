package dev.resetguard;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;

import dev.resetguard.classify.ResetClassifier;
import dev.resetguard.forensics.CauseInference;
import dev.resetguard.forensics.CauseSettings;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.CompositeResetEventListener;
import dev.resetguard.forensics.ResetCause;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetEventListener;
import dev.resetguard.forensics.ResetPhase;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.metrics.ResetGuardMetrics;
import dev.resetguard.restart.ConnectionRefusal;
import dev.resetguard.restart.RestartRideThrough;
import dev.resetguard.retry.Backoff;
import dev.resetguard.retry.CallOutcome;
import dev.resetguard.retry.CallOutcomeListener;
import dev.resetguard.retry.IdempotencyRules;
import dev.resetguard.retry.RequestExposure;
import dev.resetguard.retry.RetryBudget;
import dev.resetguard.retry.RetryBudgets;
import dev.resetguard.retry.RetrySettings;
import dev.resetguard.retry.Sleeper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs any {@link Callable} under Reset Guard's reset classification, retry rules, per-peer retry budget
 * and metrics, tagged {@code client=programmatic}. When the action throws a reset it is retried with
 * jittered backoff while it is safe to repeat, attempts remain and the peer's budget allows; otherwise
 * the caller gets the action's own exception, unchanged. Thread-safe.
 * <p>
 * Every call records exactly one {@code reset.guard.calls} outcome. An exception that is not a reset is
 * rethrown at once and the call counts as {@code success} when no attempt was reset, or
 * {@code recovered} when an earlier reset was retried: the outcome says how resets affected the call,
 * and other failures are the caller's to measure.
 */
public final class ResetGuard {

	private static final Logger logger = LoggerFactory.getLogger(ResetGuard.class);

	private static final ClientKind CLIENT = ClientKind.PROGRAMMATIC;

	// A programmatic call hides where it was reset and what its connection saw.
	private static final ResetPhase PHASE = ResetPhase.UNKNOWN;

	private static final RequestExposure EXPOSURE = RequestExposure.of(PHASE, null);

	private final ResetRecorder recorder;

	private final Function<String, RetrySettings> peerSettings;

	private final RetryBudgets budgets;

	private final ResetGuardMetrics metrics;

	private final CallOutcomeListener calls;

	private final RestartRideThrough rideThrough;

	private final Sleeper sleeper;

	private final DoubleSupplier random;

	private ResetGuard(Builder builder) {
		this.peerSettings = builder.peerSettings;
		this.budgets = (builder.budgets != null) ? builder.budgets
				: new RetryBudgets(builder.peerSettings, RetryBudgets.DEFAULT_MAX_PEERS, builder.nanoClock);
		this.metrics = (builder.metrics != null) ? builder.metrics
				: new ResetGuardMetrics(builder.meterRegistry, ResetGuardMetrics.DEFAULT_MAX_PEERS, Tags.empty());
		this.calls = (builder.calls != null) ? builder.calls : this.metrics;
		this.rideThrough = builder.rideThrough;
		this.recorder = (builder.recorder != null) ? builder.recorder
				: new ResetRecorder(new ResetClassifier(), new CauseInference(CauseSettings.ofDefaults()),
						CompositeResetEventListener.of(List.of(this.metrics, builder.listener)), builder.clock);
		this.sleeper = builder.sleeper;
		this.random = builder.random;
	}

	/**
	 * Return a builder whose defaults are the production ones: {@link ResetClassifier}, default retry
	 * settings for every peer, the global meter registry and no event listener.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Run an idempotent action, retrying it after resets.
	 * @param <T> the type of the action's result
	 * @param peer the peer the action talks to, as {@code host:port}; selects settings, budget and tags
	 * @param action the action
	 * @return the action's result
	 * @throws Exception the action's exception: at once if it is not a reset, else the last attempt's
	 */
	public <T> T call(String peer, Callable<T> action) throws Exception {
		return call(peer, CallOptions.idempotent(), action);
	}

	/**
	 * Run an action, retrying it after resets as the options allow.
	 * @param <T> the type of the action's result
	 * @param peer the peer the action talks to, as {@code host:port}; selects settings, budget and tags
	 * @param options whether the action is safe to repeat, and settings for this call
	 * @param action the action
	 * @return the action's result
	 * @throws Exception the action's exception: at once if it is not a reset, else the last attempt's
	 */
	public <T> T call(String peer, CallOptions options, Callable<T> action) throws Exception {
		Objects.requireNonNull(peer, "peer");
		Objects.requireNonNull(options, "options");
		Objects.requireNonNull(action, "action");
		RetrySettings settings = (options.settings() != null) ? options.settings() : this.peerSettings.apply(peer);
		RetryBudget budget = this.budgets.budgetFor(peer);
		budget.deposit();
		boolean waited = awaitRestartedPeer(peer);
		Backoff backoff = null;
		for (int attempt = 1;; attempt++) {
			T result;
			try {
				result = action.call();
			}
			catch (Throwable ex) {
				// Errors are never resets, and must not be handed to code that may allocate.
				ResetEvent reset = (ex instanceof Exception)
						? this.recorder.callFailed(CLIENT, peer, PHASE, ex, attempt) : null;
				boolean refusedByRestartingPeer = reset == null && isRestarting(peer) && ConnectionRefusal.isRefused(ex);
				if (reset == null && !refusedByRestartingPeer) {
					this.calls.onCall(CLIENT, peer, (attempt == 1 && !waited) ? CallOutcome.SUCCESS : CallOutcome.RECOVERED);
					throw ex;
				}
				// A refused connect never carried the request, so it is always safe to repeat.
				RequestExposure exposure = refusedByRestartingPeer ? RequestExposure.NOT_SENT : EXPOSURE;
				CallOutcome stop = reasonToStop(options, settings, budget, attempt, exposure);
				if (stop != null) {
					logger.debug("Reset calling {} on attempt {}: {}", peer, attempt, stop.tagValue());
					this.calls.onCall(CLIENT, peer, stop);
					throw ex;
				}
				if (backoff == null) {
					backoff = Backoff.of(settings, this.random);
				}
				try {
					if (isRestarting(peer)) {
						waited = true;
						if (!this.rideThrough.awaitReady(peer)) {
							logger.debug("Reset calling {} on attempt {}: peer still restarting, giving up", peer, attempt);
							this.calls.onCall(CLIENT, peer, CallOutcome.EXHAUSTED);
							throw ex;
						}
					}
					this.sleeper.sleep(backoff.delayNanos(attempt));
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					logger.debug("Reset calling {} on attempt {}: interrupted before retrying", peer, attempt);
					this.calls.onCall(CLIENT, peer, CallOutcome.EXHAUSTED);
					throw ex;
				}
				logger.debug("Reset calling {} on attempt {}: retrying", peer, attempt);
				this.metrics.recordRetry(CLIENT, peer, (reset != null) ? reset.cause() : ResetCause.PEER_RESTART);
				continue;
			}
			if (this.rideThrough != null) {
				this.rideThrough.callSucceeded(peer);
			}
			this.calls.onCall(CLIENT, peer, (attempt == 1 && !waited) ? CallOutcome.SUCCESS : CallOutcome.RECOVERED);
			return result;
		}
	}

	/**
	 * Hold a new call while its peer is restarting. Waiting is not an attempt: if the wait times out
	 * or is interrupted, the call goes ahead and meets whatever the peer does.
	 */
	private boolean awaitRestartedPeer(String peer) {
		if (!isRestarting(peer)) {
			return false;
		}
		try {
			this.rideThrough.awaitReady(peer);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return true;
	}

	private boolean isRestarting(String peer) {
		return this.rideThrough != null && this.rideThrough.isRestarting(peer);
	}

	private CallOutcome reasonToStop(CallOptions options, RetrySettings settings, RetryBudget budget, int attempt,
			RequestExposure exposure) {
		if (!IdempotencyRules.mayRetry(options.traits(), exposure, settings.nonIdempotent())) {
			return CallOutcome.NOT_RETRYABLE;
		}
		if (attempt >= settings.maxAttempts()) {
			return CallOutcome.EXHAUSTED;
		}
		if (!budget.tryWithdraw()) {
			return CallOutcome.BUDGET_EXHAUSTED;
		}
		return null;
	}




	/**
	 * Builds a {@link ResetGuard}. Everything is optional.
	 */
	public static final class Builder {

		private ResetRecorder recorder;

		private Function<String, RetrySettings> peerSettings = (peer) -> RetrySettings.ofDefaults();

		private RetryBudgets budgets;

		private MeterRegistry meterRegistry = Metrics.globalRegistry;

		private ResetGuardMetrics metrics;

		private ResetEventListener listener = ResetEventListener.NONE;

		private CallOutcomeListener calls;

		private RestartRideThrough rideThrough;

		private Clock clock = Clock.systemUTC();

		private LongSupplier nanoClock = System::nanoTime;

		private Sleeper sleeper = Sleeper.THREAD;

		private DoubleSupplier random = Backoff.THREAD_LOCAL_RANDOM;

		private Builder() {
		}

		/**
		 * Record resets with the given recorder, shared with the other clients; its listener is expected to
		 * feed the same metrics, as the Spring integration wires it. Without one, resets are classified by
		 * {@link ResetClassifier} and handed to the metrics and the {@link #listener(ResetEventListener)
		 * listener}.
		 * @param recorder the recorder
		 * @return this builder
		 */
		public Builder recorder(ResetRecorder recorder) {
			this.recorder = Objects.requireNonNull(recorder, "recorder");
			return this;
		}

		/**
		 * Use the same retry settings for every peer.
		 * @param settings the retry settings
		 * @return this builder
		 */
		public Builder settings(RetrySettings settings) {
			Objects.requireNonNull(settings, "settings");
			return peerSettings((peer) -> settings);
		}

		/**
		 * Set the retry settings of each peer, for example defaults with per-peer overrides. Also builds the
		 * default retry budgets, unless {@link #budgets(RetryBudgets)} sets them.
		 * @param peerSettings the settings of a peer, given its {@code host:port}
		 * @return this builder
		 */
		public Builder peerSettings(Function<String, RetrySettings> peerSettings) {
			this.peerSettings = Objects.requireNonNull(peerSettings, "peerSettings");
			return this;
		}

		/**
		 * Set the retry budgets, to share them with other clients of the same peers.
		 * @param budgets the retry budgets
		 * @return this builder
		 */
		public Builder budgets(RetryBudgets budgets) {
			this.budgets = Objects.requireNonNull(budgets, "budgets");
			return this;
		}

		/**
		 * Publish meters to a registry, with the default peer limit; the global registry by default.
		 * Ignored when {@link #metrics(ResetGuardMetrics)} is set.
		 * @param meterRegistry the registry
		 * @return this builder
		 */
		public Builder meterRegistry(MeterRegistry meterRegistry) {
			this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
			return this;
		}

		/**
		 * Set the metrics to record to, to share them with the other clients.
		 * @param metrics the metrics
		 * @return this builder
		 */
		public Builder metrics(ResetGuardMetrics metrics) {
			this.metrics = Objects.requireNonNull(metrics, "metrics");
			return this;
		}

		/**
		 * Tell the given listener the outcome of every call, instead of only the metrics; the Spring
		 * integration passes the metrics and the health indicator together.
		 * @param calls the call outcome listener
		 * @return this builder
		 */
		public Builder callOutcomeListener(CallOutcomeListener calls) {
			this.calls = Objects.requireNonNull(calls, "calls");
			return this;
		}

		/**
		 * Hold calls to restarting peers behind the given ride-through instead of failing them; none by
		 * default.
		 * @param rideThrough the ride-through
		 * @return this builder
		 */
		public Builder rideThrough(RestartRideThrough rideThrough) {
			this.rideThrough = Objects.requireNonNull(rideThrough, "rideThrough");
			return this;
		}

		/**
		 * Set a listener that receives every reset, in addition to the metrics; ignored when
		 * {@link #recorder(ResetRecorder)} is set.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(ResetEventListener listener) {
			this.listener = Objects.requireNonNull(listener, "listener");
			return this;
		}

		/**
		 * Set the clock that stamps reset events; ignored when {@link #recorder(ResetRecorder)} is set.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		/**
		 * Set the clock of the default retry budgets, as {@link System#nanoTime()}.
		 * @param nanoClock the clock
		 * @return this builder
		 */
		public Builder nanoClock(LongSupplier nanoClock) {
			this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
			return this;
		}

		/**
		 * Set what waits out each backoff; it must throw {@link InterruptedException} when interrupted.
		 * @param sleeper the sleeper
		 * @return this builder
		 */
		public Builder sleeper(Sleeper sleeper) {
			this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
			return this;
		}

		/**
		 * Set the random source of backoff jitter, uniformly distributed values in {@code [0, 1)}.
		 * @param random the random source
		 * @return this builder
		 */
		public Builder random(DoubleSupplier random) {
			this.random = Objects.requireNonNull(random, "random");
			return this;
		}

		/**
		 * Build the guard.
		 * @return the guard
		 */
		public ResetGuard build() {
			return new ResetGuard(this);
		}

	}

}
