package io.github.camelloganalytics;

import java.util.Set;

import com.azure.core.credential.TokenCredential;
import org.apache.camel.CamelContext;

/**
 * Finds the TokenCredential bean for TOKEN_CREDENTIAL when none is named: so a route need not name a bean whose option
 * name Camel counts as sensitive. Loaded only when azure-core is known to be present.
 */
final class RegistryTokenCredential {

    private RegistryTokenCredential() {
    }

    /**
     * @throws IllegalArgumentException when the registry holds no TokenCredential, or several
     */
    static Object find(CamelContext context) {
        Set<TokenCredential> found = context.getRegistry().findByType(TokenCredential.class);
        if (found.size() != 1) {
            throw new IllegalArgumentException("credentialType=TOKEN_CREDENTIAL needs tokenCredential (#beanName), or"
                                               + " exactly one TokenCredential bean in the registry; found "
                                               + found.size());
        }
        return found.iterator().next();
    }
}
