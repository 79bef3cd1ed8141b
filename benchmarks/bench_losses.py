"""Time every loss and every gradient of lossbook against PyTorch's CPU implementation, and check that they agree.

Run: ``python benchmarks/bench_losses.py [--repeats 9] [--quick]``. Not part of ``make test``: it prints numbers.

Sizes: 10**6 float64 values per loss. Element-wise losses (and dice/iou) take a 1000 x 1000 array (dice/iou with
``axis=1``: 1000 masks of 1000 pixels); row-wise losses take 10**5 rows of 10 classes / features (the class axis of a
typical classifier is short and the batch long); ``ctc`` takes one sequence of T=200 frames, C=30 classes, 40 labels.

What is timed, per loss, with ``torch.set_num_threads(1)`` and NumPy's BLAS limited to one thread:

- ``loss``: ``lb.<name>(...)`` against PyTorch's forward pass under ``torch.no_grad()``.
- ``grad``: ``lb.<name>_grad(...)`` alone against PyTorch's forward + backward. Both start from the same inputs and
  end with the gradient; lossbook's ``_grad`` recomputes whatever forward quantities it needs, as PyTorch's backward
  needs its forward graph. (Inputs needing gradients are fresh leaf tensors created outside the timed region.)

Each timing is the median of ``--repeats`` runs; lossbook and PyTorch runs alternate, so the ratio (lossbook / torch,
above 1 means lossbook is slower) compares the two under the same machine load. Agreement: the relative difference
of the values, ``|a - b| / |b|``, and of the gradients, ``max|ga - gb| / max|gb|`` (relative to the gradient's scale,
not element-wise: entries that are ~0 would otherwise dominate). Where PyTorch has no such loss (dice, iou, hinge,
squared hinge, Crammer-Singer multiclass hinge, focal, contrastive, the clamped categorical cross-entropies) the
reference is the textbook formula written directly in PyTorch float64 ops (marked ``formula`` in the table). For
triplet the reference is ``triplet_margin_loss`` with ``eps=0``: its default ``eps=1e-6`` is added inside the norm
and changes the values at about 1e-6 (printed separately below the table).
"""

from __future__ import annotations

import os

# One thread for NumPy's BLAS too (set before NumPy loads), to match torch.set_num_threads(1). This matters beyond
# fairness: a BLAS call (np.dot inside mse) leaves OpenBLAS worker threads spinning, which on a small shared machine
# slowed the element-wise work that followed by 5-7x in our measurements.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import statistics
import time

import numpy as np

import lossbook as lb

try:
    import torch
    import torch.nn.functional as F
except ImportError:  # the table then shows lossbook's timings only
    torch = None


def make_inputs(rng):
    n_el = (1000, 1000)
    rows, classes = 100_000, 10
    y01 = (rng.random(n_el) > 0.5).astype(np.float64)
    probs = rng.uniform(0.01, 0.99, n_el)
    scores = rng.normal(size=n_el)
    pm1 = 2.0 * y01 - 1.0
    labels = rng.integers(0, classes, rows)
    onehot = np.eye(classes)[labels]
    row_logits = rng.normal(size=(rows, classes))
    row_probs = lb.softmax(row_logits)
    row_probs2 = lb.softmax(rng.normal(size=(rows, classes)))
    emb = [rng.normal(size=(rows, classes)) for _ in range(3)]
    same = (rng.random(rows) > 0.5).astype(np.float64)
    T, C, L = 200, 30, 40
    ctc_labels = rng.integers(1, C, L)
    ctc_logits = rng.normal(size=(T, C))
    return dict(y01=y01, probs=probs, scores=scores, targets=scores + rng.normal(size=n_el), pm1=pm1, labels=labels,
                onehot=onehot, row_logits=row_logits, row_probs=row_probs, row_probs2=row_probs2, emb=emb,
                same=same, ctc_labels=ctc_labels, ctc_logits=ctc_logits)


# ---------------------------------------------------------------------------------------------------------------------
# PyTorch references: each takes the lossbook arguments as tensors (predictions last) and returns a scalar tensor.


