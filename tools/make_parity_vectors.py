#!/usr/bin/python3
"""Writes the PyTorch parity vectors that JUnit replays through Descent's own classes.

Run by hand with Debian's PyTorch (the build never needs Python):

    apt-get install python3-torch
    /usr/bin/python3 tools/make_parity_vectors.py src/test/resources/parity

For every optimizer configuration: two parameter tensors, 25 gradients for each, a learning rate
that changes at every step, and the parameters after each step (torch.optim with p.grad set to the
given gradient and param_groups[0]["lr"] to the step's rate). For every loss: raw network outputs,
targets, the loss and its gradient with respect to the raw outputs (through the loss's output
activation). For every schedule: the learning rate of each epoch or step. For every activation: the
value and derivative on a grid and in the tails. For every regularization: a linear layer's loss
gradients and the gradients after the penalties (through backward) and clip_grad_value_ /
clip_grad_norm_, and torch.renorm for max-norm. For every init: the values torch.nn.init draws on a
[64, 48] weight after torch.manual_seed (DJL draws from the same libtorch generator). For every
weight average: a tiny two-layer network's parameters after each SGD step and
torch.optim.swa_utils.AveragedModel's average after it (EMA updated after every step, SWA at the
end of each epoch from startEpoch). End to end: a small network's initial weights, data and
Descent's batch order (java.util.Random reproduced), and every step's loss when PyTorch trains it.
Specs are written in Descent's JSON so the tests need no mapping. Deterministic: a rerun rewrites
the same files.
"""
import copy
import json
import math
import os
import sys
import warnings

import torch
import torch.nn.functional as F

# SequentialLR calls step(0) on the next schedule at a milestone, which torch 1.13 warns about.
warnings.filterwarnings("ignore", message="The epoch parameter")
torch.manual_seed(0)
STEPS = 25


def tensor_list(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


# ---------------------------------------------------------------- optimizers
OPTIMIZERS = [
    ({"type": "sgd", "lr": 0.1}, lambda p: torch.optim.SGD(p, lr=0.1)),
    ({"type": "sgd", "lr": 0.05, "weightDecay": 0.01}, lambda p: torch.optim.SGD(p, lr=0.05, weight_decay=0.01)),
    ({"type": "sgd", "lr": 0.05, "momentum": 0.9}, lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9)),
    ({"type": "sgd", "lr": 0.05, "momentum": 0.8, "dampening": 0.3, "weightDecay": 0.02},
     lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.8, dampening=0.3, weight_decay=0.02)),
    ({"type": "sgd", "lr": 0.05, "momentum": 0.9, "nesterov": True}, lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True)),
    ({"type": "sgd", "lr": 0.05, "momentum": 0.7, "nesterov": True, "weightDecay": 0.05},
     lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.7, nesterov=True, weight_decay=0.05)),
    ({"type": "adagrad", "lr": 0.1}, lambda p: torch.optim.Adagrad(p, lr=0.1)),
    ({"type": "adagrad", "lr": 0.1, "lrDecay": 0.05, "initialAccumulatorValue": 0.1, "eps": 1e-6, "weightDecay": 0.01},
     lambda p: torch.optim.Adagrad(p, lr=0.1, lr_decay=0.05, initial_accumulator_value=0.1, eps=1e-6, weight_decay=0.01)),
    ({"type": "rmsprop", "lr": 0.01}, lambda p: torch.optim.RMSprop(p, lr=0.01)),
    ({"type": "rmsprop", "lr": 0.01, "alpha": 0.9, "eps": 1e-6, "centered": True},
     lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-6, centered=True)),
    ({"type": "rmsprop", "lr": 0.01, "momentum": 0.8, "weightDecay": 0.01},
     lambda p: torch.optim.RMSprop(p, lr=0.01, momentum=0.8, weight_decay=0.01)),
    ({"type": "rmsprop", "lr": 0.005, "momentum": 0.5, "centered": True, "weightDecay": 0.02},
     lambda p: torch.optim.RMSprop(p, lr=0.005, momentum=0.5, centered=True, weight_decay=0.02)),
    ({"type": "adam", "lr": 0.01}, lambda p: torch.optim.Adam(p, lr=0.01)),
    ({"type": "adam", "lr": 0.01, "betas": [0.8, 0.95], "eps": 1e-6, "weightDecay": 0.05},
     lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.8, 0.95), eps=1e-6, weight_decay=0.05)),
    ({"type": "adam", "lr": 0.01, "amsgrad": True}, lambda p: torch.optim.Adam(p, lr=0.01, amsgrad=True)),
    ({"type": "adam", "lr": 0.01, "amsgrad": True, "betas": [0.7, 0.6], "eps": 1e-5, "weightDecay": 0.02},
     lambda p: torch.optim.Adam(p, lr=0.01, amsgrad=True, betas=(0.7, 0.6), eps=1e-5, weight_decay=0.02)),
    ({"type": "adamw", "lr": 0.01}, lambda p: torch.optim.AdamW(p, lr=0.01)),
    ({"type": "adamw", "lr": 0.01, "betas": [0.85, 0.98], "eps": 1e-6, "weightDecay": 0.1},
     lambda p: torch.optim.AdamW(p, lr=0.01, betas=(0.85, 0.98), eps=1e-6, weight_decay=0.1)),
    ({"type": "adamw", "lr": 0.01, "weightDecay": 0.1, "amsgrad": True}, lambda p: torch.optim.AdamW(p, lr=0.01, weight_decay=0.1, amsgrad=True)),
    ({"type": "adamw", "lr": 0.02, "weightDecay": 0.05, "amsgrad": True, "betas": [0.8, 0.5], "eps": 1e-5},
     lambda p: torch.optim.AdamW(p, lr=0.02, weight_decay=0.05, amsgrad=True, betas=(0.8, 0.5), eps=1e-5)),
    ({"type": "adadelta"}, lambda p: torch.optim.Adadelta(p)),
    ({"type": "adadelta", "lr": 0.5, "rho": 0.8, "eps": 1e-5, "weightDecay": 0.01},
     lambda p: torch.optim.Adadelta(p, lr=0.5, rho=0.8, eps=1e-5, weight_decay=0.01)),
]


