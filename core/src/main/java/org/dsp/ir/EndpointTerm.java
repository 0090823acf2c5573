package org.dsp.ir;

import java.util.Objects;

/**
 * One value of a rule's local dimension: an endpoint the rule applies to, optionally with the
 * service it matches on that endpoint (set when a named port resolves per endpoint).
 */
public final class EndpointTerm implements Comparable<EndpointTerm> {
    private final String endpoint;
    private final ServiceMatch service;

    private EndpointTerm(String endpoint, ServiceMatch service) {
        this.endpoint = Objects.requireNonNull(endpoint);
        this.service = service;
    }

    /** The endpoint, for any service. */
    public static EndpointTerm of(String endpoint) {
        return new EndpointTerm(endpoint, null);
    }

    /** The endpoint, for one service only. */
    public static EndpointTerm of(String endpoint, ServiceMatch service) {
        return new EndpointTerm(endpoint, service);
    }

    /** Returns the endpoint name. */
    public String endpoint() {
        return endpoint;
    }

    /** Returns the service this term is limited to, or null. */
    public ServiceMatch service() {
        return service;
    }

    @Override
    public int compareTo(EndpointTerm o) {
        int c = endpoint.compareTo(o.endpoint);
        if (c != 0) {
            return c;
        }
        return ServiceMatch.compareNullable(service, o.service);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EndpointTerm && ((EndpointTerm) o).endpoint.equals(endpoint)
                && Objects.equals(((EndpointTerm) o).service, service);
    }

    @Override
    public int hashCode() {
        return Objects.hash(endpoint, service);
    }

    @Override
    public String toString() {
        return service == null ? endpoint : endpoint + ":" + service;
    }
}
