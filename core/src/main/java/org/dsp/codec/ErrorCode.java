package org.dsp.codec;

/** The kinds of problem validation reports; each error also carries a path and a sentence. */
public enum ErrorCode {
    /** A required field is missing. */
    REQUIRED,
    /** A field the document format does not define. */
    UNKNOWN_FIELD,
    /** A value of the wrong JSON type. */
    WRONG_TYPE,
    /** A value outside a closed set, or malformed. */
    BAD_VALUE,
    /** A name that breaks the naming rule. */
    BAD_NAME,
    /** Two things of one kind with the same name, or one key twice in a JSON object. */
    DUPLICATE_NAME,
    /** A reference to a group the tenant does not define. */
    UNKNOWN_GROUP,
    /** A reference to an endpoint the tenant does not define. */
    UNKNOWN_ENDPOINT,
    /** An endpoint's namespace that the tenant does not define. */
    UNKNOWN_NAMESPACE,
    /** A malformed CIDR. */
    BAD_CIDR,
    /** A CIDR exception that lies outside its CIDR. */
    EXCEPT_OUTSIDE_CIDR,
    /** A malformed MAC address, or a multicast one. */
    BAD_MAC,
    /** A malformed IP address. */
    BAD_ADDRESS,
    /** An address held by two endpoints. */
    DUPLICATE_ADDRESS,
    /** A MAC address held by two endpoints. */
    DUPLICATE_MAC,
    /** Two endpoints attached to one DSN port. */
    DUPLICATE_ATTACHMENT,
    /** A port number outside 1-65535. */
    BAD_PORT,
    /** A port range whose end is before its start. */
    REVERSED_PORT_RANGE,
    /** Ports on a protocol that has none (icmp, any). */
    PORT_NOT_ALLOWED,
    /** Groups that contain themselves through nesting. */
    GROUP_CYCLE,
    /** A reference into another tenant. */
    FOREIGN_TENANT,
    /** A malformed DSN device id or port. */
    BAD_ATTACHMENT,
    /** A selector expression whose values do not fit its operator. */
    BAD_SELECTOR,
    /** Two fields that exclude each other. */
    CONFLICTING_FIELDS,
    /** A list that must not be empty. */
    EMPTY,
    /** More of something than the DSN pipeline can hold. */
    TOO_MANY,
    /** A section whose network service app is not active (reported by the DSP core, not the codec). */
    SERVICE_NOT_ACTIVE,
    /** A DSN port, MAC or IP address that a workload of another tenant holds (reported by the DSP core; the other tenant is not named). */
    RESOURCE_IN_USE,
    /** The compiled document would exceed the node's flow budget per DSN or per tenant (reported by the DSP core). */
    FLOW_BUDGET,
    /** A compiled flow would not fit in one OpenFlow message (reported by the DSP core). */
    MESSAGE_TOO_LARGE,
    /** A service's flow that the DSN driver cannot carry, e.g. an action it does not implement (reported by the DSP core). */
    NOT_REALIZABLE,
    /**
     * A place where a document the codecs accepted breaks the tenant-document schema the controller
     * publishes ({@code GET /schema}): a service app whose section schema says more than its codec checks.
     */
    SCHEMA_VIOLATION
}
