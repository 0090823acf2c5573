/** JMH benchmarks of the compiler: full compile and one-rule incremental delta. */
package org.dsp.bench;
