/**
 * The reference semantics of a tenant document, written independently of the compiler: which
 * connections the document allows, in each direction, and by which rule. The correctness tests
 * compare the compiled DSN programs against it; the flow tracer builds on it.
 */
package org.dsp.semantics;
