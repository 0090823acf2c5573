/** The firewall section's model: tiers of ordered rules, their peers, services and ports. */
package org.dsp.firewall.model;
