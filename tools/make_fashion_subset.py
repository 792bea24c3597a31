#!/usr/bin/env python3
"""Writes the shipped Fashion-MNIST subset (IDX, gzip) from the full Debian copy.

Takes the first TRAIN training and TEST test images so that the subset is reproducible and
its class balance matches the original (the files are already shuffled). Run by hand:

    python3 tools/make_fashion_subset.py /usr/share/datasets/fashion-mnist \
        src/main/resources/datasets/fashion-mnist-small
"""
import gzip
import struct
import sys

TRAIN, TEST = 5000, 1000


def subset(src, dst, count):
    with gzip.open(src, "rb") as f:
        data = f.read()
    magic, n = struct.unpack(">II", data[:8])
    dims = (magic & 0xFF) - 1
    shape = struct.unpack(">" + "I" * dims, data[8:8 + 4 * dims])
    item = 1
    for d in shape:
        item *= d
    header = struct.pack(">II", magic, count) + data[8:8 + 4 * dims]
    body_start = 8 + 4 * dims
    body = data[body_start:body_start + count * item]
    # mtime=0 keeps the output byte-identical across runs
    with open(dst, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(header + body)


def main(src_dir, dst_dir):
    for prefix, count in (("train", TRAIN), ("t10k", TEST)):
        for kind in ("images-idx3", "labels-idx1"):
            name = f"{prefix}-{kind}-ubyte.gz"
            subset(f"{src_dir}/{name}", f"{dst_dir}/{name}", count)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
