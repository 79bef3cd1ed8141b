"""A simulated learner: what a browser does in JupyterLab under JupyterHub, over HTTP and the kernel websocket.

``LearnerClient`` logs in with a password (the hub's login form), starts its server (the hub's spawn page), opens a
notebook the way JupyterLab does (GET the contents, POST a session, which starts a kernel), connects to the kernel's
channels websocket (jupyter_server's ``/api/kernels/<id>/channels``), runs the code cells one by one
(``execute_request``), moves sliders by sending the same ipywidgets ``comm_msg`` the front end sends
(``{"method": "update", "state": {"value": v}}``) and waits for the kernel's resulting Image/HTML ``update``, then
saves the notebook through the contents API. Every wait is bounded by a timeout; every address is the hub's
(loopback). Used by benchmarks/bench_hub.py and tests/test_hub.py; needs requests and websocket-client.
"""

from __future__ import annotations

import copy
import json
import struct
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import quote

import requests
import websocket

SLIDER_MODELS = ("FloatSliderModel", "IntSliderModel")
OUTPUT_MODELS = ("ImageModel", "HTMLModel")


class LearnerError(RuntimeError):
    pass


def decode_ws(frame) -> dict:
    """A kernel message from a websocket frame: JSON text, or jupyter_server's binary framing (JSON + buffers)."""
    if isinstance(frame, str):
        return json.loads(frame)
    nbufs = struct.unpack("!I", frame[:4])[0]
    offsets = list(struct.unpack("!" + "I" * nbufs, frame[4 : 4 * (nbufs + 1)]))
    end = offsets[1] if nbufs > 1 else len(frame)
    msg = json.loads(frame[offsets[0]:end].decode("utf8"))
    msg["buffers"] = [frame[a:b] for a, b in zip(offsets[1:], offsets[2:] + [len(frame)])]
    return msg


@dataclass
class Timings:
    """Seconds, per kind of request; filled in as the learner goes."""

    login: float = 0.0
    spawn: float = 0.0  # from asking for the server to the hub reporting it ready
    first_page: float = 0.0  # the JupyterLab page, including the OAuth round trip through the hub
    api: list = field(default_factory=list)  # (what, seconds) for each REST call to the learner's server
    hub_api: list = field(default_factory=list)  # (what, seconds) for each REST call to the hub
    run_all: float = 0.0
    cell_errors: list = field(default_factory=list)
    steps: list = field(default_factory=list)  # dicts: latency (s) to the Image/HTML update, active learners, ...


