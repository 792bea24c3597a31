package io.descent.training.checkpoint;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * The checkpoint format: everything a run needs to continue after an epoch exactly as if it had
 * not stopped — the parameters, the weight average (tensors and update count), the optimizer's buffers and step counts, the schedule's and early
 * stopping's state, and, for a run stopped inside an epoch, its {@link EpochPosition}. Random
 * numbers need no saving: the loop reseeds from (seed, epoch) at every epoch start, and a position
 * says how far each dropout layer had drawn.
 */
public final class RunState {

    private static final int MAGIC = 0x44534b31; // "DSK1"

    private final PairList<String, Parameter> parameters;
    private final List<Checkpointed> parts;
    private EpochPosition position;

    /** @param parts weight average, optimizer, schedule, early stopping (null entries skipped), in a fixed order */
    public RunState(PairList<String, Parameter> parameters, List<Checkpointed> parts) {
        this.parameters = parameters;
        this.parts = parts;
    }

    /** The state after {@code epoch} finished epochs. */
    public void write(int epoch, OutputStream stream) throws IOException {
        write(epoch, null, stream);
    }

    /** The state after {@code epoch} finished epochs and, when {@code position} is not null, part of the next. */
    public void write(int epoch, EpochPosition position, OutputStream stream) throws IOException {
        StateOutput out = new StateOutput(stream);
        out.writeInt(MAGIC);
        out.writeInt(epoch);
        out.writeInt(parameters.size());
        for (Pair<String, Parameter> p : parameters) {
            out.writeString(p.getKey());
            out.writeArray(p.getValue().getArray());
        }
        for (Checkpointed part : parts) {
            if (part != null) {
                part.save(out);
            }
        }
        if (position == null) {
            EpochPosition.writeNone(out);
        } else {
            position.write(out);
        }
        out.flush();
    }

    /**
     * Reads only the parameters of a checkpoint into {@code parameters} (for inference: the
     * optimizer's and schedule's state that follows is not needed).
     *
     * @return the epoch the checkpoint was written after
     */
    public static int readParameters(InputStream stream, PairList<String, Parameter> parameters) throws IOException {
        return new RunState(parameters, List.of()).read(stream, false);
    }

    /**
     * Reads the parameters and the weight average that follows them (a job with weight averaging
     * writes its average as the first part), nothing after.
     *
     * @return the epoch the checkpoint was written after
     */
    public static int readParameters(InputStream stream, PairList<String, Parameter> parameters, Checkpointed average) throws IOException {
        return new RunState(parameters, List.of(average)).read(stream, false);
    }

    /** Where in the next epoch the state read last was taken; null when between epochs. */
    public EpochPosition position() {
        return position;
    }

    /** @return the finished epochs the state was written after (a {@link #position()} may follow) */
    public int read(InputStream stream) throws IOException {
        return read(stream, true);
    }

    private int read(InputStream stream, boolean whole) throws IOException {
        StateInput in = new StateInput(stream);
        if (in.readInt() != MAGIC) {
            throw new IOException("Not a Descent checkpoint");
        }
        int epoch = in.readInt();
        int count = in.readInt();
        if (count != parameters.size()) {
            throw new IOException("Checkpoint has " + count + " parameters, the network " + parameters.size());
        }
        for (Pair<String, Parameter> p : parameters) {
            String name = in.readString();
            if (!name.equals(p.getKey())) {
                throw new IOException("Checkpoint parameter " + name + " where the network has " + p.getKey());
            }
            in.readInto(p.getValue().getArray());
        }
        for (Checkpointed part : parts) {
            if (part != null) {
                part.restore(in);
            }
        }
        if (whole) {
            position = EpochPosition.read(in);
        }
        return epoch;
    }
}
