package io.descent.training.loss;

/** What a dataset's labels are, and so which losses fit it. */
public enum TargetKind {
    /** Integer class indices 0..C-1; the network outputs C logits. */
    CLASSES,
    /** One real value per sample; the network outputs one value. */
    REAL
}
