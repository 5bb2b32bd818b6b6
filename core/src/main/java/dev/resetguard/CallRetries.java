package dev.resetguard;

import java.net.URI;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

import dev.resetguard.forensics.CallOutcomeListener;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.PeerKeyCache;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.forensics.RetryDecisionListener;
import dev.resetguard.metrics.ResetGuardMetrics;
import dev.resetguard.restart.RestartRideThrough;
import dev.resetguard.retry.Backoff;
import dev.resetguard.retry.RequestTraits;
import dev.resetguard.retry.RetryBudget;
import dev.resetguard.retry.RetryBudgets;
import dev.resetguard.retry.RetrySettings;
import dev.resetguard.tracing.ResetObservations;
import org.jspecify.annotations.Nullable;

/**
 * Starts the {@link CallRetry retry state} of each call with what all calls share: the retry settings
 * of each peer, the peers' retry budgets, the meters, the call outcome listener and the restart
 * ride-through. Thread-safe; one instance serves every client of an application, so they share budgets
 * and decide and count alike.
 */
public final class CallRetries {

	private final Function<String, RetrySettings> peerSettings;

	private final RetryBudgets budgets;

	// Bounded like the budgets, so that metrics.max-peers caps every per-peer registry of the calls.
	private final PeerKeyCache peerKeys;

	// Package-private: each CallRetry reads these from here instead of holding copies of its own.
	final ResetGuardMetrics metrics;

	final CallOutcomeListener calls;

	final RetryDecisionListener decisions;

	// Where resets are recorded: decisions about a reset it holds back wait until it is published.
	final @Nullable ResetRecorder recorder;

	final @Nullable RestartRideThrough rideThrough;

	final DoubleSupplier random;

	// Null when tracing is off: then a call that meets a reset touches no observation.
	final @Nullable ResetObservations observations;

	/**
	 * Create call retries without restart ride-through, with backoff jitter drawn from
	 * {@link Backoff#THREAD_LOCAL_RANDOM}.
	 * @param peerSettings the retry settings of each peer, given its {@code host:port}
	 * @param budgets the retry budgets of the peers
	 * @param metrics counts the retries
	 * @param calls receives the outcome of every call, typically the metrics and the health indicator
	 */
	public CallRetries(Function<String, RetrySettings> peerSettings, RetryBudgets budgets, ResetGuardMetrics metrics,
			CallOutcomeListener calls) {
		this(peerSettings, budgets, metrics, calls, null, Backoff.THREAD_LOCAL_RANDOM);
	}

	/**
	 * Create the retry state factory.
	 * @param peerSettings the retry settings of each peer
	 * @param budgets the per-peer retry budgets
	 * @param metrics counts retries
	 * @param calls told each call's outcome once
	 * @param rideThrough holds calls to restarting peers, {@code null} for none
	 * @param random the random source of backoff jitter
	 */
	public CallRetries(Function<String, RetrySettings> peerSettings, RetryBudgets budgets, ResetGuardMetrics metrics,
			CallOutcomeListener calls, @Nullable RestartRideThrough rideThrough, DoubleSupplier random) {
		this(peerSettings, budgets, metrics, calls, RetryDecisionListener.NONE, rideThrough, random);
	}

	/**
	 * Create the retry state factory.
	 * @param peerSettings the retry settings of each peer
	 * @param budgets the per-peer retry budgets
	 * @param metrics counts retries
	 * @param calls told each call's outcome once
	 * @param decisions told what was decided about each reset (the reset log, the endpoint's events)
	 * @param rideThrough holds calls to restarting peers, {@code null} for none
	 * @param random the random source of backoff jitter
	 */
	public CallRetries(Function<String, RetrySettings> peerSettings, RetryBudgets budgets, ResetGuardMetrics metrics,
			CallOutcomeListener calls, RetryDecisionListener decisions, @Nullable RestartRideThrough rideThrough,
			DoubleSupplier random) {
		this(peerSettings, budgets, metrics, calls, decisions, rideThrough, random, null);
	}

