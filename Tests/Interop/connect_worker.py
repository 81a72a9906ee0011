"""Starts real `tributary standalone` processes (embedded broker + Connect worker + REST) for the Connect tests."""
import json
import os
import pathlib
import signal
import subprocess
import time
import urllib.error
import urllib.request

from conftest import free_port, tributary_binary


_running = set()


def running():
    """The workers running now."""
    return set(_running)


def stop_all(keep=()):
    """Kills every worker a test left running (a failed assertion before `stop()`), except `keep`."""
    for worker in list(_running - set(keep)):
        try:
            worker.kill()
        except Exception:
            pass


class Worker:
    """One `tributary standalone` process with its own data directory; can be stopped, killed and restarted.

    The embedded broker listens on `broker_port`, REST on `rest_port`; both stay the same across restarts.
    """

    def __init__(self, data_dir, worker_properties=None, connector_files=()):
        self.data_dir = str(data_dir)
        os.makedirs(self.data_dir, exist_ok=True)
        self.broker_port = free_port()
        self.rest_port = free_port()
        self.connector_files = list(connector_files)
        self.properties = {
            "listeners": f"http://127.0.0.1:{self.rest_port}",
            "broker.listeners": f"PLAINTEXT://127.0.0.1:{self.broker_port}",
            "broker.log.dirs": os.path.join(self.data_dir, "broker"),
            "broker.group.initial.rebalance.delay.ms": "0",
            "offset.flush.interval.ms": "1000",
            "key.converter": "org.apache.kafka.connect.storage.StringConverter",
            "value.converter": "org.apache.kafka.connect.storage.StringConverter",
            **(worker_properties or {}),
        }
        self.process = None
        self.log_path = os.path.join(self.data_dir, "worker.log")
        self.worker_file = os.path.join(self.data_dir, "worker.properties")

    @property
    def url(self):
        return f"http://127.0.0.1:{self.rest_port}"

    @property
    def bootstrap(self):
        return f"127.0.0.1:{self.broker_port}"

    def start(self, timeout=30):
        with open(self.worker_file, "w") as f:
            for key, value in self.properties.items():
                f.write(f"{key}={value}\n")
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [tributary_binary(), "standalone", self.worker_file, *self.connector_files],
            stdout=self.log, stderr=subprocess.STDOUT)
        self.started_at = time.monotonic()
        _running.add(self)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited with {self.process.returncode}: {self.output()}")
            try:
                status, body = self.request("GET", "/health")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"worker not healthy within {timeout} s: {self.output()}")

    def stop(self, sig=signal.SIGTERM, timeout=60):
        if self.process is None:
            return None
        self.process.send_signal(sig)
        code = self.process.wait(timeout=timeout)
        self.process = None
        self.log.close()
        _running.discard(self)
        return code

    def kill(self):
        return self.stop(signal.SIGKILL)

    def output(self):
        try:
            return pathlib.Path(self.log_path).read_text(errors="replace")[-6000:]
        except OSError:
            return ""

    def request(self, method, path, body=None, headers=None, raw=None):
        """Returns (status, parsed JSON or text or None)."""
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        all_headers = {"Accept": "application/json"}
        if data is not None:
            all_headers["Content-Type"] = "application/json"
        all_headers.update(headers or {})
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=all_headers)
        try:
            with urllib.request.urlopen(req, timeout=30) as response:
                return response.status, _decode(response.read())
        except urllib.error.HTTPError as error:
            return error.code, _decode(error.read())

    def wait_for(self, predicate, timeout=30, what="condition"):
        deadline = time.time() + timeout
        last = None
        while time.time() < deadline:
            last = predicate()
            if last:
                return last
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; worker log:\n{self.output()}")

    def status(self, name):
        code, body = self.request("GET", f"/connectors/{name}/status")
        return body if code == 200 else None

    def wait_for_state(self, name, connector_state, task_states=None, timeout=30):
        """Polls `GET /connectors/{name}/status` until the connector is in `connector_state` and, if given,
        its tasks' states are exactly `task_states` (a list, in task id order); returns that status."""
        def reached():
            status = self.status(name)
            if not status or status["connector"]["state"] != connector_state:
                return None
            if task_states is not None and [task["state"] for task in status["tasks"]] != list(task_states):
                return None
            return status
        return self.wait_for(reached, timeout=timeout,
                             what=f"{name} to be {connector_state} with tasks {task_states}")

    def offsets(self, name):
        """The `offsets` list of `GET /connectors/{name}/offsets`, or None if that is not a 200."""
        code, body = self.request("GET", f"/connectors/{name}/offsets")
        return body["offsets"] if code == 200 else None

    def consume(self, topic, timeout=60):
        """Every record value of `topic` (partition order, then offset order) as text, read with
        `tributary consume --from-beginning --exit-at-end`; None if the topic does not exist."""
        result = subprocess.run(
            [tributary_binary(), "consume", topic, "--from-beginning", "--exit-at-end",
             "--bootstrap-server", self.bootstrap, "--format", "%v\\n"],
            capture_output=True, timeout=timeout)
        if result.returncode != 0:
            if b"does not exist" in result.stderr:
                return None
            raise AssertionError(f"consume {topic} failed ({result.returncode}): {result.stderr.decode()}")
        return result.stdout.decode().splitlines()


def _decode(data):
    if not data:
        return None
    try:
        return json.loads(data)
    except ValueError:
        return data.decode(errors="replace")
