package dev.resetguard.observe;

import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.retry.RetryDecision;

/**
 * One of the {@link RecentResets}: the reset as recorded and what the retry loop decided about it.
 * Immutable.
 *
 * @param event the reset
 * @param decision what the retry loop decided, {@code null} if no retry loop reported a decision
 * (a socket whose caller owns its bytes, or a decision not made yet)
 */
public record RecentReset(ResetEvent event, RetryDecision decision) {

}