	/**
	 * Create the retry state factory for resets recorded by the given recorder.
	 * @param peerSettings the retry settings of each peer
	 * @param budgets the per-peer retry budgets
	 * @param metrics counts retries
	 * @param calls told each call's outcome once
	 * @param decisions told what was decided about each reset (the reset log, the endpoint's events)
	 * @param rideThrough holds calls to restarting peers, {@code null} for none
	 * @param random the random source of backoff jitter
	 * @param recorder where the resets of the calls are recorded, so that each decision reaches
	 * {@code decisions} after its reset was published; {@code null} to report decisions at once
	 */
	public CallRetries(Function<String, RetrySettings> peerSettings, RetryBudgets budgets, ResetGuardMetrics metrics,
			CallOutcomeListener calls, RetryDecisionListener decisions, @Nullable RestartRideThrough rideThrough,
			DoubleSupplier random, @Nullable ResetRecorder recorder) {
		this(peerSettings, budgets, metrics, calls, decisions, rideThrough, random, recorder, null);
	}

	/**
	 * Create the retry state factory for resets recorded by the given recorder, putting what happens to
	 * calls that meet resets into their observations.
	 * @param peerSettings the retry settings of each peer
	 * @param budgets the per-peer retry budgets
	 * @param metrics counts retries
	 * @param calls told each call's outcome once
	 * @param decisions told what was decided about each reset (the reset log, the endpoint's events)
	 * @param rideThrough holds calls to restarting peers, {@code null} for none
	 * @param random the random source of backoff jitter
	 * @param recorder where the resets of the calls are recorded, so that each decision reaches
	 * {@code decisions} after its reset was published; {@code null} to report decisions at once
	 * @param observations records resets, decisions and waits in the calls' observations, {@code null}
	 * for none
	 */
	public CallRetries(Function<String, RetrySettings> peerSettings, RetryBudgets budgets, ResetGuardMetrics metrics,
			CallOutcomeListener calls, RetryDecisionListener decisions, @Nullable RestartRideThrough rideThrough,
			DoubleSupplier random, @Nullable ResetRecorder recorder, @Nullable ResetObservations observations) {
		this.recorder = recorder;
		this.observations = observations;
		this.peerSettings = Objects.requireNonNull(peerSettings, "peerSettings");
		this.budgets = Objects.requireNonNull(budgets, "budgets");
		this.peerKeys = new PeerKeyCache(budgets.maxPeers());
		this.metrics = Objects.requireNonNull(metrics, "metrics");
		this.calls = Objects.requireNonNull(calls, "calls");
		this.decisions = Objects.requireNonNull(decisions, "decisions");
		this.rideThrough = rideThrough;
		this.random = Objects.requireNonNull(random, "random");
	}

	/**
	 * Return the peer a request goes to, as {@link dev.resetguard.forensics.PeerKey#of(URI)} names it, from
	 * a cache of the authorities seen, so that a call to a known peer builds no key.
	 * @param uri the request's absolute URI
	 * @return the peer as {@code host:port}
	 * @throws IllegalArgumentException if the URI names no host
	 */
	public String peerOf(URI uri) {
		return this.peerKeys.of(uri);
	}

	/**
	 * Return the retry settings that apply to a peer.
	 * @param peer the peer as {@code host:port}
	 * @return its settings
	 */
	public RetrySettings settingsFor(String peer) {
		return this.peerSettings.apply(peer);
	}

	RetryBudget budgetFor(String peer) {
		return this.budgets.budgetFor(peer);
	}

	/**
	 * Start a call with the retry settings of its peer; credits the peer's retry budget for it.
	 * @param client the kind of client making the call
	 * @param peer the peer as {@code host:port}
	 * @param traits whether the request may be repeated safely
	 * @return the call's retry state
	 */
	public CallRetry start(ClientKind client, String peer, RequestTraits traits) {
		return start(client, peer, traits, settingsFor(peer));
	}

	/**
	 * Start a call with the given retry settings, which replace the peer's for this call; the peer's
	 * budget is used all the same. Credits the peer's retry budget for the call, and registers the call
	 * outcomes of a (client, peer) seen for the first time at zero.
	 * @param client the kind of client making the call
	 * @param peer the peer as {@code host:port}
	 * @param traits whether the request may be repeated safely
	 * @param settings the retry settings of this call
	 * @return the call's retry state
	 */
	public CallRetry start(ClientKind client, String peer, RequestTraits traits, RetrySettings settings) {
		Objects.requireNonNull(client, "client");
		Objects.requireNonNull(peer, "peer");
		Objects.requireNonNull(traits, "traits");
		Objects.requireNonNull(settings, "settings");
		// Made now, so that the call's peer has its budget from its first call on.
		this.budgets.budgetFor(peer);
		this.metrics.recordPeerSeen(client, peer);
		return new CallRetry(this, client, peer, traits, settings);
	}

}