def torch_refs():
    t = torch

    def clamp_log(x):
        return t.clamp(t.log(x), min=-100.0)

    def focal_ref(y, p, alpha=0.25, gamma=2.0):
        ce = F.binary_cross_entropy(p, y, reduction="none")
        p_t = p * y + (1 - p) * (1 - y)
        a_t = alpha * y + (1 - alpha) * (1 - y)
        return (a_t * (1 - p_t) ** gamma * ce).mean()

    def focal_logits_ref(y, z, alpha=0.25, gamma=2.0):
        p = t.sigmoid(z)
        ce = F.binary_cross_entropy_with_logits(z, y, reduction="none")
        p_t = p * y + (1 - p) * (1 - y)
        a_t = alpha * y + (1 - alpha) * (1 - y)
        return (a_t * (1 - p_t) ** gamma * ce).mean()

    def overlap_ref(kind):
        def ref(y, p):
            i = (p * y).sum(dim=1)
            s = p.sum(dim=1) + y.sum(dim=1)
            if kind == "dice":
                return (1 - (2 * i + 1.0) / (s + 1.0)).mean()
            return (1 - (i + 1.0) / (s - i + 1.0)).mean()
        return ref

    def multiclass_hinge_ref(labels, s):
        s_y = s.gather(1, labels[:, None])
        others = s.scatter(1, labels[:, None], float("-inf"))
        return t.clamp(1 + others.max(dim=1).values - s_y[:, 0], min=0).mean()

    def contrastive_ref(same, x1, x2, margin=1.0):
        d = t.linalg.vector_norm(x1 - x2, dim=-1)
        return (same * 0.5 * d**2 + (1 - same) * 0.5 * t.clamp(margin - d, min=0) ** 2).mean()

    def ctc_ref(labels, logits):
        lp = t.log_softmax(logits, dim=-1)[:, None, :]
        return F.ctc_loss(lp, labels[None, :], [logits.shape[0]], [labels.shape[0]], blank=0, reduction="sum")

    return {
        "mse": ("torch", lambda y, p: F.mse_loss(p, y)),
        "mae": ("torch", lambda y, p: F.l1_loss(p, y)),
        "huber": ("torch", lambda y, p: F.huber_loss(p, y, delta=1.0)),
        "binary_cross_entropy": ("torch", lambda y, p: F.binary_cross_entropy(p, y)),
        "binary_cross_entropy_with_logits": ("torch", lambda y, z: F.binary_cross_entropy_with_logits(z, y)),
        "categorical_cross_entropy": ("formula", lambda y, p: -(y * clamp_log(p)).sum(dim=-1).mean()),
        "categorical_cross_entropy_with_logits": (
            "torch", lambda y, z: F.cross_entropy(z, y, label_smoothing=0.1)),
        "sparse_categorical_cross_entropy": ("formula", lambda lab, p: -clamp_log(p.gather(1, lab[:, None])).mean()),
        "sparse_categorical_cross_entropy_with_logits": (
            "torch", lambda lab, z: F.cross_entropy(z, lab, label_smoothing=0.1)),
        "hinge": ("formula", lambda y, s: t.clamp(1 - y * s, min=0).mean()),
        "squared_hinge": ("formula", lambda y, s: (t.clamp(1 - y * s, min=0) ** 2).mean()),
        "multiclass_hinge": ("formula", multiclass_hinge_ref),
        "focal": ("formula", focal_ref),
        "focal_with_logits": ("formula", focal_logits_ref),
        "dice": ("formula", overlap_ref("dice")),
        "iou": ("formula", overlap_ref("iou")),
        "contrastive": ("formula", contrastive_ref),
        "triplet": ("torch", lambda a, p, n: F.triplet_margin_loss(a, p, n, margin=1.0, p=2, eps=0.0)),
        # PyTorch has no loss for integer labels and probabilities; its own route is nll_loss on log p (all C columns),
        # printed as a second row beside the minimal gather formula above (which reads only the true column).
        "sparse_categorical_cross_entropy:nll_loss": ("torch", lambda lab, p: F.nll_loss(clamp_log(p), lab)),
        "kl_divergence": ("torch", lambda p, q: F.kl_div(t.log(q), p, reduction="batchmean")),
        "ctc": ("torch", ctc_ref),
    }