def learning_rates(base):
    """The rate of each step: it changes at every step (as under a per-step schedule), between 0.4 and 1.6 times the base."""
    return [base * (1 + 0.6 * math.cos(0.7 * t)) for t in range(STEPS)]


def run_optimizer(make, starts, grads, lrs):
    params = [s.clone().requires_grad_(True) for s in starts]
    opt = make(params)
    path = []
    for t in range(STEPS):
        opt.param_groups[0]["lr"] = lrs[t]
        for p, g in zip(params, grads[t]):
            p.grad = g.clone()
        opt.step()
        path.append([tensor_list(p) for p in params])
    return path


def optimizers():
    """Two parameter tensors (a vector and a matrix) with gradients of different scales per element."""
    cases = []
    starts = [torch.tensor([0.5, -1.5, 2.0, 0.0, -0.25]), torch.tensor([[0.3, -0.7, 1.1], [-0.2, 0.0, 0.9]])]
    grads = [[torch.randn(5) * torch.tensor([1.0, 0.1, 3.0, 1e-3, 0.5]), torch.randn(2, 3) * torch.tensor([[2.0], [0.05]])]
             for _ in range(STEPS)]
    # AMSGrad keeps the largest raw second moment v (torch takes the maximum before bias correction).
    # With beta2 = 0.999, v can fall by at most 0.1 % a step, so over 25 steps the option barely
    # matters whatever the gradients; with beta2 <= 0.6, gradients 10x larger in the first 3 steps
    # make v fall far below its maximum while the steps stay large, and an implementation that
    # ignores the option lands orders of magnitude outside the tolerance (asserted below).
    burst = [[g * (10.0 if t < 3 else 1.0) for g in step] for t, step in enumerate(grads)]
    for spec, make in OPTIMIZERS:
        lrs = learning_rates(spec.get("lr", 1.0))
        g = burst if spec.get("amsgrad") else grads
        path = run_optimizer(make, starts, g, lrs)
        if spec.get("amsgrad"):
            ignored = run_optimizer(lambda p: make_without_amsgrad(spec, p), starts, g, lrs)
            worst = max(abs(a - b) / (1e-5 * abs(b)) for step_a, step_b in zip(ignored, path)
                        for ta, tb in zip(step_a, step_b) for a, b in zip(ta, tb) if b != 0)
            assert worst > 1000 or spec.get("betas", [0, 0.999])[1] > 0.99, \
                "an AMSGrad ignoring the option would fail by only %.0fx the tolerance" % worst
            print("  %s: ignoring amsgrad would miss by %.0fx the tolerance" % (spec, worst))
        cases.append({"spec": spec, "shapes": [list(s.shape) for s in starts], "start": [tensor_list(s) for s in starts],
                      "learningRates": lrs, "gradients": [[tensor_list(t) for t in step] for step in g], "parameters": path})
    return cases


