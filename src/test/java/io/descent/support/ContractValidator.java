package io.descent.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Checks HTTP exchanges against {@code openapi/openapi.yaml}: every response the app sends, and
 * every request it accepts (a 2xx), must match the contract, or the test fails.
 */
public final class ContractValidator {

    private static final OpenApiInteractionValidator VALIDATOR =
            OpenApiInteractionValidator.createForSpecificationUrl("openapi/openapi.yaml").build();

    private ContractValidator() {}

    public static void check(MvcResult result) {
        check(result, result.getRequest().getContentAsByteArray());
    }

    /** Like {@link #check(MvcResult)}, validating {@code requestBody} as the request's body. */
    public static void check(MvcResult result, byte[] requestBody) {
        MockHttpServletRequest request = result.getRequest();
        MockHttpServletResponse response = result.getResponse();
        SimpleRequest.Builder req = new SimpleRequest.Builder(Request.Method.valueOf(request.getMethod()), request.getRequestURI());
        if (requestBody != null && requestBody.length > 0) {
            req.withBody(requestBody);
        }
        for (String name : Collections.list(request.getHeaderNames())) {
            req.withHeader(name, Collections.list(request.getHeaders(name)));
        }
        request.getParameterMap().forEach((name, values) -> {
            if (request.getQueryString() != null && request.getQueryString().contains(name + "=")) {
                req.withQueryParam(name, values);
            }
        });
        SimpleResponse.Builder res = new SimpleResponse.Builder(response.getStatus());
        for (String name : response.getHeaderNames()) {
            res.withHeader(name, response.getHeaders(name));
        }
        byte[] body = response.getContentAsByteArray();
        if (body.length > 0) {
            res.withBody(new String(body, StandardCharsets.UTF_8));
        }
        SimpleRequest built = req.build();
        ValidationReport report = response.getStatus() < 300
                ? VALIDATOR.validate(built, res.build())
                : VALIDATOR.validateResponse(request.getRequestURI(), built.getMethod(), res.build());
        if (report.hasErrors()) {
            throw new AssertionError("Departs from openapi/openapi.yaml: " + request.getMethod() + " " + request.getRequestURI()
                    + " -> " + response.getStatus() + "\n" + report.getMessages());
        }
    }
}
