/** The standalone node's StorageService: consistent maps kept in an embedded H2 MVStore, written through on every change. */
package org.dsp.node.store;
