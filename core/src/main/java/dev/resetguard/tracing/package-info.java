/**
 * Micrometer Observation support, so that resets and retries appear in distributed traces.
 */
@NullMarked
package dev.resetguard.tracing;

import org.jspecify.annotations.NullMarked;
