"""The course under a real JupyterHub with two learners: nothing lost, no one in where they don't belong.

benchmarks/hub/hubctl.py builds the hub environment (cached until its inputs change), creates two real system users
with passwords and starts JupyterHub on 127.0.0.1 (PAMAuthenticator, LocalProcessSpawner, the course copied in by the
spawner's pre_spawn_hook). Each learner then does over HTTP and the kernel websocket what JupyterLab does in a browser
(benchmarks/hub/learner.py): log in, start the server, open a lesson, run it, move its sliders, save.

Needs root (it creates users). Where the hub cannot run, the module skips, except with LOSSBOOK_REQUIRE_HUB=1
(.ci/run sets it), where it fails: CI never skips it.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks" / "hub"))

import hubctl  # noqa: E402
import learner as lrn  # noqa: E402

pytestmark = [pytest.mark.hub, pytest.mark.slow]

N_STEPS = 3


def _has_slider(path: Path) -> bool:
    nb = json.loads(path.read_text())
    state = nb.get("metadata", {}).get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    return any(m.get("model_name") in lrn.SLIDER_MODELS for m in state.get("state", {}).values())


def lesson_with_slider() -> str:
    """The first course notebook (sorted) whose saved widget state has a slider, as a path in a learner's home."""
    for nb in hubctl.course_notebooks():
        if _has_slider(REPO / "notebooks" / nb):
            return f"lossbook/{nb.as_posix()}"
    pytest.fail("no course notebook has a slider in its saved widget state")


@pytest.fixture(scope="module")
def hub():
    why = None
    if os.geteuid() != 0:
        why = "the hub test creates system users and must run as root"
    if why:
        if os.environ.get("LOSSBOOK_REQUIRE_HUB") == "1":
            pytest.fail(why)
        pytest.skip(why)
    with hubctl.Hub(2) as h:  # a failure to build the environment or start the hub fails here, never skips
        yield h


@pytest.fixture(scope="module")
def notebook() -> str:
    return lesson_with_slider()


@pytest.fixture(scope="module")
def learners(hub, notebook):
    """Both learners logged in, servers started, the lesson opened, run top to bottom; their kernels stay open."""
    from concurrent.futures import ThreadPoolExecutor

    def arrive(lr):
        c = lrn.LearnerClient(hub.url, lr.name, lr.password)
        c.login()
        c.spawn()
        nb, kid = c.open_notebook(notebook)
        k = c.connect(kid)
        c.run_all(k, nb)
        return c, nb, k

    with ThreadPoolExecutor(len(hub.learners)) as pool:  # the class arrives together
        out = list(pool.map(arrive, hub.learners))
    yield out
    for _, _, k in out:
        k.close()


def _kernel_process(uid: int, kernel_id: str):
    import psutil

    for p in psutil.process_iter(["uids", "cmdline"]):
        if p.info["uids"] and p.info["uids"].real == uid and any(kernel_id in a for a in p.info["cmdline"] or []):
            return p
    return None


def test_each_learner_runs_the_lesson_as_their_own_user(hub, learners):
    for (c, nb, k), lr in zip(learners, hub.learners):
        assert c.t.cell_errors == [], f"{c.name}: a cell failed: {c.t.cell_errors}"
        proc = _kernel_process(lr.uid, k.kernel_id)
        assert proc is not None, f"no kernel process of {c.name} runs as {c.name}"
        assert k.sliders(), f"{c.name}: running the lesson displayed no slider (no comm_open of a slider model)"


def test_other_learners_and_strangers_are_kept_out(hub, learners):
    (a, _, ka), (b, _, kb) = learners
    import requests
    import websocket

    # A control: A's own cookies reach A's kernels, so the refusals below are refusals, not a broken server.
    assert a.http.get(a.server + "/api/kernels", timeout=30).status_code == 200

    stranger = requests.Session()
    for who, session in (("another learner", b.http), ("no one", stranger)):
        r = session.get(a.server + "/api/kernels", allow_redirects=False, timeout=30)
        assert r.status_code == 403, f"{who} at {a.name}'s kernels API: HTTP {r.status_code}"
        r = session.get(a.server + "/api/contents/lossbook", allow_redirects=False, timeout=30)
        assert r.status_code == 403, f"{who} at {a.name}'s files API: HTTP {r.status_code}"
        # The JupyterLab page: the server sends the browser to the hub's OAuth, and the hub says no (or asks to log in).
        r = session.get(a.server + "/lab", timeout=30)
        at_login = r.url.startswith(hub.url + "/hub/login") and a.server not in r.url.split("?")[0]
        refused = r.status_code == 403 or at_login
        assert refused, f"{who} opening {a.name}'s JupyterLab ended at HTTP {r.status_code} {r.url}"
        # The kernel's websocket.
        cookie = "; ".join(f"{x.name}={x.value}" for x in session.cookies)
        url = a.ws_base + f"/api/kernels/{ka.kernel_id}/channels"
        with pytest.raises(websocket.WebSocketBadStatusException) as refused_ws:
            websocket.create_connection(url, header=[f"Cookie: {cookie}"] if cookie else [], timeout=30,
                                        origin=hub.url).close()
        assert refused_ws.value.status_code in (302, 403), f"{who} at {a.name}'s kernel websocket"

    # A wrong password does not log in (the hub answers the login form with 403 and sets no session).
    with pytest.raises(lrn.LearnerError, match="login refused"):
        lrn.LearnerClient(hub.url, a.name, "not-" + hub.learners[0].password).login()

    # B cannot stop A's server through the hub either (the hub hides users B may not see: 404, or 403).
    r = b.http.delete(hub.url + f"/hub/api/users/{a.name}/server",
                      headers={"X-XSRFToken": b._xsrf("/hub/") or ""}, timeout=30)
    assert r.status_code in (403, 404), f"{b.name} stopping {a.name}'s server: HTTP {r.status_code}"

    # Real users: B's code cannot read A's files (A's home is 0700, owned by A).
    reply, _ = kb.execute(f"import os\nos.listdir({str(hub.learners[0].home)!r})")
    assert reply["status"] == "error" and reply["ename"] == "PermissionError", reply


