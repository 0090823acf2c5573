/** The DSP core app's implementation: store, realization work queue and the ONOS component. */
package org.dsp.app.impl;
