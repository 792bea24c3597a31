package io.descent.training.regularization;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Penalties and constraints of one run (per-layer dropout and max-norm live on the layers).
 *
 * @param l1 λ of the penalty λ·‖w‖₁ added to the loss (its gradient λ·sign(w) is added to g)
 * @param l2 λ of the penalty (λ/2)·‖w‖² added to the loss (its gradient λ·w is added to g)
 * @param applyToBiases whether the penalties also cover bias vectors
 * @param clipValue if non-null, each gradient element is clamped to [−v, v]
 * @param clipNorm if non-null, all gradients are scaled so their global L2 norm is at most n
 * @param earlyStopping null when the run always trains every epoch
 */
public record Regularization(double l1, double l2, boolean applyToBiases, Double clipValue, Double clipNorm,
        EarlyStopping earlyStopping) {

    public static final Regularization NONE = new Regularization(0, 0, false, null, null, null);

    public boolean penalizes() {
        return l1 != 0 || l2 != 0;
    }

    /** The canonical JSON object, defaults filled in; optional parts only when given. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("l1", l1);
        json.put("l2", l2);
        json.put("applyToBiases", applyToBiases);
        if (clipValue != null) {
            json.put("gradientClip", Map.of("value", clipValue));
        } else if (clipNorm != null) {
            json.put("gradientClip", Map.of("norm", clipNorm));
        }
        if (earlyStopping != null) {
            json.put("earlyStopping", earlyStopping.toJson());
        }
        return json;
    }
}
