"""`tributary connectors …` (the REST client CLI) against a running `tributary standalone` worker."""
import json
import os
import subprocess

import pytest

from conftest import free_port, tributary_binary
from connect_worker import Worker

LINE_BYTES = 51
LINES = 40


def line(i):
    return f"line-{i:04d} " + "x" * 40


@pytest.fixture(scope="module")
def worker(tmp_path_factory):
    instance = Worker(tmp_path_factory.mktemp("connectors-cli")).start()
    yield instance
    if instance.process is not None:
        code = instance.stop()
        assert code == 0, f"worker did not shut down cleanly: {instance.output()}"


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli-files")
    path = root / "input.txt"
    path.write_text("".join(line(i) + "\n" for i in range(LINES)))
    return root


def cli(worker, *args, check=True, env=None, url=True):
    command = [tributary_binary(), "connectors", *args] + (["--url", worker.url] if url else [])
    result = subprocess.run(command, capture_output=True, text=True, timeout=60,
                            env={**os.environ, **(env or {})})
    if check:
        assert result.returncode == 0, f"{args} exited {result.returncode}: {result.stderr}"
    return result


def cli_json(worker, *args):
    return json.loads(cli(worker, *args).stdout)


def write_properties(path, properties):
    path.write_text("# a comment\n" + "".join(f"{key}={value}\n" for key, value in properties.items()))
    return str(path)


def test_create_from_a_properties_file(worker, files):
    config = {"name": "cli-props", "connector.class": "FileStreamSource", "tasks.max": "1",
              "file": str(files / "input.txt"), "topic": "cli-props"}
    info = cli_json(worker, "create", write_properties(files / "props.properties", config))
    assert info == {"name": "cli-props", "config": config, "tasks": [{"connector": "cli-props", "task": 0}],
                    "type": "source"}
    assert worker.request("GET", "/connectors/cli-props/config") == (200, config)
    worker.wait_for_state("cli-props", "RUNNING", ["RUNNING"])
    worker.wait_for(lambda: worker.consume("cli-props") == [line(i) for i in range(LINES)],
                    what="the connector created by the CLI to copy the file")


def test_create_from_json_files(worker, files):
    config = {"connector.class": "FileStreamSource", "file": str(files / "input.txt"), "topic": "cli-json"}
    path = files / "create.json"
    path.write_text(json.dumps({"name": "cli-json", "config": config}))
    info = cli_json(worker, "create", str(path))
    assert info["name"] == "cli-json" and info["type"] == "source"
    assert info["config"] == {**config, "name": "cli-json"}
    assert worker.request("GET", "/connectors/cli-json/config") == (200, {**config, "name": "cli-json"})

    # A flat config object with its name inside, and an initial_state in the request form.
    flat = files / "flat.json"
    flat.write_text(json.dumps({**config, "name": "cli-flat", "topic": "cli-flat"}))
    assert cli_json(worker, "create", str(flat))["name"] == "cli-flat"
    paused = files / "paused.json"
    paused.write_text(json.dumps({"name": "cli-paused", "config": {**config, "topic": "cli-paused"},
                                  "initial_state": "PAUSED"}))
    cli(worker, "create", str(paused))
    worker.wait_for_state("cli-paused", "PAUSED", ["PAUSED"])
    worker.wait_for_state("cli-json", "RUNNING", ["RUNNING"])


def test_create_errors_exit_non_zero_with_the_message(worker, files):
    again = cli(worker, "create", str(files / "create.json"), check=False)
    assert again.returncode != 0 and again.stdout == ""
    assert "Connector cli-json already exists (HTTP 409)" in again.stderr

    bad = write_properties(files / "bad.properties", {"name": "cli-bad", "connector.class": "FileStreamSource",
                                                      "tasks.max": "abc", "file": "/x", "topic": "t"})
    result = cli(worker, "create", bad, check=False)
    assert result.returncode != 0
    assert "Connector configuration is invalid" in result.stderr
    assert "Invalid value abc for configuration tasks.max: Not a number of type INT" in result.stderr
    assert "(HTTP 400)" in result.stderr

    missing = cli(worker, "create", str(files / "missing.json"), check=False)
    assert missing.returncode != 0 and "cannot read" in missing.stderr
    unnamed = write_properties(files / "unnamed.properties", {"connector.class": "FileStreamSource"})
    result = cli(worker, "create", unnamed, check=False)
    assert result.returncode != 0 and "names no connector" in result.stderr
    assert worker.request("GET", "/connectors/cli-bad")[0] == 404


