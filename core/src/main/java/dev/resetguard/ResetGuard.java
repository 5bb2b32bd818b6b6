package dev.resetguard;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;

import dev.resetguard.classify.ResetClassifier;
import dev.resetguard.forensics.Attempt;
import dev.resetguard.forensics.CauseInference;
import dev.resetguard.forensics.CauseSettings;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.CompositeResetEventListener;
import dev.resetguard.forensics.PeerKey;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetEventListener;
import dev.resetguard.forensics.ResetPhase;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.metrics.ResetGuardMetrics;
import dev.resetguard.restart.RestartRideThrough;
import dev.resetguard.retry.Backoff;
import dev.resetguard.retry.CallOutcomeListener;
import dev.resetguard.retry.RetryBudgets;
import dev.resetguard.retry.RetryDecisionListener;
import dev.resetguard.retry.RetrySettings;
import dev.resetguard.retry.Sleeper;
import dev.resetguard.tracing.ResetObservations;
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
 * <p>
 * A reset that Reset Guard's socket factories see inside the action is recorded once, by the socket,
 * with its phase and connection facts, and the retry decision uses them.
 */
public final class ResetGuard {

	private static final Logger logger = LoggerFactory.getLogger(ResetGuard.class);

	private static final ClientKind CLIENT = ClientKind.PROGRAMMATIC;

	// Unless Reset Guard's own sockets carried it, a programmatic call hides where it was reset.
	private static final ResetPhase PHASE = ResetPhase.UNKNOWN;

	private final ResetRecorder recorder;

	private final CallRetries retries;

	private final Sleeper sleeper;

	private ResetGuard(Builder builder) {
		RetryBudgets budgets = (builder.budgets != null) ? builder.budgets
				: new RetryBudgets(builder.peerSettings, RetryBudgets.DEFAULT_MAX_PEERS, builder.nanoClock);
		ResetGuardMetrics metrics = (builder.metrics != null) ? builder.metrics
				: new ResetGuardMetrics(builder.meterRegistry, ResetGuardMetrics.DEFAULT_MAX_PEERS, Tags.empty());
		CallOutcomeListener calls = (builder.calls != null) ? builder.calls : metrics;
		this.recorder = (builder.recorder != null) ? builder.recorder
				: new ResetRecorder(new ResetClassifier(), new CauseInference(CauseSettings.ofDefaults()),
						CompositeResetEventListener.of(List.of(metrics, builder.listener)), builder.clock);
		this.retries = new CallRetries(builder.peerSettings, budgets, metrics, calls, builder.decisions,
				builder.rideThrough, builder.random, this.recorder, builder.observations);
		this.sleeper = builder.sleeper;
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
		PeerKey.requireValid(Objects.requireNonNull(peer, "peer"));
		Objects.requireNonNull(options, "options");
		Objects.requireNonNull(action, "action");
		CallRetry retry = (options.settings() != null)
				? this.retries.start(CLIENT, peer, options.traits(), options.settings())
				: this.retries.start(CLIENT, peer, options.traits());
		retry.awaitPeer();
		while (true) {
			T result;
			Attempt scope = new Attempt(CLIENT, peer, retry.attempt());
			try {
				Attempt.Activation activation = scope.activate();
				try {
					result = action.call();
				}
				finally {
					activation.close();
				}
			}
			catch (Throwable ex) {
				// Errors are never resets, and must not be handed to code that may allocate.
				ResetEvent reset = (ex instanceof Exception) ? scope.resolve(this.recorder, PHASE, ex) : null;
				if (!retry.shouldRetry(reset, ex)) {
					logger.debug("Calling {} failed on attempt {}: {}", peer, retry.attempt(), retry.outcome().tagValue());
					retry.finish();
					throw ex;
				}
				// The backoff first: it reports the decision, which publishes the reset, and a restart it shows
				// must hold this call at the gate before it waits.
				long backoffNanos = retry.backoffNanos();
				try {
					if (!retry.beforeRetry()) {
						logger.debug("Reset calling {} on attempt {}: peer still restarting, giving up", peer,
								retry.attempt());
						throw ex;
					}
					this.sleeper.sleep(backoffNanos);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					logger.debug("Reset calling {} on attempt {}: interrupted before retrying", peer, retry.attempt());
					retry.interrupted();
					throw ex;
				}
				logger.debug("Reset calling {} on attempt {}: retrying", peer, retry.attempt());
				retry.retrying();
				continue;
			}
			retry.succeeded();
			retry.finish();
			return result;
		}
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

		private RetryDecisionListener decisions = RetryDecisionListener.NONE;

		private Clock clock = Clock.systemUTC();

		private LongSupplier nanoClock = System::nanoTime;

		private Sleeper sleeper = Sleeper.THREAD;

		private DoubleSupplier random = Backoff.THREAD_LOCAL_RANDOM;

		private ResetObservations observations;

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
		 * Tell the given listener what the retry loop decided about each reset, right after deciding; the
		 * Spring integration passes the reset log and the endpoint's recent events.
		 * @param decisions the retry decision listener
		 * @return this builder
		 */
		public Builder retryDecisionListener(RetryDecisionListener decisions) {
			this.decisions = Objects.requireNonNull(decisions, "decisions");
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
		 * Record the resets, retry decisions, backoffs and ride-through waits of calls that meet a reset in
		 * the caller's observation, the one open on the calling thread. Without it, none is touched.
		 * @param observations the observations
		 * @return this builder
		 */
		public Builder observations(ResetObservations observations) {
			this.observations = Objects.requireNonNull(observations, "observations");
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
