/** Packets DSP answers itself: the replies of reject rules. */
package org.dsp.app.packet;