def make_without_amsgrad(spec, params):
    kind = torch.optim.AdamW if spec["type"] == "adamw" else torch.optim.Adam
    return kind(params, lr=spec["lr"], betas=tuple(spec.get("betas", (0.9, 0.999))), eps=spec.get("eps", 1e-8),
                weight_decay=spec.get("weightDecay", 0.01 if spec["type"] == "adamw" else 0.0), amsgrad=False)


# ---------------------------------------------------------------- losses
def one_hot(y, c):
    return F.one_hot(y, c).float()


def losses():
    n, c = 6, 4
    logits = torch.randn(n, c) * 2
    labels = torch.tensor([0, 3, 1, 1, 2, 3])
    real_out = torch.randn(n, 1) * 2
    real_y = torch.randn(n)
    classification = [
        ({"type": "cross_entropy"}, lambda x, r: F.cross_entropy(x, labels, reduction=r)),
        ({"type": "cross_entropy", "labelSmoothing": 0.2}, lambda x, r: F.cross_entropy(x, labels, reduction=r, label_smoothing=0.2)),
        ({"type": "nll"}, lambda x, r: F.nll_loss(F.log_softmax(x, 1), labels, reduction=r)),
        ({"type": "bce"}, lambda x, r: F.binary_cross_entropy(torch.sigmoid(x), one_hot(labels, c), reduction=r)),
        ({"type": "bce_with_logits"}, lambda x, r: F.binary_cross_entropy_with_logits(x, one_hot(labels, c), reduction=r)),
        ({"type": "soft_margin"}, lambda x, r: F.soft_margin_loss(x, one_hot(labels, c) * 2 - 1, reduction=r)),
        ({"type": "multilabel_soft_margin"}, lambda x, r: F.multilabel_soft_margin_loss(x, one_hot(labels, c), reduction=r)),
        ({"type": "hinge"}, lambda x, r: F.multi_margin_loss(x, labels, reduction=r)),
        ({"type": "hinge", "margin": 0.5}, lambda x, r: F.multi_margin_loss(x, labels, margin=0.5, reduction=r)),
        ({"type": "mse"}, lambda x, r: F.mse_loss(x, one_hot(labels, c), reduction=r)),
        ({"type": "l1"}, lambda x, r: F.l1_loss(x, one_hot(labels, c), reduction=r)),
        ({"type": "huber", "delta": 0.5}, lambda x, r: F.huber_loss(x, one_hot(labels, c), delta=0.5, reduction=r)),
    ]
    regression = [
        ({"type": "mse"}, lambda x, r: F.mse_loss(x, real_y.reshape(-1, 1), reduction=r)),
        ({"type": "l1"}, lambda x, r: F.l1_loss(x, real_y.reshape(-1, 1), reduction=r)),
        ({"type": "huber"}, lambda x, r: F.huber_loss(x, real_y.reshape(-1, 1), reduction=r)),
        ({"type": "huber", "delta": 0.3}, lambda x, r: F.huber_loss(x, real_y.reshape(-1, 1), delta=0.3, reduction=r)),
    ]
    # Saturated logits: sigmoid is exactly 0 (x = -120) or 1 (x = 30) in float32, where BCELoss
    # clamps each log at -100 and its gradient stays finite.
    saturated = logits.clone()
    saturated[0, 0], saturated[1, 3], saturated[2, 0], saturated[3, 1] = -120.0, 30.0, 30.0, -120.0
    bce_clamp = [({"type": "bce"}, lambda x, r: F.binary_cross_entropy(torch.sigmoid(x), one_hot(labels, c), reduction=r))]
    cases = []
    for target, inputs, shape, data in (("classes", logits, [n, c], classification), ("real", real_out, [n, 1], regression),
                                        ("classes", saturated, [n, c], bce_clamp)):
        for spec, fn in data:
            for reduction in ("mean", "sum"):
                x = inputs.clone().requires_grad_(True)
                loss = fn(x, reduction)
                loss.backward()
                full = dict(spec, reduction=reduction)
                case = {"spec": full, "target": target, "classes": c if target == "classes" else 0, "shape": shape,
                        "input": tensor_list(inputs),
                        "labels": [int(v) for v in labels] if target == "classes" else tensor_list(real_y),
                        "loss": float(loss), "gradient": tensor_list(x.grad)}
                if spec["type"] in ("bce_with_logits", "multilabel_soft_margin"):
                    case["absoluteFloor"] = 2 ** -22 * float(x.grad.abs().max())
                    case["floorReason"] = ("torch's gradient is sigmoid(x) - y, which float32 resolves only to the rounding of"
                                           " sigmoid near 1 (2^-23 of the largest term); Descent's -sigmoid(-x) is exact there")
                cases.append(case)
    return cases


