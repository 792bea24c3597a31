package io.descent.support;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.util.UriUtils;

/**
 * One request of a fuzz run, and why it is sent: a body (or a multipart file), query parameters
 * and headers, each replaced on its own by the {@code with...} methods.
 *
 * @param what how a failure report names the request, e.g. "valid application/json, /epochs: null"
 * @param path already expanded and encoded
 */
public record FuzzCall(String what, HttpMethod method, String path, Map<String, String> query, Map<String, String> headers,
        String contentType, byte[] body, MockMultipartFile file) {

    public static FuzzCall of(String what, HttpMethod method, String path, String contentType, byte[] body, MockMultipartFile file) {
        return new FuzzCall(what, method, path, Map.of(), Map.of(), contentType, body, file);
    }

    public FuzzCall withBody(String change, String type, byte[] content) {
        return new FuzzCall(what + ", " + change, method, path, query, headers, type, content, null);
    }

    public FuzzCall withFile(String change, MockMultipartFile part) {
        return new FuzzCall(what + ", " + change, method, path, query, headers, contentType, null, part);
    }

    public FuzzCall withPath(String change, String otherPath) {
        return new FuzzCall(change, method, otherPath, query, headers, contentType, body, file);
    }

    public FuzzCall withQuery(String change, Map<String, String> parameters) {
        return new FuzzCall(change, method, path, parameters, headers, contentType, body, file);
    }

    public FuzzCall withHeaders(String change, Map<String, String> values) {
        return new FuzzCall(change, method, path, query, values, contentType, body, file);
    }

    /** {@code template} with each {@code {name}} replaced by its value, encoded as a path segment. */
    public static String expand(String template, Map<String, String> values) {
        String path = template;
        for (Map.Entry<String, String> v : values.entrySet()) {
            path = path.replace("{" + v.getKey() + "}", UriUtils.encodePathSegment(v.getValue(), StandardCharsets.UTF_8));
        }
        return path;
    }

    public AbstractMockHttpServletRequestBuilder<?> toRequest() {
        StringBuilder uri = new StringBuilder(path);
        String separator = "?";
        for (Map.Entry<String, String> q : query.entrySet()) {
            uri.append(separator).append(UriUtils.encodeQueryParam(q.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(UriUtils.encode(q.getValue(), StandardCharsets.UTF_8));
            separator = "&";
        }
        AbstractMockHttpServletRequestBuilder<?> request;
        if (contentType != null && contentType.startsWith("multipart/")) {
            var multipart = MockMvcRequestBuilders.multipart(URI.create(uri.toString()));
            if (file != null) {
                multipart.file(file);
            }
            request = multipart;
        } else {
            MockHttpServletRequestBuilder plain = MockMvcRequestBuilders.request(method, URI.create(uri.toString()));
            if (contentType != null) {
                plain.contentType(contentType);
            }
            if (body != null) {
                plain.content(body);
            }
            request = plain;
        }
        headers.forEach(request::header);
        return request;
    }

    @Override
    public String toString() {
        return method + " " + shorten(path) + " [" + shorten(what) + "]";
    }

    public static String shorten(String text) {
        String oneLine = text == null ? "null" : text.replace("\n", "\\n");
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }
}
