"""Time every loss and every gradient of lossbook against PyTorch on the CPU, at 10^2, 10^4 and 10^6 elements.

Run: ``python benchmarks/bench_losses.py [--repeats 7] [--sizes 2 4 6] [--only mse ctc ...]``. Not part of
``make test``: it prints numbers. PyTorch is not a dependency of lossbook; install it beside lossbook in an environment
of your own to run this. Without it the script says so, prints lossbook's own timings and exits 0.

The ratios (lossbook time / PyTorch time; above 1 means lossbook is slower) are information: lossbook is written to
be read, not to be fast, and at 10^2 elements both sides measure mostly their per-call overhead. One guard applies:
at 10^6 elements no loss and no gradient may take more than 5 times PyTorch's time (``--guard``). The last line says
PASS or FAIL and the exit status is 1 on FAIL.

Sizes. ``n`` elements of the prediction: element-wise losses (and dice/iou, with ``axis=1``) take a square
``sqrt(n) x sqrt(n)`` array; row-wise losses (categorical and sparse cross-entropies, multiclass hinge, KL, exact
cross-entropy, contrastive, triplet) take ``n / 10`` rows of 10 classes or features; ``ctc`` takes one sequence whose
logits have ``n`` elements, ``T = C = sqrt(n)`` frames and classes, with ``T / 4`` labels (the lattice then has about
``n / 2`` cells, so the work grows with ``n`` as for the other losses); ``info_nce`` and ``nt_xent`` take two
``sqrt(n) x sqrt(n)`` batches of embeddings (N = D = sqrt(n), so the N x N similarities have n entries too).

What is timed, with ``torch.set_num_threads(1)`` and one BLAS thread for NumPy:

- ``loss``: ``lb.<name>(...)`` against PyTorch's forward pass under ``torch.no_grad()``.
- ``grad``: ``lb.<name>_grad(...)`` alone against PyTorch's forward + backward: both start from the same inputs and
  end with the gradient (PyTorch's backward needs its forward graph; lossbook's ``_grad`` recomputes what it needs).

Each time is the median of ``--repeats`` runs (each run repeats the call until it lasts about 2 ms), measured as
the CPU time of this process (``time.process_time``: everything runs on one thread, and on a busy machine wall-clock
time would mostly measure the wait for a core). lossbook and PyTorch runs alternate, and a ratio is the median of the
ratios of runs taken side by side, so that it compares the two under the same cache and memory load. Where PyTorch has no such loss
(dice, iou, hinge, squared and multiclass hinge, focal, contrastive, the clamped categorical cross-entropies, the
exact cross-entropy) the reference is the textbook formula in PyTorch float64 ops (``formula`` in the table). The
columns ``value`` and ``grad`` give the relative difference of the results at 10^6 (the gradient's relative to its
largest entry), so that a fast reference that computes something else would show.
"""

from __future__ import annotations

import os

# One thread for NumPy's BLAS too (set before NumPy loads), to match torch.set_num_threads(1).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import math  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

import lossbook as lb  # noqa: E402

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    torch = None

GUARD = 5.0  # at most this many times PyTorch's time, at GUARD_SIZE elements
GUARD_SIZE = 10**6
MIN_RUN = 0.002  # seconds: one timed run repeats the call until it lasts about this long


# ---------------------------------------------------------------------------------------------------------------------
# Inputs: every case takes a random generator and a size n and returns (args, kwargs, number of prediction arguments)


def _square(n):
    side = math.isqrt(n)
    return (side, side)


