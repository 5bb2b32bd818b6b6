/**
 * Per-peer reset statistics, recent resets and health advice, read by the health indicator, the endpoint
 * and the log.
 */
@NullMarked
package dev.resetguard.observe;

import org.jspecify.annotations.NullMarked;