# ---------------------------------------------------------------- schedules
def schedules():
    base, epochs, steps = 0.4, 12, 5
    plateau_metric = [1.0, 0.9, 0.85, 0.86, 0.86, 0.87, 0.84, 0.84, 0.84, 0.84, 0.83, 0.83]
    cases = []

    def per_epoch(spec, make, metric=None, count=epochs):
        p = torch.zeros(1, requires_grad=True)
        opt = torch.optim.SGD([p], lr=base)
        sched = make(opt)
        lrs = []
        for e in range(count):
            lrs.append(opt.param_groups[0]["lr"])
            opt.step()
            sched.step(metric[e]) if metric else sched.step()
        cases.append({"spec": spec, "baseLr": base, "stepsPerEpoch": steps, "interval": "epoch", "metric": metric, "lrs": lrs})

    def per_step(spec, make):
        p = torch.zeros(1, requires_grad=True)
        opt = torch.optim.SGD([p], lr=base)
        sched = make(opt)
        lrs = []
        for s in range(4 * steps):
            lrs.append(opt.param_groups[0]["lr"])
            opt.step()
            sched.step()
        cases.append({"spec": spec, "baseLr": base, "stepsPerEpoch": steps, "interval": "step", "metric": None, "lrs": lrs})

    lr_sched = torch.optim.lr_scheduler

    def warmup(o, length):
        # Descent's warm-up: the first update (or epoch) at base/W, climbing linearly to base at the W-th.
        return lr_sched.LinearLR(o, start_factor=1 / length, end_factor=1.0, total_iters=length - 1)

    per_epoch({"type": "constant"}, lambda o: lr_sched.ConstantLR(o, factor=1.0, total_iters=0))
    per_epoch({"type": "step", "stepSize": 3, "gamma": 0.5}, lambda o: lr_sched.StepLR(o, 3, 0.5))
    per_epoch({"type": "multistep", "milestones": [2, 5, 9], "gamma": 0.3}, lambda o: lr_sched.MultiStepLR(o, [2, 5, 9], 0.3))
    per_epoch({"type": "exponential", "gamma": 0.8}, lambda o: lr_sched.ExponentialLR(o, 0.8))
    per_epoch({"type": "exponential", "k": 0.25}, lambda o: lr_sched.ExponentialLR(o, math.exp(-0.25)))
    # torch.optim.lr_scheduler has no 1/t decay: this vector is the formula eta0/(1 + k*t) through
    # LambdaLR, a check of Descent's arithmetic against the documented formula, not against a torch class.
    per_epoch({"type": "inverse_time", "k": 0.5}, lambda o: lr_sched.LambdaLR(o, lambda t: 1 / (1 + 0.5 * t)))
    per_epoch({"type": "cosine", "tMax": 10, "etaMin": 0.01}, lambda o: lr_sched.CosineAnnealingLR(o, 10, 0.01))
    per_epoch({"type": "plateau", "factor": 0.5, "patience": 1}, lambda o: lr_sched.ReduceLROnPlateau(o, factor=0.5, patience=1), plateau_metric)
    per_epoch({"type": "plateau", "factor": 0.2, "patience": 0, "cooldown": 2, "threshold": 0.05, "minLr": 0.01},
              lambda o: lr_sched.ReduceLROnPlateau(o, factor=0.2, patience=0, cooldown=2, threshold=0.05, min_lr=0.01), plateau_metric)
    per_epoch({"type": "plateau", "mode": "max", "factor": 0.5, "patience": 1, "thresholdMode": "abs", "threshold": 0.01},
              lambda o: lr_sched.ReduceLROnPlateau(o, mode="max", factor=0.5, patience=1, threshold_mode="abs", threshold=0.01),
              [0.5, 0.6, 0.605, 0.61, 0.7, 0.7, 0.69, 0.71, 0.8, 0.8, 0.8, 0.8])
    # Warm-up, then the schedule with its time counted from the end of the warm-up: SequentialLR.
    per_epoch({"type": "step", "stepSize": 3, "gamma": 0.5, "warmup": {"epochs": 3}},
              lambda o: lr_sched.SequentialLR(o, [warmup(o, 3), lr_sched.StepLR(o, 3, 0.5)], milestones=[3]))
    per_epoch({"type": "cosine", "tMax": 6, "warmup": {"epochs": 2}},
              lambda o: lr_sched.SequentialLR(o, [warmup(o, 2), lr_sched.CosineAnnealingLR(o, 6)], milestones=[2]))
    per_step({"type": "cosine", "tMax": 20, "etaMin": 0.0, "interval": "step"}, lambda o: lr_sched.CosineAnnealingLR(o, 20, 0.0))
    per_step({"type": "exponential", "gamma": 0.9, "interval": "step"}, lambda o: lr_sched.ExponentialLR(o, 0.9))
    per_step({"type": "constant", "warmup": {"steps": 7}},
             lambda o: lr_sched.SequentialLR(o, [warmup(o, 7), lr_sched.ConstantLR(o, factor=1.0, total_iters=0)], milestones=[7]))
    per_step({"type": "step", "stepSize": 2, "gamma": 0.5, "interval": "step", "warmup": {"steps": 4}},
             lambda o: lr_sched.SequentialLR(o, [warmup(o, 4), lr_sched.StepLR(o, 2, 0.5)], milestones=[4]))
    # A warm-up in steps before a per-epoch schedule: the schedule's epochs are counted in updates
    # from the end of the warm-up, so a per-epoch StepLR(k) is StepLR(k * stepsPerEpoch) stepped per update.
    per_step({"type": "step", "stepSize": 2, "gamma": 0.5, "warmup": {"steps": 7}},
             lambda o: lr_sched.SequentialLR(o, [warmup(o, 7), lr_sched.StepLR(o, 2 * steps, 0.5)], milestones=[7]))

    # Plateau after a warm-up of 3 epochs (SequentialLR does not take ReduceLROnPlateau): LinearLR is
    # stepped for the warm-up epochs, then ReduceLROnPlateau sees the metric of every later epoch.
    metric = [1.0, 0.8, 0.7, 0.9, 0.9, 0.65, 0.66, 0.66, 0.66, 0.64, 0.64, 0.64]
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=base)
    warm, plateau = warmup(opt, 3), lr_sched.ReduceLROnPlateau(opt, factor=0.5, patience=1)
    lrs = []
    for e in range(epochs):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        warm.step() if e < 3 else plateau.step(metric[e])
    cases.append({"spec": {"type": "plateau", "factor": 0.5, "patience": 1, "warmup": {"epochs": 3}}, "baseLr": base,
                  "stepsPerEpoch": steps, "interval": "epoch", "metric": metric, "lrs": lrs})
    return cases


