/**
 * Instruments Apache HttpClient 5 connections so that their resets are recorded and classified.
 */
@NullMarked
package dev.resetguard.http.client;

import org.jspecify.annotations.NullMarked;
