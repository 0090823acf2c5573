/**
 * The load-balancer service (app {@code org.dsp.lb}): the {@code loadBalancers} section, read and
 * checked whole, and its compiler. See docs/lb.md.
 */
package org.dsp.lb;