# ---------------------------------------------------------------- activations
def activations():
    # The grid, small inputs either side of 0, and tails where log(1 + e^z) and log1p(e^z) part:
    # softplus/mish reach beta·x = -30 (z = -60 with beta 2), where the values are about 1e-13.
    x = torch.cat([torch.linspace(-4, 4, 33), torch.tensor([-1e-3, 1e-3, 25.0, -17.0, -20.0, -25.0, -30.0])])
    cases = []
    functions = [
        ({"type": "relu"}, F.relu),
        ({"type": "leaky_relu"}, lambda v: F.leaky_relu(v, 0.01)),
        ({"type": "leaky_relu", "slope": 0.2}, lambda v: F.leaky_relu(v, 0.2)),
        ({"type": "elu"}, F.elu),
        ({"type": "elu", "alpha": 0.5}, lambda v: F.elu(v, 0.5)),
        ({"type": "selu"}, F.selu),
        ({"type": "gelu"}, F.gelu),
        ({"type": "gelu", "approximate": "tanh"}, lambda v: F.gelu(v, approximate="tanh")),
        ({"type": "sigmoid"}, torch.sigmoid),
        ({"type": "tanh"}, torch.tanh),
        ({"type": "softplus"}, F.softplus),
        ({"type": "softplus", "beta": 2, "threshold": 5}, lambda v: F.softplus(v, beta=2, threshold=5)),
        ({"type": "silu"}, F.silu),
        ({"type": "swish"}, F.silu),
        ({"type": "mish"}, F.mish),
    ]
    # Where float32 itself cannot give 1e-5 relative, the case states its absolute floor and why;
    # elsewhere the test's floor is a millionth of the smallest non-zero value expected.
    floors = {
        "gelu": (5e-7, "libtorch 2.7.1's vectorized erf, which DJL's gelu runs, is accurate to about 1e-7 absolute and"
                       " 1 + erf(x/sqrt 2) cancels in the negative tail: PyTorch 1.13 and libtorch 2.7.1 differ there by"
                       " up to 3.9e-7 (x = -3.25); the derivatives agree exactly"),
        "gelu tanh": (3e-8, "the derivative crosses 0 near x = -0.75 as the difference of two terms near 0.5, where float32"
                            " rounding leaves about 1e-8 absolute"),
    }
    for spec, fn in functions:
        v = x.clone().requires_grad_(True)
        y = fn(v)
        y.sum().backward()
        case = {"spec": spec, "x": tensor_list(x), "y": tensor_list(y), "derivative": tensor_list(v.grad)}
        floor = floors.get(spec["type"] + (" " + spec["approximate"] if "approximate" in spec else ""))
        if floor:
            case["absoluteFloor"], case["floorReason"] = floor
        cases.append(case)
    return cases


