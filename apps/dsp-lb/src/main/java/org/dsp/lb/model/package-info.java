/**
 * The {@code loadBalancers} section of a tenant document as immutable values: virtual services
 * (VIPs and ports), their backends (a group, endpoints or a label selector, with weights), how a
 * backend is selected, what a client meets when no backend is healthy, and the health check.
 */
package org.dsp.lb.model;