def test_list_and_list_expand(worker):
    names = cli_json(worker, "list")
    assert names == worker.request("GET", "/connectors")[1]
    assert {"cli-props", "cli-json", "cli-flat", "cli-paused"} <= set(names)
    by_status = cli_json(worker, "list", "--expand", "status")
    assert set(by_status) == set(names)
    assert by_status["cli-paused"]["status"]["connector"]["state"] == "PAUSED"
    both = cli_json(worker, "list", "--expand", "status", "--expand", "info")
    assert set(both["cli-props"]) == {"status", "info"}
    assert both["cli-props"]["info"] == worker.request("GET", "/connectors/cli-props")[1]
    bad = cli(worker, "list", "--expand", "everything", check=False)
    assert bad.returncode != 0 and "--expand must be 'status' or 'info'" in bad.stderr


def test_status_pause_resume(worker):
    status = cli_json(worker, "status", "cli-props")
    assert status == worker.request("GET", "/connectors/cli-props/status")[1]
    assert status["connector"]["state"] == "RUNNING" and status["tasks"][0]["state"] == "RUNNING"

    assert cli(worker, "pause", "cli-props").stdout == "Pausing connector cli-props.\n"
    worker.wait_for_state("cli-props", "PAUSED", ["PAUSED"])
    assert cli_json(worker, "status", "cli-props")["connector"]["state"] == "PAUSED"
    assert cli(worker, "resume", "cli-props").stdout == "Resuming connector cli-props.\n"
    worker.wait_for_state("cli-props", "RUNNING", ["RUNNING"])


def test_restart(worker):
    assert cli(worker, "restart", "cli-props").stdout == "Restarted connector cli-props.\n"
    worker.wait_for_state("cli-props", "RUNNING", ["RUNNING"])
    status = cli_json(worker, "restart", "cli-props", "--include-tasks")
    assert status["name"] == "cli-props"
    assert status["connector"]["state"] == "RESTARTING"
    assert [task["state"] for task in status["tasks"]] == ["RESTARTING"]
    worker.wait_for_state("cli-props", "RUNNING", ["RUNNING"])
    # Only failed instances: nothing to restart here, so nothing is RESTARTING.
    status = cli_json(worker, "restart", "cli-props", "--include-tasks", "--only-failed")
    assert status["connector"]["state"] == "RUNNING" and status["tasks"][0]["state"] == "RUNNING"


def test_offsets(worker):
    def committed():
        offsets = worker.offsets("cli-props")
        return offsets if offsets and offsets[0]["offset"].get("position") == LINES * LINE_BYTES else None
    expected = worker.wait_for(committed, what="cli-props's committed offset")
    assert cli_json(worker, "offsets", "cli-props") == {"offsets": expected}


def test_delete_and_delete_with_offsets(worker):
    assert cli(worker, "delete", "cli-flat").stdout == "Deleted connector cli-flat.\n"
    assert worker.request("GET", "/connectors/cli-flat")[0] == 404
    assert cli(worker, "delete", "cli-json", "--delete-offsets").stdout == \
        "Deleted connector cli-json and its offsets.\n"
    assert worker.request("GET", "/connectors/cli-json")[0] == 404
    assert not {"cli-flat", "cli-json"} & set(cli_json(worker, "list"))


@pytest.mark.parametrize("args", [("status",), ("pause",), ("resume",), ("restart",), ("restart", "--include-tasks"),
                                  ("delete",), ("delete", "--delete-offsets"), ("offsets",)])
def test_unknown_connector_exits_non_zero_with_the_message(worker, args):
    result = cli(worker, args[0], "no-such-connector", *args[1:], check=False)
    assert result.returncode != 0
    assert result.stdout == ""
    # Kafka's wording differs for the status endpoint ("No status found for connector …").
    assert ("Connector no-such-connector not found (HTTP 404)" in result.stderr
            or "No status found for connector no-such-connector (HTTP 404)" in result.stderr), result.stderr


def test_url_from_the_environment_and_an_unreachable_worker(worker):
    result = cli(worker, "list", url=False, env={"TRIBUTARY_CONNECT_URL": worker.url})
    assert json.loads(result.stdout) == worker.request("GET", "/connectors")[1]
    dead = f"http://127.0.0.1:{free_port()}"
    result = subprocess.run([tributary_binary(), "connectors", "list", "--url", dead],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "cannot connect" in result.stderr