# ---------------------------------------------------------------- regularization
REGULARIZATIONS = [
    {"l2": 0.1}, {"l1": 0.05}, {"l1": 0.02, "l2": 0.3, "applyToBiases": True},
    {"gradientClip": {"value": 0.5}}, {"gradientClip": {"norm": 0.5}}, {"gradientClip": {"norm": 100.0}},
    {"l2": 0.1, "gradientClip": {"norm": 0.3}}, {"l1": 0.01, "applyToBiases": True, "gradientClip": {"value": 0.3}},
]


def regularization():
    """A linear layer's MSE gradients, then what the optimizer sees: loss + l1*sum|w| + (l2/2)*sum w^2
    (weights only unless applyToBiases) through backward(), then clip_grad_value_ / clip_grad_norm_
    over both tensors. One weight is exactly 0, where the L1 gradient is sign(0) = 0."""
    generator = torch.Generator().manual_seed(3)
    x = torch.randn(5, 4, generator=generator)
    y = torch.randn(5, 3, generator=generator)
    w0 = torch.randn(3, 4, generator=generator)
    w0[1, 2] = 0.0
    b0 = torch.randn(3, generator=generator) * 0.5

    def gradients(spec):
        w, b = w0.clone().requires_grad_(True), b0.clone().requires_grad_(True)
        loss = F.mse_loss(F.linear(x, w, b), y)
        for p in ([w, b] if spec.get("applyToBiases") else [w]):
            loss = loss + spec.get("l1", 0.0) * p.abs().sum() + spec.get("l2", 0.0) / 2 * (p * p).sum()
        loss.backward()
        clip = spec.get("gradientClip", {})
        if "value" in clip:
            torch.nn.utils.clip_grad_value_([w, b], clip["value"])
        if "norm" in clip:
            torch.nn.utils.clip_grad_norm_([w, b], clip["norm"])
        return [tensor_list(w.grad), tensor_list(b.grad)]

    raw = gradients({})
    cases = [{"spec": spec, "shapes": [[3, 4], [3]], "parameters": [tensor_list(w0), tensor_list(b0)], "lossGradients": raw,
              "gradients": gradients(spec)} for spec in REGULARIZATIONS]
    # Max-norm: torch.renorm(w, 2, 0, c) scales each row (one unit's incoming weights) whose norm exceeds c.
    w = torch.randn(4, 3, generator=generator) * torch.tensor([[0.2], [1.0], [2.0], [4.0]])
    for limit in (1.0, 2.5):
        cases.append({"spec": {"maxNorm": limit}, "shapes": [[4, 3]], "parameters": [tensor_list(w)],
                      "norms": [float(v) for v in w.norm(dim=1)], "constrained": [tensor_list(torch.renorm(w, 2, 0, limit))]})
    return cases


