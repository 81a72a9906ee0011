"""Starts real `tributary broker` processes for the interop tests (real clients as separate processes)."""
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def tributary_binary() -> str:
    path = os.environ.get("TRIBUTARY_BIN") or str(ROOT / ".build" / "debug" / "tributary")
    if not os.access(path, os.X_OK):
        pytest.fail(f"tributary binary not found at {path}; build first (scripts/test.sh does)")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Broker:
    """One broker process on 127.0.0.1 with its own data directory; can be stopped and restarted."""

    def __init__(self, data_dir: str, extra=None):
        self.data_dir = data_dir
        self.port = free_port()
        self.extra = dict(extra or {})
        self.process = None
        self.log_path = os.path.join(os.path.dirname(data_dir), f"broker-{self.port}.log")

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self):
        overrides = {
            "listeners": f"PLAINTEXT://127.0.0.1:{self.port}",
            "log.dirs": self.data_dir,
            "group.initial.rebalance.delay.ms": "0",
            **self.extra,
        }
        args = [tributary_binary(), "broker"]
        for key, value in overrides.items():
            args += ["--override", f"{key}={value}"]
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 20
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"broker exited with {self.process.returncode}: {self.output()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("broker did not start listening within 20 s")

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.process is None:
            return None
        self.process.send_signal(sig)
        code = self.process.wait(timeout=timeout)
        self.process = None
        self.log.close()
        return code

    def output(self) -> str:
        try:
            return pathlib.Path(self.log_path).read_text(errors="replace")[-4000:]
        except OSError:
            return ""


@pytest.fixture
def data_dir():
    path = tempfile.mkdtemp(prefix="tributary-interop-")
    yield os.path.join(path, "data")
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def broker(data_dir):
    instance = Broker(data_dir).start()
    yield instance
    if instance.process is not None:
        code = instance.stop()
        assert code == 0, f"broker did not shut down cleanly: {instance.output()}"


@pytest.fixture
def broker_factory(data_dir):
    made = []

    def make(**extra):
        instance = Broker(data_dir, extra)
        made.append(instance)
        return instance

    yield make
    for instance in made:
        if instance.process is not None:
            instance.stop(signal.SIGKILL)


@pytest.fixture(autouse=True)
def _stop_leftover_workers():
    """No `tributary standalone` started by a test outlives it, even if the test failed before stopping it (workers
    of module-scoped fixtures, started earlier, are left to their fixture)."""
    import connect_worker
    before = connect_worker.running()
    yield
    connect_worker.stop_all(keep=before)
