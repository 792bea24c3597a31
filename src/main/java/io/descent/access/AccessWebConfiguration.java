package io.descent.access;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration
class AccessWebConfiguration implements WebMvcConfigurer {

    private final RequestRates rates;

    AccessWebConfiguration(RequestRates rates) {
        this.rates = rates;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(rates).addPathPatterns("/api/v1/**");
    }
}
