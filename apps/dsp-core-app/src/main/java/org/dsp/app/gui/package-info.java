/** The DSP console in ONOS's web GUI: a view registered through ONOS's UiExtensionService. */
package org.dsp.app.gui;
