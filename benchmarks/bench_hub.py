"""A class on one server: N learners at once under a real JupyterHub, on this machine, loopback only.

For each class size N (default 1, 5, 10, 20) the learners start together. Each one, in its own thread, does what a
learner does in JupyterLab (benchmarks/hub/learner.py): logs in with its password, starts its server, opens the
lesson, runs every cell, moves the lesson's sliders a fixed number of steps (one step, then a pause, as a hand drags
and looks) and saves the notebook with an edit. Then it stops its server. Everything is bounded: a fixed number of
steps, a timeout on every wait, and a deadline per round.

Reported per N:
* memory per learner: the RSS (and PSS, which splits shared pages fairly) of the learner's server plus its kernel,
  summed over that learner's processes (psutil), measured after its steps while its kernel is still running;
* slider-step latency, median and p95: from sending the slider's ``update`` comm message to receiving the kernel's
  resulting Image (else HTML) update, also broken down by how many learners were stepping at that moment;
* the hub's own response times: login, spawn (ask to ready), first JupyterLab page (OAuth through the hub), REST calls
  to the hub and to the learner's server (contents, sessions, save).

Usage: python benchmarks/bench_hub.py [--learners 1,5,10,20] [--steps 20] [--think 0.25] [--notebook PATH]
Needs root (the hub creates one system user per learner and deletes them afterwards). Writes a JSON record to
benchmarks/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "hub"))

import hubctl  # noqa: E402
import learner as lrn  # noqa: E402

TARGET_MS = 100.0


def pct(values, q):
    vals = sorted(values)
    if not vals:
        return float("nan")
    k = (len(vals) - 1) * q / 100
    lo = int(k)
    hi = min(lo + 1, len(vals) - 1)
    return vals[lo] + (vals[hi] - vals[lo]) * (k - lo)


def med(values):
    return statistics.median(values) if values else float("nan")


def lesson_with_slider() -> str:
    for nb in hubctl.course_notebooks():
        data = json.loads((hubctl.REPO / "notebooks" / nb).read_text())
        state = data.get("metadata", {}).get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
        if any(m.get("model_name") in lrn.SLIDER_MODELS for m in state.get("state", {}).values()):
            return nb.as_posix()
    raise SystemExit("no notebook with a slider found under notebooks/")


def memory_of(uid: int) -> dict:
    """RSS and PSS (MB) of every process of the learner: its single-user server and its kernels."""
    import psutil

    out = {"rss": 0.0, "pss": 0.0, "server_rss": 0.0, "kernel_rss": 0.0, "processes": 0}
    for p in psutil.process_iter(["uids", "cmdline"]):
        if not p.info["uids"] or p.info["uids"].real != uid:
            continue
        try:
            full = p.memory_full_info()
        except psutil.Error:
            continue
        rss, pss = full.rss / 2**20, getattr(full, "pss", full.rss) / 2**20
        out["rss"] += rss
        out["pss"] += pss
        out["processes"] += 1
        cmd = " ".join(p.info["cmdline"] or [])
        out["kernel_rss" if "ipykernel" in cmd else "server_rss"] += rss
    return out


class Round:
    """One class size: N learner threads and the shared count of learners stepping at each moment."""

    def __init__(self, hub, n, notebook, steps, think, deadline_s, round_no):
        self.hub, self.n, self.notebook, self.steps, self.think = hub, n, notebook, steps, think
        self.deadline_s = deadline_s
        self.round_no = round_no
        self.lock = threading.Lock()
        self.stepping = 0
        self.running = 0
        self.results = []
        self.errors = []
        self.barrier = threading.Barrier(n)

    def learner(self, account):
        c = lrn.LearnerClient(self.hub.url, account.name, account.password, timeout=120)
        rec = {"name": account.name}
        k = None
        try:
            self.barrier.wait(timeout=60)
            end = time.monotonic() + self.deadline_s
            c.login()
            c.spawn(timeout=max(10.0, end - time.monotonic()))
            path = f"lossbook/{self.notebook}"
            nb, kid = c.open_notebook(path)
            k = c.connect(kid)
            with self.lock:
                self.running += 1
            try:
                c.run_all(k, nb, timeout=max(10.0, end - time.monotonic()))
            finally:
                with self.lock:
                    self.running -= 1
            if c.t.cell_errors:
                raise lrn.LearnerError(f"{c.name}: cell failed: {c.t.cell_errors}")
            sliders = k.sliders()
            if not sliders:
                raise lrn.LearnerError(f"{c.name}: the lesson displayed no slider")
            plan = []
            per = -(-self.steps // len(sliders))
            for sid in sliders:
                plan += [(sid, v) for v in lrn.slider_values(k.comms[sid]["state"], per)]
            with self.lock:
                self.stepping += 1
            try:
                for sid, v in plan[: self.steps]:
                    if time.monotonic() > end:
                        raise lrn.LearnerError(f"{c.name}: round deadline reached while stepping")
                    with self.lock:
                        active, running = self.stepping, self.running
                    got = k.step(sid, v, timeout=max(5.0, end - time.monotonic()))
                    got.update(active=active, running=running, model=k.comms[sid]["model"])
                    c.t.steps.append(got)
                    time.sleep(self.think)
            finally:
                with self.lock:
                    self.stepping -= 1
            rec["memory"] = memory_of(account.uid)
            marker = f"edited by {c.name} in round {self.round_no}"
            c.save(path, nb, marker)
            r = c.api("GET", f"/contents/{path}?type=notebook&content=1", "GET contents (check)")
            rec["saved_ok"] = r.status_code == 200 and r.json()["content"]["cells"][-1]["source"] == marker
            k.close()
            k = None
            c.stop_server(timeout=max(10.0, end - time.monotonic()))
        except Exception as e:  # recorded and reported; the round goes on
            with self.lock:
                self.errors.append(f"{account.name}: {e!r}\n{traceback.format_exc(limit=3)}")
        finally:
            if k is not None:
                k.close()
        rec["t"] = c.t
        with self.lock:
            self.results.append(rec)

    def run(self):
        threads = [threading.Thread(target=self.learner, args=(a,), daemon=True) for a in self.hub.learners[: self.n]]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join(self.deadline_s + 120)
        self.wall = time.perf_counter() - t0
        return self


def hub_memory(hub) -> float:
    import psutil

    try:
        p = psutil.Process(hub.proc.pid)
        procs = [p, *p.children(recursive=True)]
        return sum(x.memory_info().rss for x in procs) / 2**20
    except psutil.Error:
        return float("nan")


def summarize(rnd: Round, hub_rss: float) -> dict:
    steps = [s for r in rnd.results for s in r["t"].steps if s["latency"] is not None]
    lat = [s["latency"] * 1e3 for s in steps]
    by_active = {}
    for s in steps:
        by_active.setdefault(s["active"], []).append(s["latency"] * 1e3)
    mem = [r["memory"] for r in rnd.results if "memory" in r]
    api = {}
    for r in rnd.results:
        for what, sec in r["t"].api + r["t"].hub_api:
            api.setdefault(what, []).append(sec * 1e3)
    ts = [r["t"] for r in rnd.results]
    login = [t.login * 1e3 for t in ts if t.login]
    spawn = [t.spawn for t in ts if t.spawn]
    run_all = [t.run_all for t in ts if t.run_all]
    return {
        "learners": rnd.n,
        "wall_s": rnd.wall,
        "errors": rnd.errors,
        "saved_ok": sum(1 for r in rnd.results if r.get("saved_ok")),
        "steps": len(steps),
        "missing_updates": sum(1 for r in rnd.results for s in r["t"].steps if s["latency"] is None),
        "step_ms": {"median": med(lat), "p95": pct(lat, 95), "max": max(lat) if lat else float("nan")},
        "step_ms_by_active": {a: {"n": len(v), "median": med(v), "p95": pct(v, 95)}
                              for a, v in sorted(by_active.items())},
        "memory_mb": {
            "rss_median": med([m["rss"] for m in mem]), "rss_max": max([m["rss"] for m in mem], default=float("nan")),
            "pss_median": med([m["pss"] for m in mem]),
            "server_rss_median": med([m["server_rss"] for m in mem]),
            "kernel_rss_median": med([m["kernel_rss"] for m in mem]),
        },
        "hub_and_proxy_rss_mb": hub_rss,
        "login_ms": {"median": med(login), "p95": pct(login, 95)},
        "spawn_s": {"median": med(spawn), "max": max(spawn, default=float("nan"))},
        "first_page_ms": {"median": med([t.first_page * 1e3 for t in ts if t.first_page])},
        "run_all_s": {"median": med(run_all), "max": max(run_all, default=float("nan"))},
        "api_ms": {k: {"n": len(v), "median": med(v), "p95": pct(v, 95)} for k, v in sorted(api.items())},
    }


def report(s: dict) -> None:
    m = s["memory_mb"]
    print(f"\n== {s['learners']} learner(s) at once: {s['wall_s']:.0f} s, {s['saved_ok']}/{s['learners']} "
          f"notebooks saved and read back intact, {len(s['errors'])} error(s)")
    for e in s["errors"]:
        print("   ERROR", e.strip().splitlines()[0])
    print(f"   memory per learner (server + kernel): RSS median {m['rss_median']:.0f} MB (max {m['rss_max']:.0f}; "
          f"server {m['server_rss_median']:.0f} + kernel {m['kernel_rss_median']:.0f}), "
          f"PSS median {m['pss_median']:.0f} MB; hub + proxy RSS {s['hub_and_proxy_rss_mb']:.0f} MB")
    st = s["step_ms"]
    print(f"   slider step -> Image/HTML update: median {st['median']:.0f} ms, p95 {st['p95']:.0f} ms, "
          f"max {st['max']:.0f} ms over {s['steps']} steps ({s['missing_updates']} without an update)")
    for a, v in s["step_ms_by_active"].items():
        print(f"      {a:>3} stepping at once: n={v['n']:<4} median {v['median']:6.0f} ms  p95 {v['p95']:6.0f} ms")
    print(f"   hub: login median {s['login_ms']['median']:.0f} ms (p95 {s['login_ms']['p95']:.0f}), spawn median "
          f"{s['spawn_s']['median']:.1f} s (max {s['spawn_s']['max']:.1f}), first JupyterLab page median "
          f"{s['first_page_ms']['median']:.0f} ms; run all cells median {s['run_all_s']['median']:.1f} s "
          f"(max {s['run_all_s']['max']:.1f})")
    for k, v in s["api_ms"].items():
        print(f"      {k:<32} n={v['n']:<5} median {v['median']:7.0f} ms  p95 {v['p95']:7.0f} ms")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--learners", default="1,5,10,20", help="class sizes, comma-separated (default 1,5,10,20)")
    ap.add_argument("--steps", type=int, default=20, help="slider steps per learner (default 20)")
    ap.add_argument("--think", type=float, default=0.25, help="pause after each step, seconds (default 0.25)")
    ap.add_argument("--notebook", default=None, help="lesson, relative to notebooks/ (default: first with a slider)")
    ap.add_argument("--round-timeout", type=float, default=900, help="deadline per round, seconds (default 900)")
    args = ap.parse_args(argv)
    sizes = [int(x) for x in args.learners.split(",")]
    notebook = args.notebook or lesson_with_slider()
    cores = os.cpu_count() or 1
    print(f"JupyterHub load test: class sizes {sizes}, lesson {notebook}, {args.steps} slider steps per learner, "
          f"{args.think:g} s pause after each; {cores} cores. Load average before: {os.getloadavg()[0]:.1f}")
    summaries = []
    with hubctl.Hub(max(sizes)) as hub:
        diffs = hubctl.freeze_differences(hub.env_dir)
        if diffs:
            print("hub environment differs from requirements.txt: " + ", ".join(diffs))
        for i, n in enumerate(sizes, 1):
            load0 = os.getloadavg()[0]
            rnd = Round(hub, n, notebook, args.steps, args.think, args.round_timeout, i).run()
            s = summarize(rnd, hub_memory(hub))
            s["load_before"] = load0
            summaries.append(s)
            report(s)
            hub.stop_servers()
    ok = [s for s in summaries if not s["errors"] and s["step_ms"]["median"] < TARGET_MS]
    best = max((s["learners"] for s in ok), default=0)
    print(f"\nlargest class whose slider steps stay under {TARGET_MS:.0f} ms at the median: {best} learner(s) "
          f"on {cores} cores = {best / cores:.1f} learners per core (load average after: {os.getloadavg()[0]:.1f})")
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    path = out / f"hub-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps({"notebook": notebook, "steps": args.steps, "think_s": args.think, "cores": cores,
                                "rounds": summaries}, indent=1, default=str))
    print(f"record: {path.relative_to(HERE.parent)}")
    return 1 if any(s["errors"] for s in summaries) else 0


if __name__ == "__main__":
    sys.exit(main())
