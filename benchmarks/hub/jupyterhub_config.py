# JupyterHub configuration for a class running the lossbook course on one machine (read by `jupyterhub -f`).
#
# hubctl.py starts the hub with this file and passes the run's details in a small JSON file named by
# $LOSSBOOK_HUB_SETTINGS (ports, the hub environment, the course folder, the learners). A teacher adapting it for a
# real server would write those values in directly, bind to the server's address behind HTTPS, and keep the rest.
#
# The choices, all JupyterHub's defaults except where said:
# * PAMAuthenticator: learners log in with their Unix account's password; only the listed learners may log in.
# * LocalProcessSpawner: each learner's single-user server (and so every kernel it starts) runs as that learner's
#   own Unix user, in their home folder. It sets no CPU or memory limits.
# * pre_spawn_hook: copies the course into ~/lossbook on a learner's first start, never over their work afterwards.
import json
import os
import pwd
import shutil
from pathlib import Path

c = get_config()  # noqa: F821 (injected by JupyterHub)

settings = json.loads(Path(os.environ["LOSSBOOK_HUB_SETTINGS"]).read_text())
env_bin = Path(settings["env"]) / "bin"
runtime = Path(settings["runtime"])

# -- Network: loopback only. The proxy is the only public face; the hub and the servers sit behind it.
c.JupyterHub.bind_url = f"http://127.0.0.1:{settings['port']}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{settings['hub_port']}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings['proxy_api_port']}"
c.ConfigurableHTTPProxy.command = [str(Path(settings["env"]) / "node" / "node_modules" / ".bin" /
                                       "configurable-http-proxy")]
c.ConfigurableHTTPProxy.should_start = True
c.Spawner.ip = "127.0.0.1"

# -- State of this run (database, cookie secret) in the run's private folder.
c.JupyterHub.db_url = f"sqlite:///{runtime / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(runtime / "jupyterhub_cookie_secret")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every learner's server

# -- Who may log in.
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = set(settings["learners"])
c.Authenticator.admin_users = set()  # no learner is an admin

# -- What each learner runs: the hub environment's single-user server, JupyterLab, kernels from the same env.
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(env_bin / "jupyterhub-singleuser")]
c.Spawner.notebook_dir = "~"
first = settings.get("first_notebook")
c.Spawner.default_url = f"/lab/tree/{settings['course_folder']}/{first}" if first else "/lab"
c.Spawner.environment = {
    "PATH": f"{env_bin}:/usr/local/bin:/usr/bin:/bin",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
}
c.Spawner.args = [
    # No news feed and no update check: the machine may have no outside network, and a class needs neither.
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
]
# A class starts together: on two cores, twenty servers starting at once take longer than the 60 s default.
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300


def copy_course(spawner):
    """Give the learner the course on their first start: notebooks into ~/lossbook, owned by them.

    Runs in the hub (as root) before the server starts. An existing ~/lossbook is left alone, so a restart never
    overwrites a learner's work (a teacher who publishes changes would use nbgitpuller, which merges instead).
    """
    user = pwd.getpwnam(spawner.user.name)
    target = Path(user.pw_dir) / settings["course_folder"]
    if target.exists():
        return
    shutil.copytree(settings["course"], target, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    for folder, dirs, files in os.walk(target):
        for name in [folder, *(os.path.join(folder, f) for f in files)]:
            os.chown(name, user.pw_uid, user.pw_gid)


c.Spawner.pre_spawn_hook = copy_course

# -- The benchmark's and the tests' own access: a service that may start, stop and list servers, but has no
#    access to any learner's server or files (no access:servers scope).
c.JupyterHub.services = [{"name": "lossbook-bench", "api_token": os.environ["LOSSBOOK_HUB_API_TOKEN"]}]
c.JupyterHub.load_roles = [
    {
        "name": "lossbook-bench",
        "scopes": ["list:users", "read:users", "admin:servers"],
        "services": ["lossbook-bench"],
    }
]