def test_saved_work_is_intact_and_survives_a_restart(hub, learners, notebook):
    import nbformat

    for (c, nb, k), lr in zip(learners, hub.learners):
        sliders = k.sliders()
        for sid in sliders[:1]:
            for v in lrn.slider_values(k.comms[sid]["state"], N_STEPS):
                got = k.step(sid, v)
                assert got["latency"] is not None, f"{c.name}: slider step to {v} brought no Image/HTML update"
        c.save(notebook, nb, f"edited by {c.name}")

    for c, nb, k in learners:
        k.close()
        c.stop_server()
    # Every learner's file on disk: valid nbformat, their edit present, owned by them.
    for (c, nb, k), lr in zip(learners, hub.learners):
        path = lr.home / notebook
        saved = nbformat.read(path, as_version=4)
        nbformat.validate(saved)
        assert saved.cells[-1].source == f"edited by {c.name}", f"{c.name}'s edit is not in {path}"
        assert len(saved.cells) == len(nb["cells"]) + 1
        assert path.stat().st_uid == lr.uid
    # A new start of the server (the hub runs the copy hook again) keeps the work.
    c = learners[0][0]
    c.spawn()
    r = c.api("GET", f"/contents/{notebook}?type=notebook&content=1")
    assert r.status_code == 200
    assert r.json()["content"]["cells"][-1]["source"] == f"edited by {c.name}"


def test_a_killed_kernel_comes_back_and_the_lesson_runs_again(hub, learners, notebook):
    c = learners[0][0]
    if not c.http.get(c.server + "/api/status", timeout=30).ok:
        c.spawn()
    nb, kid = c.open_notebook(notebook)
    k = c.connect(kid)
    c.t.cell_errors.clear()
    c.run_all(k, nb)
    assert c.t.cell_errors == []
    uid = hub.learners[0].uid
    victim = _kernel_process(uid, kid)
    assert victim is not None
    victim.send_signal(signal.SIGKILL)  # mid-lesson, as the out-of-memory killer would

    # The server notices (heartbeat), restarts the kernel by itself and says so on iopub: status "restarting" is what
    # JupyterLab shows as the "Kernel Restarting" dialog ("The kernel for ... appears to have died. It will restart
    # automatically.").
    deadline = time.monotonic() + 60
    while "restarting" not in k.statuses:
        k.recv(deadline)
    k.close()
    deadline = time.monotonic() + 60
    while True:
        r = c.api("GET", f"/kernels/{kid}")
        new = _kernel_process(uid, kid)
        back = r.status_code == 200 and r.json()["execution_state"] in ("idle", "starting")
        if back and new and new.pid != victim.pid:
            break
        assert time.monotonic() < deadline, "the killed kernel did not come back"
        time.sleep(0.5)

    # Same kernel id, new process, empty namespace: the lesson's names are gone until its cells run again.
    k = c.connect(kid)
    reply, _ = k.execute("lb")
    assert reply["status"] == "error" and reply["ename"] == "NameError"
    k.close()

    # "Restart Kernel and Run All Cells": a restart through the REST API, then every cell in order.
    r = c.api("POST", f"/kernels/{kid}/restart")
    assert r.status_code == 200, r.text
    k = c.connect(kid)
    c.run_all(k, nb)
    assert c.t.cell_errors == [], c.t.cell_errors
    sid = k.sliders()[0]
    got = k.step(sid, lrn.slider_values(k.comms[sid]["state"], 2)[0])
    assert got["latency"] is not None
    k.close()
