package io.descent.training;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * Where a job asks to train: {@code auto} (the first GPU if the engine sees one, else the CPU),
 * {@code cpu}, or {@code gpu} / {@code gpu:N}.
 */
public record DeviceChoice(String kind, int index) {

    public static final DeviceChoice AUTO = new DeviceChoice("auto", 0);

    /** @return the choice, or null when {@code text} is not one of the accepted forms */
    public static DeviceChoice parse(String text) {
        if (text == null || text.equals("auto")) {
            return AUTO;
        }
        if (text.equals("cpu")) {
            return new DeviceChoice("cpu", 0);
        }
        if (text.equals("gpu")) {
            return new DeviceChoice("gpu", 0);
        }
        if (text.matches("gpu:\\d{1,2}")) {
            return new DeviceChoice("gpu", Integer.parseInt(text.substring(4)));
        }
        return null;
    }

    /**
     * @throws DeviceUnavailableException when a GPU is asked for that this process cannot see
     */
    public Device resolve(Engine engine) {
        int gpus = engine.getGpuCount();
        return switch (kind) {
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                if (index >= gpus) {
                    throw new DeviceUnavailableException("Device " + this + " was requested but this node sees "
                            + gpus + " GPU(s); submit with \"device\": \"auto\" or \"cpu\", or run a GPU build (see README).");
                }
                yield Device.gpu(index);
            }
            default -> gpus > 0 ? Device.gpu(0) : Device.cpu();
        };
    }

    @Override
    public String toString() {
        return kind.equals("gpu") ? (index == 0 ? "gpu" : "gpu:" + index) : kind;
    }
}