def cases(x):
    """name -> (lossbook positional args, keyword args, number of prediction arguments (the last ones))."""
    return {
        "mse": ((x["targets"], x["scores"]), {}, 1),
        "mae": ((x["targets"], x["scores"]), {}, 1),
        "huber": ((x["targets"], x["scores"]), {"delta": 1.0}, 1),
        "binary_cross_entropy": ((x["y01"], x["probs"]), {}, 1),
        "binary_cross_entropy_with_logits": ((x["y01"], x["scores"]), {}, 1),
        "categorical_cross_entropy": ((x["onehot"], x["row_probs"]), {}, 1),
        "categorical_cross_entropy_with_logits": ((x["onehot"], x["row_logits"]), {"label_smoothing": 0.1}, 1),
        "sparse_categorical_cross_entropy": ((x["labels"], x["row_probs"]), {}, 1),
        "sparse_categorical_cross_entropy_with_logits": ((x["labels"], x["row_logits"]), {"label_smoothing": 0.1}, 1),
        "hinge": ((x["pm1"], x["scores"]), {}, 1),
        "squared_hinge": ((x["pm1"], x["scores"]), {}, 1),
        "multiclass_hinge": ((x["labels"], x["row_logits"]), {}, 1),
        "focal": ((x["y01"], x["probs"]), {"alpha": 0.25, "gamma": 2.0}, 1),
        "focal_with_logits": ((x["y01"], x["scores"]), {"alpha": 0.25, "gamma": 2.0}, 1),
        "dice": ((x["y01"], x["probs"]), {"axis": 1}, 1),
        "iou": ((x["y01"], x["probs"]), {"axis": 1}, 1),
        "contrastive": ((x["same"], x["emb"][0], x["emb"][1]), {"margin": 1.0}, 2),
        "triplet": (tuple(x["emb"]), {"margin": 1.0}, 3),
        "kl_divergence": ((x["row_probs"], x["row_probs2"]), {}, 1),
        "ctc": ((x["ctc_labels"], x["ctc_logits"]), {"blank": 0}, 1),
    }


def median_ms(times):
    return 1e3 * statistics.median(times)


def timed(f):
    t0 = time.perf_counter()
    out = f()
    return time.perf_counter() - t0, out


def rel(a, b):
    a, b = float(a), float(b)
    return abs(a - b) / abs(b) if b != 0 else abs(a - b)


def grad_rel(ours, theirs):
    scale = max(float(np.max(np.abs(theirs))), 1e-300)
    return float(np.max(np.abs(ours - theirs))) / scale


def to_torch(a, grad=False):
    a = np.asarray(a)
    if a.dtype.kind in "iu":
        return torch.from_numpy(a.astype(np.int64))
    return torch.tensor(a, dtype=torch.float64, requires_grad=grad)