def _rows(n):
    return (n // 10, 10)


def _binary(rng, shape):
    return (rng.random(shape) > 0.5).astype(np.float64)


def _softmax_rows(rng, shape):
    return lb.softmax(rng.normal(size=shape))


def _onehot(labels, classes):
    out = np.zeros((labels.size, classes))
    out[np.arange(labels.size), labels] = 1.0
    return out


def _ctc_inputs(rng, n):
    T = C = math.isqrt(n)
    labels = rng.integers(1, C, max(1, T // 4))
    return (labels, rng.normal(size=(T, C))), {"blank": 0}, 1


CASES = {
    "mse": lambda rng, n: ((rng.normal(size=_square(n)), rng.normal(size=_square(n))), {}, 1),
    "mae": lambda rng, n: ((rng.normal(size=_square(n)), rng.normal(size=_square(n))), {}, 1),
    "huber": lambda rng, n: ((rng.normal(size=_square(n)), 2 * rng.normal(size=_square(n))), {"delta": 1.0}, 1),
    "binary_cross_entropy": lambda rng, n: ((_binary(rng, _square(n)), rng.uniform(0.01, 0.99, _square(n))), {}, 1),
    "binary_cross_entropy_with_logits": lambda rng, n: ((_binary(rng, _square(n)), rng.normal(size=_square(n))), {}, 1),
    "categorical_cross_entropy": lambda rng, n: (
        (_onehot(rng.integers(0, 10, n // 10), 10), _softmax_rows(rng, _rows(n))), {}, 1),
    "categorical_cross_entropy_with_logits": lambda rng, n: (
        (_onehot(rng.integers(0, 10, n // 10), 10), rng.normal(size=_rows(n))), {"label_smoothing": 0.1}, 1),
    "sparse_categorical_cross_entropy": lambda rng, n: ((rng.integers(0, 10, n // 10), _softmax_rows(rng, _rows(n))), {}, 1),
    "sparse_categorical_cross_entropy_with_logits": lambda rng, n: (
        (rng.integers(0, 10, n // 10), rng.normal(size=_rows(n))), {"label_smoothing": 0.1}, 1),
    "hinge": lambda rng, n: ((2 * _binary(rng, _square(n)) - 1, rng.normal(size=_square(n))), {}, 1),
    "squared_hinge": lambda rng, n: ((2 * _binary(rng, _square(n)) - 1, rng.normal(size=_square(n))), {}, 1),
    "multiclass_hinge": lambda rng, n: ((rng.integers(0, 10, n // 10), rng.normal(size=_rows(n))), {}, 1),
    "focal": lambda rng, n: ((_binary(rng, _square(n)), rng.uniform(0.01, 0.99, _square(n))), {"alpha": 0.25, "gamma": 2.0}, 1),
    "focal_with_logits": lambda rng, n: (
        (_binary(rng, _square(n)), rng.normal(size=_square(n))), {"alpha": 0.25, "gamma": 2.0}, 1),
    "dice": lambda rng, n: ((_binary(rng, _square(n)), rng.uniform(0.01, 0.99, _square(n))), {"axis": 1}, 1),
    "iou": lambda rng, n: ((_binary(rng, _square(n)), rng.uniform(0.01, 0.99, _square(n))), {"axis": 1}, 1),
    "contrastive": lambda rng, n: (
        (_binary(rng, n // 10), rng.normal(size=_rows(n)), rng.normal(size=_rows(n))), {"margin": 1.0}, 2),
    "triplet": lambda rng, n: (tuple(rng.normal(size=_rows(n)) for _ in range(3)), {"margin": 1.0}, 3),
    "kl_divergence": lambda rng, n: ((_softmax_rows(rng, _rows(n)), _softmax_rows(rng, _rows(n))), {}, 1),
    "cross_entropy": lambda rng, n: ((_softmax_rows(rng, _rows(n)), _softmax_rows(rng, _rows(n))), {}, 1),
    "ctc": _ctc_inputs,
    "gaussian_nll": lambda rng, n: ((rng.normal(size=_square(n)), rng.normal(size=_square(n))), {"sigma": 0.5}, 1),
    "laplace_nll": lambda rng, n: ((rng.normal(size=_square(n)), rng.normal(size=_square(n))), {"scale": 0.5}, 1),
    "l2_penalty": lambda rng, n: ((rng.normal(size=_square(n)),), {"strength": 0.01}, 1),
    "perplexity": lambda rng, n: ((rng.integers(0, 10, n // 10), _softmax_rows(rng, _rows(n))), {}, 1),
    "perplexity_with_logits": lambda rng, n: ((rng.integers(0, 10, n // 10), rng.normal(size=_rows(n))), {}, 1),
    # N = D = sqrt(n): each input has n elements, and so has the N x N matrix of similarities
    "info_nce": lambda rng, n: (tuple(rng.normal(size=_square(n)) for _ in range(2)), {"temperature": 0.1}, 2),
    "nt_xent": lambda rng, n: (tuple(rng.normal(size=_square(n)) for _ in range(2)), {"temperature": 0.1}, 2),
    "brier_score": lambda rng, n: ((_binary(rng, _square(n)), rng.uniform(0.01, 0.99, _square(n))), {}, 1),
}


def describe(name, n):
    if name == "ctc":
        T = math.isqrt(n)
        return f"T=C={T}, {max(1, T // 4)} labels"
    if name in ("categorical_cross_entropy", "categorical_cross_entropy_with_logits", "sparse_categorical_cross_entropy",
                "sparse_categorical_cross_entropy_with_logits", "multiclass_hinge", "contrastive", "triplet",
                "kl_divergence", "cross_entropy", "perplexity", "perplexity_with_logits"):
        return f"{n // 10}x10"
    side = math.isqrt(n)
    return f"{side}x{side}"


# ---------------------------------------------------------------------------------------------------------------------
# PyTorch references: each takes the lossbook arguments as tensors (predictions last) and returns a scalar tensor.


def torch_refs():
    t = torch

    def clamp_log(x):
        return t.clamp(t.log(x), min=-100.0)

    def focal(y, p, alpha=0.25, gamma=2.0):
        ce = F.binary_cross_entropy(p, y, reduction="none")
        p_t = p * y + (1 - p) * (1 - y)
        return ((alpha * y + (1 - alpha) * (1 - y)) * (1 - p_t) ** gamma * ce).mean()

    def focal_logits(y, z, alpha=0.25, gamma=2.0):
        p = t.sigmoid(z)
        ce = F.binary_cross_entropy_with_logits(z, y, reduction="none")
        p_t = p * y + (1 - p) * (1 - y)
        return ((alpha * y + (1 - alpha) * (1 - y)) * (1 - p_t) ** gamma * ce).mean()

    def overlap(kind):
        def ref(y, p):
            i = (p * y).sum(dim=1)
            s = p.sum(dim=1) + y.sum(dim=1)
            if kind == "dice":
                return (1 - (2 * i + 1.0) / (s + 1.0)).mean()
            return (1 - (i + 1.0) / (s - i + 1.0)).mean()
        return ref

    def multiclass_hinge(labels, s):
        s_y = s.gather(1, labels[:, None])[:, 0]
        others = s.scatter(1, labels[:, None], float("-inf"))
        return t.clamp(1 + others.max(dim=1).values - s_y, min=0).mean()

    def contrastive(same, x1, x2, margin=1.0):
        d = t.linalg.vector_norm(x1 - x2, dim=-1)
        return (same * 0.5 * d**2 + (1 - same) * 0.5 * t.clamp(margin - d, min=0) ** 2).mean()

    def ctc(labels, logits):
        log_probs = t.log_softmax(logits, dim=-1)[:, None, :]
        return F.ctc_loss(log_probs, labels[None, :], [logits.shape[0]], [labels.shape[0]], blank=0, reduction="sum")

    def info_nce(a, p, temperature=0.1):
        logits = F.normalize(a, dim=1) @ F.normalize(p, dim=1).T / temperature
        return F.cross_entropy(logits, t.arange(a.shape[0]))

    def nt_xent(z1, z2, temperature=0.1):
        n = z1.shape[0]
        z = F.normalize(t.cat([z1, z2]), dim=1)
        logits = (z @ z.T / temperature).masked_fill(t.eye(2 * n, dtype=t.bool), float("-inf"))
        return F.cross_entropy(logits, t.cat([t.arange(n, 2 * n), t.arange(n)]))

    return {
        "mse": ("torch", lambda y, p: F.mse_loss(p, y)),
        "mae": ("torch", lambda y, p: F.l1_loss(p, y)),
        "huber": ("torch", lambda y, p: F.huber_loss(p, y, delta=1.0)),
        "binary_cross_entropy": ("torch", lambda y, p: F.binary_cross_entropy(p, y)),
        "binary_cross_entropy_with_logits": ("torch", lambda y, z: F.binary_cross_entropy_with_logits(z, y)),
        "categorical_cross_entropy": ("formula", lambda y, p: -(y * clamp_log(p)).sum(dim=-1).mean()),
        "categorical_cross_entropy_with_logits": ("torch", lambda y, z: F.cross_entropy(z, y, label_smoothing=0.1)),
        "sparse_categorical_cross_entropy": ("formula", lambda lab, p: -clamp_log(p.gather(1, lab[:, None])).mean()),
        "sparse_categorical_cross_entropy_with_logits": (
            "torch", lambda lab, z: F.cross_entropy(z, lab, label_smoothing=0.1)),
        "hinge": ("formula", lambda y, s: t.clamp(1 - y * s, min=0).mean()),
        "squared_hinge": ("formula", lambda y, s: (t.clamp(1 - y * s, min=0) ** 2).mean()),
        "multiclass_hinge": ("formula", multiclass_hinge),
        "focal": ("formula", focal),
        "focal_with_logits": ("formula", focal_logits),
        "dice": ("formula", overlap("dice")),
        "iou": ("formula", overlap("iou")),
        "contrastive": ("formula", contrastive),
        # eps=0: PyTorch's default eps=1e-6 is added inside the norm and moves the values by about 1e-6
        "triplet": ("torch", lambda a, p, n: F.triplet_margin_loss(a, p, n, margin=1.0, p=2, eps=0.0)),
        "kl_divergence": ("torch", lambda p, q: F.kl_div(t.log(q), p, reduction="batchmean")),
        "cross_entropy": ("formula", lambda p, q: -(p * t.log(q)).sum(dim=-1).mean()),
        "ctc": ("torch", ctc),
        # full=True keeps the constant 0.5*ln(2*pi) that GaussianNLLLoss leaves out by default; var = sigma**2
        "gaussian_nll": ("torch", lambda y, p: F.gaussian_nll_loss(p, y, t.full_like(p, 0.25), full=True)),
        "laplace_nll": ("torch", lambda y, p: -t.distributions.Laplace(p, 0.5).log_prob(y).mean()),
        "l2_penalty": ("formula", lambda w: 0.01 * (w**2).sum()),  # strength 0.01, as in CASES
        "perplexity": ("torch", lambda y, p: t.exp(F.nll_loss(t.log(p), y))),
        "perplexity_with_logits": ("torch", lambda y, z: t.exp(F.cross_entropy(z, y))),
        "info_nce": ("formula", info_nce),
        "nt_xent": ("formula", nt_xent),
        "brier_score": ("torch", lambda y, p: F.mse_loss(p, y)),  # the Brier score is the MSE of probabilities
    }


# ---------------------------------------------------------------------------------------------------------------------
# Timing


def per_call(f, number):
    # CPU time of this process, not wall-clock time: both sides run on this one thread, and on a busy shared machine
    # the time spent waiting for a core would otherwise swamp the difference between them.
    start = time.process_time()
    for _ in range(number):
        f()
    return (time.process_time() - start) / number


def calls_per_run(f):
    """How many calls make one timed run of about MIN_RUN seconds (after a warm-up call)."""
    once = per_call(f, 1)
    return max(1, min(10_000, int(MIN_RUN / max(once, 1e-9))))


def to_torch(a, grad=False):
    a = np.asarray(a)
    if a.dtype.kind in "iu":
        return torch.from_numpy(a.astype(np.int64))
    return torch.tensor(a, dtype=torch.float64, requires_grad=grad)


def rel(a, b):
    a, b = float(a), float(b)
    return abs(a - b) / abs(b) if b != 0 else abs(a - b)


def grad_rel(ours, theirs):
    return float(np.max(np.abs(ours - theirs))) / max(float(np.max(np.abs(theirs))), 1e-300)


def bench(name, n, repeats, ref, seed=0):
    """Median seconds per call: lossbook loss and gradient, and (with ref) PyTorch's forward and forward + backward."""
    args, kwargs, n_pred = CASES[name](np.random.default_rng(seed), n)
    loss, grad = getattr(lb, name), getattr(lb, f"{name}_grad")
    runs = {"lb loss": lambda: loss(*args, **kwargs), "lb grad": lambda: grad(*args, **kwargs)}
    row = {}
    if ref is not None:
        k = len(args) - n_pred
        plain = [to_torch(a) for a in args]
        leaves = [to_torch(a) for a in args[:k]] + [to_torch(a, grad=True) for a in args[k:]]

        def forward():
            with torch.no_grad():
                return ref[1](*plain)

        def forward_backward():
            for leaf in leaves[k:]:
                leaf.grad = None
            ref[1](*leaves).backward()

        runs["torch loss"], runs["torch grad"] = forward, forward_backward
        ours_value, ours_grad = loss(*args, **kwargs), grad(*args, **kwargs)
        forward_backward()
        ours_grad = ours_grad if n_pred > 1 else (ours_grad,)
        row["value rel"] = rel(ours_value, forward().item())
        row["grad rel"] = max(grad_rel(o, leaf.grad.numpy()) for o, leaf in zip(ours_grad, leaves[k:]))
    number = {key: calls_per_run(f) for key, f in runs.items()}
    times = {key: [] for key in runs}
    for _ in range(repeats):  # alternate, so both sides see the same machine load
        for key, f in runs.items():
            times[key].append(per_call(f, number[key]))
    row.update({key: statistics.median(ts) for key, ts in times.items()})
    if ref is not None:
        # the median of the ratios of runs taken side by side: each pair saw the same load, which drifts over a run
        for part in ("loss", "grad"):
            row[f"ratio {part}"] = statistics.median(a / b for a, b in zip(times[f"lb {part}"], times[f"torch {part}"]))
    return row


def blas_note():
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "threadpoolctl not installed: BLAS kernel not shown"
    pools = [f"{p.get('internal_api')} {p.get('version')} ({p.get('architecture')}, {p.get('num_threads')} thread)"
             for p in threadpool_info() if p.get("user_api") == "blas"]
    return "BLAS: " + (", ".join(pools) or "none loaded")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="timed runs per measurement (median)")
    parser.add_argument("--sizes", type=int, nargs="*", default=[2, 4, 6], help="exponents: 10**k elements")
    parser.add_argument("--only", nargs="*", help="benchmark only these losses")
    parser.add_argument("--guard", type=float, default=GUARD, help="largest ratio allowed at 10^6 elements")
    opts = parser.parse_args()
    sizes = [10**k for k in opts.sizes]
    names = [n for n in lb.__all__ if hasattr(lb, f"{n}_grad")]
    missing = [n for n in names if n not in CASES]
    names = [n for n in names if n in CASES and (not opts.only or n in opts.only)]

    print(f"lossbook {lb.__version__}, NumPy {np.__version__}, float64; {blas_note()}")
    for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        if var in os.environ:
            print(f"note: {var}={os.environ[var]} is set; it can select a slower OpenBLAS kernel than this CPU has")
    if torch is None:
        print("PyTorch is not installed in this environment, so there is nothing to compare against and the 5x guard "
              "is not checked.\nInstall torch beside lossbook in an environment of your own (it is not a dependency "
              "of lossbook) to get the ratios. lossbook's own medians:\n")
        print(f"{'loss':46} {'size':>8} {'loss ms':>9} {'grad ms':>9}")
        for name in names:
            for n in sizes:
                row = bench(name, n, opts.repeats, None)
                print(f"{name:46} {n:>8.0e} {1e3 * row['lb loss']:9.3f} {1e3 * row['lb grad']:9.3f}")
        return 0

    torch.set_num_threads(1)
    refs = torch_refs()
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} thread; median of {opts.repeats} runs; "
          "CPU time; ratio = lossbook / PyTorch (> 1: lossbook slower); grad = lb *_grad vs torch forward + backward\n")
    results = {}
    for name in names:
        for n in sizes:
            results[name, n] = bench(name, n, opts.repeats, refs[name])

    head = "".join(f"{f'10^{round(math.log10(n))} loss':>12}{'grad':>7}" for n in sizes)
    print(f"{'ratio lossbook / PyTorch':46} {'ref':8}{head}")
    print("-" * (55 + 19 * len(sizes)))
    for name in names:
        cells = "".join(f"{results[name, n]['ratio loss']:12.2f}{results[name, n]['ratio grad']:7.2f}" for n in sizes)
        print(f"{name:46} {refs[name][0]:8}{cells}")

    failures = []
    if GUARD_SIZE in sizes:
        print(f"\nat 10^6 elements (ms per call, medians):")
        print(f"{'loss':46} {'shape':>18} {'lb':>8} {'torch':>8} {'ratio':>6}   {'lb grad':>8} {'torch f+b':>9} "
              f"{'ratio':>6}   {'value':>7} {'grad':>7}")
        for name in names:
            r = results[name, GUARD_SIZE]
            print(f"{name:46} {describe(name, GUARD_SIZE):>18} {1e3 * r['lb loss']:8.2f} {1e3 * r['torch loss']:8.2f} "
                  f"{r['ratio loss']:6.2f}   {1e3 * r['lb grad']:8.2f} {1e3 * r['torch grad']:9.2f} "
                  f"{r['ratio grad']:6.2f}   {r['value rel']:7.0e} {r['grad rel']:7.0e}")
            failures += [f"{name} {part} {r[f'ratio {part}']:.2f}x" for part in ("loss", "grad")
                         if r[f"ratio {part}"] > opts.guard]
    for name in missing:
        failures.append(f"{name}: no benchmark case (add one to CASES)")
    print()
    if GUARD_SIZE not in sizes:
        print(f"guard not checked: it applies at 10^6 elements (--sizes 6)")
        return 0
    if failures:
        print(f"FAIL: beyond {opts.guard:g}x PyTorch at 10^6 elements: " + "; ".join(failures))
        return 1
    worst = max((results[name, GUARD_SIZE][f"ratio {part}"], f"{name} {part}") for name in names for part in ("loss", "grad"))
    print(f"PASS: every loss and gradient within {opts.guard:g}x PyTorch at 10^6 elements (worst: {worst[1]}, {worst[0]:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
