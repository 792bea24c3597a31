package io.descent.dataset;

import ai.djl.ndarray.NDManager;
import java.io.IOException;

/** Where one catalogue dataset comes from. */
interface DatasetSource {

    DatasetInfo info();

    /** Whether {@link #load} can succeed on this machine (e.g. the files are installed). */
    boolean available();

    /** What a person must do to make an unavailable dataset available. */
    String howToInstall();

    LoadedDataset load(NDManager manager) throws IOException;
}