def bench(name, args, kwargs, n_pred, ref, repeats):
    loss, grad = getattr(lb, name), getattr(lb, f"{name}_grad")
    row = {"name": name}
    ours_l, ours_g, theirs_l, theirs_g = [], [], [], []
    value = g = None
    for _ in range(repeats):
        dt, value = timed(lambda: loss(*args, **kwargs))
        ours_l.append(dt)
        dt, g = timed(lambda: grad(*args, **kwargs))
        ours_g.append(dt)
        if ref is not None:
            fn = ref[1]
            plain = [to_torch(a) for a in args]
            with torch.no_grad():
                dt, tv = timed(lambda: fn(*plain))
            theirs_l.append(dt)
            k = len(args) - n_pred
            leaves = [to_torch(a) for a in args[:k]] + [to_torch(a, grad=True) for a in args[k:]]

            def fwd_bwd():
                out = fn(*leaves)
                out.backward()
                return out
            dt, _ = timed(fwd_bwd)
            theirs_g.append(dt)
    row["ours_loss"], row["ours_grad"] = median_ms(ours_l), median_ms(ours_g)
    if ref is not None:
        row["kind"] = ref[0]
        row["torch_loss"], row["torch_grad"] = median_ms(theirs_l), median_ms(theirs_g)
        # ratios of medians taken from runs interleaved in this same loop
        row["ratio_loss"] = row["ours_loss"] / row["torch_loss"]
        row["ratio_grad"] = row["ours_grad"] / row["torch_grad"]
        row["value_rel"] = rel(value, tv.item())
        ours = g if n_pred > 1 else (g,)
        k = len(args) - n_pred
        row["grad_rel"] = max(grad_rel(o, leaf.grad.numpy()) for o, leaf in zip(ours, leaves[k:]))
    return row


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--quick", action="store_true", help="3 repeats, for a smoke run")
    parser.add_argument("--only", nargs="*", help="benchmark only these losses")
    opts = parser.parse_args()
    repeats = 3 if opts.quick else opts.repeats
    rng = np.random.default_rng(0)
    x = make_inputs(rng)
    table = cases(x)
    refs = {}
    if torch is not None:
        torch.set_num_threads(1)
        refs = torch_refs()
        print(f"lossbook {lb.__version__}, NumPy {np.__version__}, PyTorch {torch.__version__} (1 thread), "
              f"median of {repeats} runs, float64")
    else:
        print(f"lossbook {lb.__version__}, NumPy {np.__version__}; PyTorch not installed: lossbook timings only")
    print("sizes: element-wise 1000x1000; row-wise 100000x10; dice/iou 1000x1000, axis=1; ctc T=200, C=30, 40 labels")
    print("grad: lossbook *_grad alone vs torch forward+backward; ratio = lossbook / torch (> 1: lossbook slower)\n")
    header = (f"{'loss':46} {'ref':8} {'lb ms':>8} {'torch ms':>9} {'ratio':>6}   {'lb grad':>8} {'torch f+b':>9} "
              f"{'ratio':>6}   {'value rel':>9} {'grad rel':>9}")
    if torch is None:
        header = f"{'loss':46} {'lb ms':>8} {'lb grad ms':>10}"
    print(header)
    print("-" * len(header))
    names = opts.only or list(table)
    if torch is not None and "sparse_categorical_cross_entropy" in names:
        names.insert(names.index("sparse_categorical_cross_entropy") + 1, "sparse_categorical_cross_entropy:nll_loss")
    for label in names:
        name = label.split(":")[0]  # "loss:variant" benchmarks the same loss against another PyTorch reference
        if not hasattr(lb, name):
            print(f"{name:46} missing from lossbook")
            continue
        args, kwargs, n_pred = table[name]
        row = bench(name, args, kwargs, n_pred, refs.get(label), repeats)
        name = label.replace(":", " vs ")
        if torch is None:
            print(f"{name:46} {row['ours_loss']:8.2f} {row['ours_grad']:10.2f}")
        else:
            print(f"{name:46} {row['kind']:8} {row['ours_loss']:8.2f} {row['torch_loss']:9.2f} {row['ratio_loss']:6.2f}"
                  f"   {row['ours_grad']:8.2f} {row['torch_grad']:9.2f} {row['ratio_grad']:6.2f}"
                  f"   {row['value_rel']:9.1e} {row['grad_rel']:9.1e}")
    if torch is not None and "triplet" in names:
        a, p, n = (torch.tensor(e) for e in x["emb"])
        default = F.triplet_margin_loss(a, p, n, margin=1.0, p=2, reduction="none").numpy()
        ours = lb.triplet(*x["emb"], reduction="none")
        print(f"\ntriplet vs PyTorch's default eps=1e-6 inside the norm: max per-row absolute difference "
              f"{np.max(np.abs(ours - default)):.1e} (documented: up to 2e-6*sqrt(features))")


if __name__ == "__main__":
    main()
