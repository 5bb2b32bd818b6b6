/**
 * Prevents resets before they happen by keeping pooled connections' idle time below what each peer
 * tolerates.
 */
@NullMarked
package dev.resetguard.prevention;

import org.jspecify.annotations.NullMarked;
