/** The tenant service of DSP as ONOS applications see it: read (TenantService) and write (TenantAdminService). */
package org.dsp.app.api;
