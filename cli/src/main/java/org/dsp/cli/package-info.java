/** The {@code dsp} command line. */
package org.dsp.cli;
