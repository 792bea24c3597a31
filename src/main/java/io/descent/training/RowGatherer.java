package io.descent.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Copies the rows of a mini-batch, in the epoch's shuffled order, out of a dataset array into a
 * native buffer that becomes the batch tensor.
 *
 * <p>Why not libtorch's indexing: {@code x[indices]} gathers element by element, 150 µs for 256
 * Fashion-MNIST rows, where copying 256 rows of 3 KB each is a few memcpy calls (docs/benchmarks.md);
 * and shuffling a copy of the whole split per epoch writes and re-reads 188 MB. On a GPU the batch
 * is copied to the device from here, as a PyTorch DataLoader does.
 * The batch tensor aliases one of {@link HostBuffers}' two buffers.
 */
final class RowGatherer {

    private final ByteBuffer rows;
    private final int rowBytes;
    private final Shape rowShape;
    private final DataType dataType;
    private final HostBuffers buffers = new HostBuffers();

    /**
     * @param array the dataset array, [n, ...]; read, never changed
     * @param scope owns a host copy when {@code array} is not in host memory
     */
    RowGatherer(NDArray array, NDManager scope) {
        NDArray host = array;
        if (!array.getDevice().equals(Device.cpu())) {
            host = array.toDevice(Device.cpu(), true);
            host.attach(scope);
        }
        // A view of the tensor's own memory when it is contiguous on the host: no copy of the split.
        this.rows = host.toByteBuffer(true).order(ByteOrder.nativeOrder());
        Shape shape = array.getShape();
        this.rowShape = shape.slice(1);
        this.dataType = array.getDataType();
        this.rowBytes = Math.toIntExact(rowShape.size() * dataType.getNumOfBytes());
    }

    /** The rows {@code order[from..to)} as one tensor [to - from, ...] on {@code batch}'s device. */
    NDArray gather(NDManager batch, int[] order, int from, int to) {
        int count = to - from;
        ByteBuffer target = buffers.next(count * rowBytes);
        for (int i = 0; i < count; i++) {
            target.put(i * rowBytes, rows, Math.multiplyExact(order[from + i], rowBytes), rowBytes);
        }
        return batch.create(target, new Shape(count).addAll(rowShape), dataType);
    }
}
