package io.descent.training.regularization;

import io.descent.training.Monitor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stop when the monitored metric has not improved by more than {@code minDelta} for
 * {@code patience} epochs in a row.
 *
 * @param maximize true when larger is better (accuracies, or mode "max")
 * @param restoreBest whether the run ends with the parameters of its best epoch
 */
public record EarlyStopping(Monitor monitor, String mode, boolean maximize, int patience, double minDelta, boolean restoreBest) {

    public boolean improves(double current, double best) {
        return maximize ? current > best + minDelta : current < best - minDelta;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("monitor", monitor.name().toLowerCase());
        json.put("mode", mode);
        json.put("patience", patience);
        json.put("minDelta", minDelta);
        json.put("restoreBest", restoreBest);
        return json;
    }
}
