/**
 * Step 1 of the two-step compile: tenant documents to logical flows. Pure: the same document
 * (and the same previous document, for incremental updates) always gives the same flows.
 */
package org.dsp.compiler;
