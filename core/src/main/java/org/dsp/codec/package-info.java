/** JSON encoding of tenant documents, and their validation with every error reported at its JSON path. */
package org.dsp.codec;
