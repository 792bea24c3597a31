package io.descent.access;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The caller of the request this thread serves. Outside a request (a worker, a study advancing)
 * there is none, and the service acts as {@link Caller#SYSTEM}: every HTTP request passes
 * {@link BearerKeyFilter}, which always names one.
 */
public final class Callers {

    private Callers() {}

    public static Caller current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Caller caller) {
            return caller;
        }
        return Caller.SYSTEM;
    }
}
