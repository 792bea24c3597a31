package io.descent.dataset;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Stops an upload as soon as it passes its byte limit, so an oversized body is never read whole. */
final class LimitedInputStream extends FilterInputStream {

    private final long limit;
    private long count;

    LimitedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            charge(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, (int) Math.min(length, limit - count + 1));
        if (n > 0) {
            charge(n);
        }
        return n;
    }

    private void charge(int n) {
        count += n;
        if (count > limit) {
            throw new UploadTooLargeException("The upload is larger than descent.datasets.max-upload-size (" + limit + " bytes).");
        }
    }
}