# ---------------------------------------------------------------- initializations
INITS = [
    # nn.Linear's own reset_parameters: kaiming_uniform_(a=sqrt 5), i.e. U(+-1/sqrt(fan_in)).
    ({"type": "default"}, lambda w: torch.nn.init.kaiming_uniform_(w, a=math.sqrt(5))),
    ({"type": "xavier_uniform"}, torch.nn.init.xavier_uniform_),
    ({"type": "xavier_uniform", "gain": 2.0}, lambda w: torch.nn.init.xavier_uniform_(w, gain=2.0)),
    ({"type": "xavier_normal"}, torch.nn.init.xavier_normal_),
    ({"type": "xavier_normal", "gain": 0.5}, lambda w: torch.nn.init.xavier_normal_(w, gain=0.5)),
    ({"type": "kaiming_uniform"}, torch.nn.init.kaiming_uniform_),
    ({"type": "kaiming_uniform", "a": 0.2, "mode": "fan_out"}, lambda w: torch.nn.init.kaiming_uniform_(w, a=0.2, mode="fan_out")),
    ({"type": "kaiming_normal"}, torch.nn.init.kaiming_normal_),
    ({"type": "kaiming_normal", "a": 0.5, "mode": "fan_out"}, lambda w: torch.nn.init.kaiming_normal_(w, a=0.5, mode="fan_out")),
    ({"type": "normal", "mean": 0.5, "std": 0.2}, lambda w: torch.nn.init.normal_(w, 0.5, 0.2)),
    ({"type": "uniform", "low": -0.3, "high": 0.7}, lambda w: torch.nn.init.uniform_(w, -0.3, 0.7)),
    ({"type": "zeros"}, torch.nn.init.zeros_),
]


def initializations():
    """Each init on a [64, 48] weight (and the default's bias) ([fan_out, fan_in], as nn.Linear and DJL store it) after
    torch.manual_seed(seed): the values and the fans torch computes (_calculate_fan_in_and_fan_out)."""
    cases = []
    for seed, (spec, init) in enumerate(INITS, start=100):
        w = torch.empty(64, 48)
        fan_in, fan_out = torch.nn.init._calculate_fan_in_and_fan_out(w)
        torch.manual_seed(seed)
        init(w)
        case = {"spec": spec, "seed": seed, "shape": [64, 48], "fanIn": fan_in, "fanOut": fan_out, "values": tensor_list(w)}
        if spec["type"] == "default":
            # nn.Linear.reset_parameters draws the bias next, from U(+-1/sqrt(fan_in)); other inits start biases at 0.
            b = torch.empty(64)
            torch.nn.init.uniform_(b, -1 / math.sqrt(fan_in), 1 / math.sqrt(fan_in))
            case["bias"] = tensor_list(b)
        cases.append(case)
    torch.manual_seed(0)
    return cases


# ---------------------------------------------------------------- end to end
class JavaRandom:
    """java.util.Random, bit for bit: the generator Descent's loop shuffles each epoch with."""

    def __init__(self, seed):
        self.seed = (seed ^ 0x5DEECE66D) & ((1 << 48) - 1)

    def next(self, bits):
        self.seed = (self.seed * 0x5DEECE66D + 0xB) & ((1 << 48) - 1)
        value = self.seed >> (48 - bits)
        return value - (1 << 32) if value >= 1 << 31 else value

    def next_int(self, bound):
        if bound & -bound == bound:
            return (bound * self.next(31)) >> 31
        while True:
            bits = self.next(31)
            value = bits % bound
            if bits - value + (bound - 1) < 1 << 31:  # Java's int overflow test
                return value


def descent_order(seed, epoch, n):
    """TrainingLoop's batch order: a Fisher-Yates shuffle seeded with (seed * 1000003 + epoch * 7919) & 0x7fffffff."""
    random = JavaRandom((seed * 1_000_003 + epoch * 7_919) & 0x7FFFFFFF)
    order = list(range(n))
    for i in range(n - 1, 0, -1):
        j = random.next_int(i + 1)
        order[i], order[j] = order[j], order[i]
    return order


