/** NAT: source NAT to pools, floating IPs and port forwards for overlay tenants, at gateway DSNs (docs/nat.md). */
package org.dsp.nat;
