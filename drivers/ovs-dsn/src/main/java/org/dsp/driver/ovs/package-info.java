/**
 * The OVS DSN driver: the multi-table pipeline declared as data (tables, registers, conntrack
 * marks, priorities), step 2 of the compile (logical flows and placement to per-DSN flows), the
 * ovs-ofctl rendering and a simulator that walks packets through a compiled program.
 */
package org.dsp.driver.ovs;