def end_to_end():
    """A 4-5-3 network (tanh, no dropout) trained for 3 epochs on 10 rows in batches of 4 (the last
    batch of each epoch has 2), cross-entropy, from the initial weights written here and in
    Descent's batch order: the loss of every step and the parameters at the end."""
    generator = torch.Generator().manual_seed(17)
    n, seed, epochs, batch = 10, 7, 3, 4
    x = torch.randn(n, 4, generator=generator)
    y = torch.randint(0, 3, (n,), generator=generator)
    torch.manual_seed(21)
    start = torch.nn.Sequential(torch.nn.Linear(4, 5), torch.nn.Tanh(), torch.nn.Linear(5, 3))
    orders = [descent_order(seed, e, n) for e in range(epochs)]
    cases = []
    for optimizer, make in (({"type": "sgd", "lr": 0.1, "momentum": 0.9}, lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9)),
                            ({"type": "adam", "lr": 0.05}, lambda p: torch.optim.Adam(p, lr=0.05))):
        model = copy.deepcopy(start)
        opt = make(model.parameters())
        losses = []
        for order in orders:
            for first in range(0, n, batch):
                rows = torch.tensor(order[first:first + batch])
                opt.zero_grad()
                loss = F.cross_entropy(model(x[rows]), y[rows])
                loss.backward()
                opt.step()
                losses.append(float(loss))
        cases.append({"optimizer": optimizer, "seed": seed, "epochs": epochs, "batchSize": batch, "hidden": 5, "activation": "tanh",
                      "classes": 3, "features": tensor_list(x), "labels": [int(v) for v in y], "orders": orders,
                      "shapes": [list(p.shape) for p in start.parameters()],
                      "initial": [tensor_list(p) for p in start.parameters()], "losses": losses,
                      "final": [tensor_list(p) for p in model.parameters()]})
    torch.manual_seed(0)
    return cases


# ---------------------------------------------------------------- weight averaging
AVERAGING_EPOCHS = 5
AVERAGING_STEPS_PER_EPOCH = 3


def ema(decay):
    # torch 2.x: AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(decay)), whose update is
    # torch._foreach_lerp_(averages, parameters, 1 - decay). Debian's torch 1.13 has only avg_fn:
    # the same lerp, one tensor at a time.
    return lambda averaged, current, n: torch.lerp(averaged, current, 1 - decay)


def averaging():
    generator = torch.Generator().manual_seed(5)
    x = torch.randn(8, 3, generator=generator)
    y = torch.randn(8, 2, generator=generator)
    torch.manual_seed(11)
    start = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2))
    cases = []
    for spec in ({"type": "ema", "decay": 0.9}, {"type": "ema", "decay": 0.999}, {"type": "ema", "decay": 0.3},
                 {"type": "swa", "startEpoch": 1}, {"type": "swa", "startEpoch": 3}):
        model = copy.deepcopy(start)
        if spec["type"] == "ema":
            averaged = torch.optim.swa_utils.AveragedModel(model, avg_fn=ema(spec["decay"]))
        else:
            averaged = torch.optim.swa_utils.AveragedModel(model)
        opt = torch.optim.SGD(model.parameters(), lr=0.2, momentum=0.9)
        parameters, averages, counts = [], [], []
        for epoch in range(1, AVERAGING_EPOCHS + 1):
            for step in range(AVERAGING_STEPS_PER_EPOCH):
                rows = slice(step * 3, step * 3 + 4)
                opt.zero_grad()
                F.mse_loss(model(x[rows]), y[rows]).backward()
                opt.step()
                if spec["type"] == "ema":
                    averaged.update_parameters(model)
                elif step == AVERAGING_STEPS_PER_EPOCH - 1 and epoch >= spec["startEpoch"]:
                    averaged.update_parameters(model)
                parameters.append([tensor_list(p) for p in model.parameters()])
                n = int(averaged.n_averaged)
                counts.append(n)
                averages.append([tensor_list(p) for p in averaged.module.parameters()] if n > 0 else None)
        cases.append({"spec": spec, "stepsPerEpoch": AVERAGING_STEPS_PER_EPOCH,
                      "shapes": [list(p.shape) for p in start.parameters()],
                      "parameters": parameters, "averaged": counts, "average": averages})
    return cases


def main(out):
    os.makedirs(out, exist_ok=True)
    for name, make in (("optimizers", optimizers), ("losses", losses), ("schedules", schedules), ("activations", activations),
                       ("regularization", regularization), ("initializations", initializations),
                       ("end_to_end", end_to_end),
                       ("averaging", averaging)):
        with open(os.path.join(out, name + ".json"), "w") as f:
            json.dump({"torch": torch.__version__, "generator": "tools/make_parity_vectors.py", "cases": make()}, f, indent=1)
        print("wrote", name)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "src/test/resources/parity")