class Kernel:
    """One kernel's channels websocket, as JupyterLab opens it."""

    def __init__(self, client: LearnerClient, kernel_id: str, *, cookies: bool = True, timeout: float = 30):
        self.client = client
        self.kernel_id = kernel_id
        self.session = uuid.uuid4().hex
        url = client.ws_base + f"/api/kernels/{kernel_id}/channels?session_id={self.session}"
        header = []
        if cookies:
            header.append("Cookie: " + "; ".join(f"{c.name}={c.value}" for c in client.http.cookies))
        self.ws = websocket.create_connection(url, header=header, timeout=timeout,
                                              origin=client.hub_url)
        self.comms: dict[str, dict] = {}  # comm_id -> {"model": name, "state": {...}}
        self.statuses: list[str] = []  # every execution_state seen on iopub, in order

    def close(self):
        try:
            self.ws.close()
        except Exception:
            pass

    def _msg(self, msg_type: str, content: dict, channel: str = "shell") -> dict:
        return {
            "header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": self.client.name,
                       "session": self.session, "date": "", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "content": content, "channel": channel, "buffers": [],
        }

    def send(self, msg: dict) -> float:
        t = time.perf_counter()
        self.ws.send(json.dumps(msg))
        return t

    def recv(self, deadline: float) -> dict:
        left = deadline - time.monotonic()
        if left <= 0:
            raise LearnerError(f"{self.client.name}: no answer from the kernel in time")
        self.ws.settimeout(left)
        try:
            msg = decode_ws(self.ws.recv())
        except websocket.WebSocketTimeoutException as e:
            raise LearnerError(f"{self.client.name}: no answer from the kernel in time") from e
        self._track(msg)
        return msg

    def _track(self, msg: dict) -> None:
        kind = msg.get("msg_type") or msg["header"]["msg_type"]
        c = msg.get("content", {})
        if kind == "status":
            self.statuses.append(c.get("execution_state"))
        elif kind == "comm_open" and c.get("target_name") == "jupyter.widget":
            state = c.get("data", {}).get("state", {})
            self.comms[c["comm_id"]] = {"model": state.get("_model_name"), "state": dict(state)}
        elif kind == "comm_msg" and c.get("comm_id") in self.comms:
            data = c.get("data", {})
            if data.get("method") in ("update", "echo_update"):
                self.comms[c["comm_id"]]["state"].update(data.get("state", {}))

    def wait_idle(self, msg_id: str, deadline: float, on_msg=None) -> list[dict]:
        """Messages until the kernel reports idle for ``msg_id`` (and its reply, if any, arrived)."""
        got = []
        idle = False
        while not idle:
            msg = self.recv(deadline)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            got.append(msg)
            if on_msg:
                on_msg(msg)
            kind = msg["header"]["msg_type"]
            if kind == "status" and msg["content"].get("execution_state") == "idle":
                idle = True
        return got

    def execute(self, code: str, timeout: float = 120) -> tuple[dict, list[dict]]:
        """Run ``code``; returns (execute_reply content, every message it caused). Errors are returned, not raised."""
        msg = self._msg("execute_request", {"code": code, "silent": False, "store_history": True,
                                            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        self.send(msg)
        deadline = time.monotonic() + timeout
        reply = None
        got = self.wait_idle(msg["header"]["msg_id"], deadline)
        while reply is None:
            reply = next((m["content"] for m in got if m["header"]["msg_type"] == "execute_reply"), None)
            if reply is None:
                m = self.recv(deadline)
                if m.get("parent_header", {}).get("msg_id") == msg["header"]["msg_id"]:
                    got.append(m)
        return reply, got

    def sliders(self) -> list[str]:
        return [cid for cid, c in self.comms.items() if c["model"] in SLIDER_MODELS and not c["state"].get("disabled")]

    def step(self, comm_id: str, value, timeout: float = 60) -> dict:
        """Set a slider like the front end does; time until the kernel's Image (else HTML) update, and until idle."""
        msg = self._msg("comm_msg", {"comm_id": comm_id, "data": {"method": "update", "state": {"value": value},
                                                                  "buffer_paths": []}})
        t0 = self.send(msg)
        marks = {}

        def on_msg(m):
            if m["header"]["msg_type"] != "comm_msg":
                return
            c = m["content"]
            model = self.comms.get(c.get("comm_id"), {}).get("model")
            if c.get("data", {}).get("method") == "update" and model in OUTPUT_MODELS:
                marks[model] = time.perf_counter() - t0

        self.wait_idle(msg["header"]["msg_id"], time.monotonic() + timeout, on_msg)
        idle = time.perf_counter() - t0
        latency = marks.get("ImageModel", marks.get("HTMLModel"))
        return {"latency": latency, "image": marks.get("ImageModel"), "html": marks.get("HTMLModel"), "idle": idle}


def slider_values(state: dict, n: int) -> list:
    """``n`` values a dragged handle passes through, never the current value twice in a row."""
    lo, hi = state.get("min", 0), state.get("max", 100)
    stepv = state.get("step") or 1
    count = max(2, int(round((hi - lo) / stepv)) + 1)
    grid = [lo + i * stepv for i in range(count)]
    if state.get("_model_name") == "IntSliderModel":
        grid = [int(round(v)) for v in grid]
    else:
        grid = [float(round(v, 10)) for v in grid]
    picks = [grid[round(i * (len(grid) - 1) / max(1, n - 1))] for i in range(n)]
    out, last = [], state.get("value")
    for i, v in enumerate(picks[::2] + picks[1::2][::-1]):
        if v == last:
            v = grid[0] if v != grid[0] else grid[-1]
        out.append(v)
        last = v
    return out


class LearnerClient:
    """One learner's browser, minus the pixels."""

    def __init__(self, hub_url: str, name: str, password: str | None, *, timeout: float = 60):
        self.hub_url = hub_url.rstrip("/")
        self.name = name
        self.password = password
        self.timeout = timeout
        self.http = requests.Session()
        self.t = Timings()

    # -- URLs

    @property
    def server(self) -> str:
        return f"{self.hub_url}/user/{self.name}"

    @property
    def ws_base(self) -> str:
        return self.server.replace("http://", "ws://", 1)

    def _xsrf(self, path: str) -> str | None:
        for c in self.http.cookies:
            if c.name == "_xsrf" and c.path == path:
                return c.value
        return None

    # -- the hub

    def login(self) -> None:
        t0 = time.perf_counter()
        r = self.http.get(self.hub_url + "/hub/login", timeout=self.timeout)
        r.raise_for_status()
        form = {"username": self.name, "password": self.password, "_xsrf": self._xsrf("/hub/") or ""}
        r = self.http.post(self.hub_url + "/hub/login", data=form, allow_redirects=False, timeout=self.timeout)
        self.t.login = time.perf_counter() - t0
        if r.status_code != 302 or not any(c.name == "jupyterhub-session-id" for c in self.http.cookies):
            raise LearnerError(f"{self.name}: login refused (HTTP {r.status_code})")

    def hub_get(self, path: str, what: str):
        t0 = time.perf_counter()
        r = self.http.get(self.hub_url + "/hub/api" + path, timeout=self.timeout)
        self.t.hub_api.append((what, time.perf_counter() - t0))
        return r

    def spawn(self, timeout: float = 300) -> None:
        """What the spawn page does: ask for the server, poll the hub until ready, then load JupyterLab (OAuth)."""
        t0 = time.perf_counter()
        r = self.http.get(self.hub_url + "/hub/spawn", allow_redirects=False, timeout=self.timeout)
        if r.status_code not in (302, 303):
            raise LearnerError(f"{self.name}: spawn refused (HTTP {r.status_code})")
        deadline = time.monotonic() + timeout
        while True:
            r = self.hub_get("/user", "GET /hub/api/user (spawn poll)")
            server = (r.json().get("servers") or {}).get("") if r.ok else None
            if server and server.get("ready"):
                break
            if server is None and time.perf_counter() - t0 > 5:
                raise LearnerError(f"{self.name}: the server failed to start (hub says: {r.text[:300]})")
            if time.monotonic() > deadline:
                raise LearnerError(f"{self.name}: the server was not ready within {timeout:.0f} s")
            time.sleep(0.25)
        self.t.spawn = time.perf_counter() - t0
        t1 = time.perf_counter()
        r = self.http.get(self.server + "/lab", timeout=self.timeout)
        self.t.first_page = time.perf_counter() - t1
        if r.status_code != 200 or not r.url.startswith(self.server):
            raise LearnerError(f"{self.name}: JupyterLab did not open (HTTP {r.status_code} at {r.url})")

    def stop_server(self, timeout: float = 120) -> None:
        t0 = time.perf_counter()
        r = self.http.delete(self.hub_url + f"/hub/api/users/{self.name}/server",
                             headers={"X-XSRFToken": self._xsrf("/hub/") or ""}, timeout=self.timeout)
        if r.status_code not in (202, 204):
            raise LearnerError(f"{self.name}: stopping the server was refused (HTTP {r.status_code}: {r.text[:200]})")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            server = (self.http.get(self.hub_url + "/hub/api/user", timeout=self.timeout).json().get("servers") or {})
            if "" not in server:
                self.t.hub_api.append(("stop server", time.perf_counter() - t0))
                return
            time.sleep(0.25)
        raise LearnerError(f"{self.name}: the server did not stop within {timeout:.0f} s")

    # -- the learner's server

    def api(self, method: str, path: str, what: str | None = None, **kw) -> requests.Response:
        headers = kw.pop("headers", {})
        if method != "GET":
            headers["X-XSRFToken"] = self._xsrf(f"/user/{self.name}/") or ""
        t0 = time.perf_counter()
        r = self.http.request(method, self.server + "/api" + path, headers=headers, timeout=self.timeout, **kw)
        self.t.api.append((what or f"{method} {path.split('?')[0].split('/')[1]}", time.perf_counter() - t0))
        return r

    def open_notebook(self, path: str) -> tuple[dict, str]:
        """GET the notebook and POST a session for it (this starts its kernel); returns (notebook, kernel id)."""
        r = self.api("GET", f"/contents/{quote(path)}?type=notebook&content=1", "GET contents")
        r.raise_for_status()
        nb = r.json()["content"]
        kernel = nb.get("metadata", {}).get("kernelspec", {}).get("name", "python3")
        body = {"path": path, "name": path.rsplit("/", 1)[-1], "type": "notebook", "kernel": {"name": kernel}}
        r = self.api("POST", "/sessions", "POST sessions (kernel start)", json=body)
        if r.status_code != 201:
            raise LearnerError(f"{self.name}: could not start a kernel (HTTP {r.status_code}: {r.text[:200]})")
        return nb, r.json()["kernel"]["id"]

    def connect(self, kernel_id: str) -> Kernel:
        k = Kernel(self, kernel_id, timeout=self.timeout)
        # Wait until the kernel answers (a kernel_info round trip, as JupyterLab does on connect).
        msg = k._msg("kernel_info_request", {})
        k.send(msg)
        deadline = time.monotonic() + 120
        while True:
            m = k.recv(deadline)
            mine = m["parent_header"].get("msg_id") == msg["header"]["msg_id"]
            if mine and m["header"]["msg_type"] == "kernel_info_reply":
                return k

    def run_all(self, kernel: Kernel, nb: dict, timeout: float = 300) -> None:
        """Run every code cell top to bottom; errors are recorded in ``t.cell_errors`` (and stop the run)."""
        t0 = time.perf_counter()
        deadline = time.monotonic() + timeout
        for i, cell in enumerate(nb["cells"]):
            if cell["cell_type"] != "code":
                continue
            src = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            reply, _ = kernel.execute(src, timeout=max(1.0, deadline - time.monotonic()))
            if reply.get("status") != "ok":
                self.t.cell_errors.append((i, reply.get("ename"), reply.get("evalue")))
                break
        self.t.run_all = time.perf_counter() - t0

    def save(self, path: str, nb: dict, marker: str) -> dict:
        """Save the notebook with the learner's edit: a markdown cell holding ``marker`` at the end."""
        nb = copy.deepcopy(nb)
        nb["cells"].append({"cell_type": "markdown", "id": uuid.uuid4().hex[:8], "metadata": {}, "source": marker})
        r = self.api("PUT", f"/contents/{quote(path)}", "PUT contents (save)",
                     json={"type": "notebook", "format": "json", "content": nb})
        if r.status_code not in (200, 201):
            raise LearnerError(f"{self.name}: save refused (HTTP {r.status_code}: {r.text[:200]})")
        return nb
