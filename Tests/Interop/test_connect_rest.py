"""Contract tests of the Kafka Connect REST API of `tributary standalone`, against the real binary.

Expected bodies come from /work/shared/docs/kafka-connect-rest-samples.md (a real Kafka Connect 4.3 worker):
field names always, exact bodies where the values do not depend on the JVM or on the plugins installed. Where
Kafka answers a bad request with 500 (malformed JSON, a missing `config`), 400 is expected instead.

One worker serves the whole module; every test uses its own connector names, files and topics.
"""
import json
import re
import time
import urllib.error
import urllib.request

import pytest

from connect_worker import Worker

LINE_BYTES = 51  # "line-0000 " + 40 x + "\n"
LINES = 40       # 2040 bytes: more than the 1024 bytes FileTailSource needs to fingerprint a file

STATUS_KEYS = {"name", "connector", "tasks", "type"}
STATE_KEYS = {"state", "worker_id", "version"}
INFO_KEYS = {"name", "config", "tasks", "type"}
DEFINITION_KEYS = {"name", "type", "required", "default_value", "importance", "documentation", "group",
                   "order_in_group", "width", "display_name", "dependents"}
VALUE_KEYS = {"name", "value", "recommended_values", "errors", "visible"}
KAFKA_VALIDATE_GROUPS = ["Common", "Transforms", "Predicates", "Error Handling", "Topic Creation",
                         "Exactly Once Support", "offsets.topic"]
NOT_STOPPED = ("Connectors must be in the STOPPED state before their offsets can be modified. This can be done "
               "for the specified connector by issuing a 'PUT' request to the '/connectors/{name}/stop' endpoint")
# Kafka answers one or the other, depending on whether the connector's alterOffsets() returned true.
ALTERED = {"The offsets for this connector have been altered successfully",
           "The Connect framework-managed offsets for this connector have been altered successfully. However, if "
           "this connector manages offsets externally, they will need to be manually altered in the system that "
           "the connector uses."}
RESET = {"The offsets for this connector have been reset successfully",
         "The Connect framework-managed offsets for this connector have been reset successfully. However, if "
         "this connector manages offsets externally, they will need to be manually reset in the system that "
         "the connector uses."}
INVALID_SUFFIX = "\nYou can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`"


def line(i):
    return f"line-{i:04d} " + "x" * 40


def write_lines(path, start, stop):
    with open(path, "a") as f:
        f.write("".join(line(i) + "\n" for i in range(start, stop)))


@pytest.fixture(scope="module")
def worker(tmp_path_factory):
    instance = Worker(tmp_path_factory.mktemp("connect-rest")).start()
    yield instance
    if instance.process is not None:
        code = instance.stop()
        assert code == 0, f"worker did not shut down cleanly: {instance.output()}"


@pytest.fixture(scope="module")
def input_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("rest-input") / "input.txt"
    write_lines(path, 0, LINES)
    return str(path)


def source_config(file, topic, **extra):
    return {"connector.class": "FileStreamSource", "tasks.max": "1", "file": file, "topic": topic, **extra}


def create(worker, name, config, **body):
    code, answer = worker.request("POST", "/connectors", {"name": name, "config": config, **body})
    assert code == 201, answer
    return answer


def create_running_source(worker, name, file, topic, **extra):
    info = create(worker, name, source_config(file, topic, **extra))
    worker.wait_for_state(name, "RUNNING", ["RUNNING"])
    return info


def wait_for_position(worker, name, position):
    """Waits until the connector's only committed offset is at `position`; returns the offsets list."""
    def reached():
        offsets = worker.offsets(name)
        if offsets and len(offsets) == 1 and offsets[0]["offset"].get("position") == position:
            return offsets
        return None
    return worker.wait_for(reached, what=f"{name}'s committed position to be {position}")


def expected_info(name, config, tasks=1, type_="source"):
    return {"name": name, "config": {**config, "name": name},
            "tasks": [{"connector": name, "task": t} for t in range(tasks)], "type": type_}


def expected_status(worker, name, state, task_states, type_="source"):
    worker_id = f"127.0.0.1:{worker.rest_port}"
    return {"name": name, "connector": {"state": state, "worker_id": worker_id},
            "tasks": [{"id": i, "state": s, "worker_id": worker_id} for i, s in enumerate(task_states)],
            "type": type_}


def without_versions(status):
    """A status with the `version` fields removed (ours are Tributary's, not 4.3.0), checking they are there."""
    status = json.loads(json.dumps(status))
    assert isinstance(status["connector"].pop("version"), str)
    for task in status["tasks"]:
        assert isinstance(task.pop("version"), str)
    return status


def raw_request(worker, method, path, data=None, headers=None):
    """(status, headers, body bytes) of one request, for header and empty-body checks."""
    req = urllib.request.Request(worker.url + path, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


# --- root, health -------------------------------------------------------------------------------------------

def test_root_names_version_commit_and_the_broker_cluster_id(worker):
    code, headers, body = raw_request(worker, "GET", "/")
    assert code == 200
    assert headers["Content-Type"].startswith("application/json")
    root = json.loads(body)
    assert set(root) == {"version", "commit", "kafka_cluster_id"}
    assert all(isinstance(value, str) and value for value in root.values()), root
    confluent_kafka = pytest.importorskip("confluent_kafka.admin")
    admin = confluent_kafka.AdminClient({"bootstrap.servers": worker.bootstrap})
    assert root["kafka_cluster_id"] == admin.list_topics(timeout=10).cluster_id


def test_health_is_kafkas_healthy_body(worker):
    assert worker.request("GET", "/health") == (200, {
        "status": "healthy", "message": "Worker has completed startup and is ready to handle requests."})


# --- create, info, config, list ----------------------------------------------------------------------------

def test_create_answers_201_with_the_info_and_get_endpoints_agree(worker, input_file):
    config = source_config(input_file, "rest-create")
    code, info = worker.request("POST", "/connectors", {"name": "rest-create", "config": config})
    assert code == 201
    assert info == expected_info("rest-create", config)
    assert "rest-create" in worker.request("GET", "/connectors")[1]
    assert worker.request("GET", "/connectors/rest-create") == (200, info)
    assert worker.request("GET", "/connectors/rest-create/config") == (200, {**config, "name": "rest-create"})
    status = worker.wait_for_state("rest-create", "RUNNING", ["RUNNING"])
    assert without_versions(status) == expected_status(worker, "rest-create", "RUNNING", ["RUNNING"])
    # The source really runs: every line of the file is on the topic, in order.
    worker.wait_for(lambda: worker.consume("rest-create") == [line(i) for i in range(LINES)],
                    what="rest-create's topic to hold the file")


def test_list_with_expand_status_info_and_both(worker, input_file):
    config = source_config(input_file, "rest-expand")
    info = create_running_source(worker, "rest-expand", input_file, "rest-expand")
    assert info == expected_info("rest-expand", config)
    code, names = worker.request("GET", "/connectors")
    assert code == 200 and isinstance(names, list) and "rest-expand" in names

    code, by_status = worker.request("GET", "/connectors?expand=status")
    assert code == 200 and set(by_status) == set(names)
    assert set(by_status["rest-expand"]) == {"status"}
    assert without_versions(by_status["rest-expand"]["status"]) == expected_status(
        worker, "rest-expand", "RUNNING", ["RUNNING"])

    code, by_info = worker.request("GET", "/connectors?expand=info")
    assert code == 200 and set(by_info) == set(names)
    assert by_info["rest-expand"] == {"info": info}

    code, both = worker.request("GET", "/connectors?expand=status&expand=info")
    assert code == 200 and set(both) == set(names)
    assert set(both["rest-expand"]) == {"status", "info"}
    assert both["rest-expand"]["info"] == info
    assert both["rest-expand"]["status"]["connector"]["state"] == "RUNNING"
    for entry in both.values():
        assert set(entry["status"]) == STATUS_KEYS and set(entry["info"]) == INFO_KEYS

    # Kafka ignores an unknown expansion type (and so lists every connector with nothing expanded).
    code, unknown = worker.request("GET", "/connectors?expand=bogus")
    assert code == 200 and unknown == {name: {} for name in names}


def test_status_tasks_and_task_status(worker, input_file):
    create_running_source(worker, "rest-status", input_file, "rest-status")
    worker_id = f"127.0.0.1:{worker.rest_port}"
    code, status = worker.request("GET", "/connectors/rest-status/status")
    assert code == 200 and set(status) == STATUS_KEYS
    assert set(status["connector"]) == STATE_KEYS and set(status["tasks"][0]) == {"id"} | STATE_KEYS
    assert without_versions(status) == expected_status(worker, "rest-status", "RUNNING", ["RUNNING"])

    code, tasks = worker.request("GET", "/connectors/rest-status/tasks")
    assert code == 200 and len(tasks) == 1 and set(tasks[0]) == {"id", "config"}
    assert tasks[0]["id"] == {"connector": "rest-status", "task": 0}
    task_config = tasks[0]["config"]
    assert isinstance(task_config.pop("task.class"), str)
    assert task_config == {**source_config(input_file, "rest-status"), "name": "rest-status"}

    code, task = worker.request("GET", "/connectors/rest-status/tasks/0/status")
    assert code == 200 and set(task) == {"id"} | STATE_KEYS
    assert (task["id"], task["state"], task["worker_id"]) == (0, "RUNNING", worker_id)

    assert worker.request("GET", "/connectors/rest-status/tasks/7/status") == (
        404, {"error_code": 404, "message": "No status found for task rest-status-7"})


def test_unknown_connector_is_404_with_kafkas_message(worker):
    expected = (404, {"error_code": 404, "message": "Connector does-not-exist not found"})
    assert worker.request("GET", "/connectors/does-not-exist") == expected
    assert worker.request("GET", "/connectors/does-not-exist/offsets") == expected
    for method, path in [("GET", "/config"), ("PUT", "/pause"), ("PUT", "/resume"), ("PUT", "/stop"),
                         ("POST", "/restart"), ("GET", "/tasks"), ("GET", "/topics"), ("DELETE", "")]:
        code, body = worker.request(method, "/connectors/does-not-exist" + path)
        assert code == 404, (method, path, body)
        assert body["error_code"] == 404 and "does-not-exist" in body["message"], (method, path, body)
    assert worker.request("GET", "/connectors/does-not-exist/status")[0] == 404


def test_unknown_connector_status_message_is_kafkas(worker):
    assert worker.request("GET", "/connectors/does-not-exist/status") == (
        404, {"error_code": 404, "message": "No status found for connector does-not-exist"})


def test_put_config_creates_with_201_then_updates_with_200(worker, input_file):
    config = source_config(input_file, "rest-put")
    code, info = worker.request("PUT", "/connectors/rest-put/config", config)
    assert (code, info) == (201, expected_info("rest-put", config))
    updated = {**config, "batch.size": "500"}
    code, info = worker.request("PUT", "/connectors/rest-put/config", updated)
    assert (code, info) == (200, expected_info("rest-put", updated))
    assert worker.request("GET", "/connectors/rest-put/config") == (200, {**updated, "name": "rest-put"})
    assert worker.request("PUT", "/connectors/rest-put/config", {**config, "name": "different"}) == (400, {
        "error_code": 400,
        "message": "Connector name configuration (different) doesn't match connector name in the URL (rest-put)"})
    code, body = worker.request("PUT", "/connectors/rest-put/config", raw=b'{"file": ')
    assert code == 400 and body["error_code"] == 400
    code, body = worker.request("PUT", "/connectors/rest-put/config", {**config, "tasks.max": "abc"})
    assert code == 400 and body["message"].startswith("Connector configuration is invalid")
    # None of the rejected bodies changed the config.
    assert worker.request("GET", "/connectors/rest-put/config") == (200, {**updated, "name": "rest-put"})
    worker.wait_for_state("rest-put", "RUNNING", ["RUNNING"])


def test_patch_config_merges_and_null_removes_a_key(worker, input_file):
    config = source_config(input_file, "rest-patch", **{"batch.size": "500"})
    create(worker, "rest-patch", config)
    code, info = worker.request("PATCH", "/connectors/rest-patch/config",
                                {"batch.size": None, "poll.interval.ms": "20"})
    expected = {k: v for k, v in config.items() if k != "batch.size"}
    expected["poll.interval.ms"] = "20"
    assert (code, info) == (200, expected_info("rest-patch", expected))
    assert worker.request("GET", "/connectors/rest-patch/config") == (200, {**expected, "name": "rest-patch"})
    code, body = worker.request("PATCH", "/connectors/rest-patch/config", {"tasks.max": "abc"})
    assert code == 400 and "Invalid value abc for configuration tasks.max" in body["message"]
    code, body = worker.request("PATCH", "/connectors/rest-patch/config", {"name": "other"})
    assert code == 400
    assert worker.request("PATCH", "/connectors/no-such-patch/config", {"a": "b"}) == (
        404, {"error_code": 404, "message": "Connector no-such-patch not found"})
    assert worker.request("GET", "/connectors/rest-patch/config") == (200, {**expected, "name": "rest-patch"})


# --- topics ---------------------------------------------------------------------------------------------------

def test_topics_lists_the_source_topic_and_reset_clears_it(worker, input_file):
    create_running_source(worker, "rest-topics", input_file, "rest-topics")
    worker.wait_for(lambda: worker.request("GET", "/connectors/rest-topics/topics")
                    == (200, {"rest-topics": {"topics": ["rest-topics"]}}), what="the active topic")
    code, headers, body = raw_request(worker, "PUT", "/connectors/rest-topics/topics/reset")
    assert (code, body) == (202, b"")
    assert worker.request("GET", "/connectors/rest-topics/topics") == (200, {"rest-topics": {"topics": []}})


def create_sink(worker, name, topic, path):
    config = {"connector.class": "FileStreamSink", "tasks.max": "1", "topics": topic, "file": path}
    info = create(worker, name, config)
    assert info == expected_info(name, config, type_="sink")
    return info


def read_lines(path):
    try:
        with open(path) as f:
            return f.read().splitlines()
    except FileNotFoundError:
        return []


def test_topics_lists_the_topic_a_sink_consumed(worker, input_file, tmp_path):
    create_running_source(worker, "rest-sink-topics-src", input_file, "rest-sink-topics")
    out = str(tmp_path / "sink-topics.txt")
    create_sink(worker, "rest-sink-topics", "rest-sink-topics", out)
    worker.wait_for(lambda: len(read_lines(out)) == LINES, what="the sink to write the file")
    assert worker.request("GET", "/connectors/rest-sink-topics/topics") == (
        200, {"rest-sink-topics": {"topics": ["rest-sink-topics"]}})


# --- restart, pause, resume, stop -----------------------------------------------------------------------------

def test_restart_legacy_204_with_tasks_202_and_task_restart_204(worker, input_file):
    create_running_source(worker, "rest-restart", input_file, "rest-restart")
    code, _, body = raw_request(worker, "POST", "/connectors/rest-restart/restart")
    assert (code, body) == (204, b"")
    worker.wait_for_state("rest-restart", "RUNNING", ["RUNNING"])

    code, status = worker.request("POST", "/connectors/rest-restart/restart?includeTasks=true&onlyFailed=false")
    assert code == 202
    assert without_versions(status) == expected_status(worker, "rest-restart", "RESTARTING", ["RESTARTING"])
    worker.wait_for_state("rest-restart", "RUNNING", ["RUNNING"])

    code, _, body = raw_request(worker, "POST", "/connectors/rest-restart/tasks/0/restart")
    assert (code, body) == (204, b"")
    worker.wait_for_state("rest-restart", "RUNNING", ["RUNNING"])
    code, body = worker.request("POST", "/connectors/rest-restart/tasks/7/restart")
    assert code == 404 and body["error_code"] == 404 and "rest-restart-7" in body["message"]
    # Restarting does not re-read the file: the topic still holds each line once.
    assert worker.consume("rest-restart") == [line(i) for i in range(LINES)]


def test_pause_202_paused_then_resume_202_running(worker, input_file):
    create_running_source(worker, "rest-pause", input_file, "rest-pause")
    code, _, body = raw_request(worker, "PUT", "/connectors/rest-pause/pause")
    assert (code, body) == (202, b"")
    status = worker.wait_for_state("rest-pause", "PAUSED", ["PAUSED"])
    assert without_versions(status) == expected_status(worker, "rest-pause", "PAUSED", ["PAUSED"])
    code, _, body = raw_request(worker, "PUT", "/connectors/rest-pause/resume")
    assert (code, body) == (202, b"")
    worker.wait_for_state("rest-pause", "RUNNING", ["RUNNING"])


def test_initial_state_paused_and_stopped(worker, input_file):
    config = source_config(input_file, "rest-initial-paused")
    info = create(worker, "rest-initial-paused", config, initial_state="PAUSED")
    assert info == expected_info("rest-initial-paused", config)
    worker.wait_for_state("rest-initial-paused", "PAUSED", ["PAUSED"])

    config = source_config(input_file, "rest-initial-stopped")
    info = create(worker, "rest-initial-stopped", config, initial_state="STOPPED")
    assert info == expected_info("rest-initial-stopped", config, tasks=0)
    status = worker.wait_for_state("rest-initial-stopped", "STOPPED", [])
    assert without_versions(status) == expected_status(worker, "rest-initial-stopped", "STOPPED", [])

    code, body = worker.request("POST", "/connectors", {"name": "rest-initial-bogus", "config": config,
                                                        "initial_state": "SLEEPING"})
    assert code == 400 and "SLEEPING" in body["message"]
    assert worker.request("GET", "/connectors/rest-initial-bogus")[0] == 404
    # Neither has produced anything.
    assert not worker.consume("rest-initial-paused")
    assert not worker.consume("rest-initial-stopped")


def test_stop_204_stopped_without_tasks_and_offsets_lifecycle(worker, input_file):
    name = "rest-offsets"
    create_running_source(worker, name, input_file, name)
    before = wait_for_position(worker, name, LINES * LINE_BYTES)
    assert set(before[0]) == {"partition", "offset"}
    assert before[0]["offset"]["position"] == LINES * LINE_BYTES
    partition = before[0]["partition"]

    # Offsets may only change while STOPPED; Kafka's message names the stop endpoint.
    body = {"offsets": [{"partition": partition, "offset": {"position": 30 * LINE_BYTES}}]}
    message = NOT_STOPPED.replace("{name}", name)
    assert worker.request("PATCH", f"/connectors/{name}/offsets", body) == (
        400, {"error_code": 400, "message": message})
    assert worker.request("DELETE", f"/connectors/{name}/offsets") == (400, {"error_code": 400, "message": message})
    assert worker.offsets(name) == before

    code, _, raw = raw_request(worker, "PUT", f"/connectors/{name}/stop")
    assert (code, raw) == (204, b"")
    status = worker.wait_for_state(name, "STOPPED", [])
    assert without_versions(status) == expected_status(worker, name, "STOPPED", [])
    assert worker.request("GET", f"/connectors/{name}/tasks") == (200, [])
    assert worker.request("GET", f"/connectors/{name}")[1]["tasks"] == []
    assert worker.request("GET", f"/connectors/{name}/tasks/0/status")[0] == 404
    assert worker.offsets(name) == before

    code, answer = worker.request("PATCH", f"/connectors/{name}/offsets", body)
    assert code == 200 and set(answer) == {"message"} and answer["message"] in ALTERED
    after = worker.offsets(name)
    assert [entry["partition"] for entry in after] == [partition]
    assert after[0]["offset"]["position"] == 30 * LINE_BYTES

    code, answer = worker.request("PATCH", f"/connectors/{name}/offsets", {"not-offsets": []})
    assert code == 400 and answer["error_code"] == 400

    # Resuming re-reads the file from the altered position: lines 30.. are on the topic a second time.
    assert raw_request(worker, "PUT", f"/connectors/{name}/resume")[0] == 202
    worker.wait_for_state(name, "RUNNING", ["RUNNING"])
    expected = [line(i) for i in range(LINES)] + [line(i) for i in range(30, LINES)]
    worker.wait_for(lambda: worker.consume(name) == expected, what="the re-read lines")
    wait_for_position(worker, name, LINES * LINE_BYTES)


def test_delete_offsets_of_a_stopped_connector_rereads_everything(worker, input_file):
    name = "rest-reset"
    create_running_source(worker, name, input_file, name)
    wait_for_position(worker, name, LINES * LINE_BYTES)
    assert raw_request(worker, "PUT", f"/connectors/{name}/stop")[0] == 204
    worker.wait_for_state(name, "STOPPED", [])
    code, answer = worker.request("DELETE", f"/connectors/{name}/offsets")
    assert code == 200 and set(answer) == {"message"} and answer["message"] in RESET
    assert worker.request("GET", f"/connectors/{name}/offsets") == (200, {"offsets": []})
    assert raw_request(worker, "PUT", f"/connectors/{name}/resume")[0] == 202
    expected = [line(i) for i in range(LINES)] * 2
    worker.wait_for(lambda: worker.consume(name) == expected, what="the file read a second time")


def create_sink_with_its_source(worker, name, input_file, tmp_path):
    """A source copying the input file to topic `name` and a sink writing that topic to a file; waits until
    the sink has written every line and committed its offset. Returns the output path."""
    create_running_source(worker, name + "-src", input_file, name)
    out = str(tmp_path / f"{name}.txt")
    create_sink(worker, name, name, out)
    worker.wait_for_state(name, "RUNNING", ["RUNNING"])
    worker.wait_for(lambda: read_lines(out) == [line(i) for i in range(LINES)], what="the sink to write the file")
    return out


def sink_offsets(topic, offset):
    return [{"partition": {"kafka_topic": topic, "kafka_partition": 0}, "offset": {"kafka_offset": offset}}]


def test_sink_offsets_are_kafka_topic_partition_and_offset(worker, input_file, tmp_path):
    create_sink_with_its_source(worker, "rest-sink", input_file, tmp_path)
    worker.wait_for(lambda: worker.offsets("rest-sink") == sink_offsets("rest-sink", LINES),
                    what="the sink's committed offset")
    code, answer = worker.request("PATCH", "/connectors/rest-sink/offsets", {"offsets": sink_offsets("rest-sink", 1)})
    assert (code, answer["message"]) == (400, NOT_STOPPED.replace("{name}", "rest-sink"))
    assert raw_request(worker, "PUT", "/connectors/rest-sink/stop")[0] == 204
    status = worker.wait_for_state("rest-sink", "STOPPED", [])
    assert status["type"] == "sink"
    assert worker.offsets("rest-sink") == sink_offsets("rest-sink", LINES)


def test_altering_the_offsets_of_a_stopped_sink(worker, input_file, tmp_path):
    out = create_sink_with_its_source(worker, "rest-sink-alter", input_file, tmp_path)
    worker.wait_for(lambda: worker.offsets("rest-sink-alter") == sink_offsets("rest-sink-alter", LINES),
                    what="the sink's committed offset")
    assert raw_request(worker, "PUT", "/connectors/rest-sink-alter/stop")[0] == 204
    worker.wait_for_state("rest-sink-alter", "STOPPED", [])
    code, answer = worker.request("PATCH", "/connectors/rest-sink-alter/offsets",
                                  {"offsets": sink_offsets("rest-sink-alter", 35)})
    assert code == 200 and answer["message"] in ALTERED, answer
    assert worker.offsets("rest-sink-alter") == sink_offsets("rest-sink-alter", 35)
    assert raw_request(worker, "PUT", "/connectors/rest-sink-alter/resume")[0] == 202
    expected = [line(i) for i in range(LINES)] + [line(i) for i in range(35, LINES)]
    worker.wait_for(lambda: read_lines(out) == expected, what="the sink to rewrite records 35..")


def test_delete_204_then_404(worker, input_file):
    create(worker, "rest-delete", source_config(input_file, "rest-delete"))
    code, body = worker.request("DELETE", "/connectors/rest-delete?offsets=maybe")
    assert code == 400 and "maybe" in body["message"]
    assert worker.request("GET", "/connectors/rest-delete")[0] == 200
    code, _, body = raw_request(worker, "DELETE", "/connectors/rest-delete")
    assert (code, body) == (204, b"")
    assert worker.request("DELETE", "/connectors/rest-delete") == (
        404, {"error_code": 404, "message": "Connector rest-delete not found"})
    assert "rest-delete" not in worker.request("GET", "/connectors")[1]
    assert worker.request("GET", "/connectors/rest-delete")[0] == 404
    assert worker.request("GET", "/connectors/rest-delete/status")[0] == 404


# --- plugins, validation ------------------------------------------------------------------------------------

def test_connector_plugins_lists_the_connectors_only(worker):
    code, plugins = worker.request("GET", "/connector-plugins")
    assert code == 200
    assert all(set(p) == {"class", "type", "version"} for p in plugins), plugins
    assert {(p["class"], p["type"]) for p in plugins} == {
        ("io.tributary.connect.file.FileTailSourceConnector", "source"),
        ("io.tributary.connect.file.FileSinkConnector", "sink"),
        ("io.tributary.connect.sqlite.SQLiteSinkConnector", "sink"),
        ("io.tributary.connect.postgres.PostgresSourceConnector", "source")}
    assert worker.request("GET", "/connector-plugins?connectorsOnly=true") == (200, plugins)


def test_connector_plugins_all_types(worker):
    code, plugins = worker.request("GET", "/connector-plugins?connectorsOnly=false")
    assert code == 200
    assert all(set(p) == {"class", "type", "version"} for p in plugins)
    listed = {(p["class"], p["type"]) for p in plugins}
    assert len(listed) == len(plugins), "duplicate entries"
    connectors = {(p["class"], p["type"]) for p in worker.request("GET", "/connector-plugins")[1]}
    assert connectors <= listed
    for entry in [
        ("org.apache.kafka.connect.storage.StringConverter", "converter"),
        ("org.apache.kafka.connect.json.JsonConverter", "converter"),
        ("org.apache.kafka.connect.converters.ByteArrayConverter", "converter"),
        ("org.apache.kafka.connect.transforms.Cast$Value", "transformation"),
        ("org.apache.kafka.connect.transforms.RegexRouter", "transformation"),
        ("org.apache.kafka.connect.transforms.InsertField$Value", "transformation"),
        ("org.apache.kafka.connect.transforms.Filter", "transformation"),
        ("org.apache.kafka.connect.transforms.predicates.TopicNameMatches", "predicate"),
        ("org.apache.kafka.connect.transforms.predicates.HasHeaderKey", "predicate"),
        ("org.apache.kafka.connect.transforms.predicates.RecordIsTombstone", "predicate"),
    ]:
        assert entry in listed, entry
    assert {p["type"] for p in plugins} >= {"source", "sink", "converter", "transformation", "predicate"}


def test_plugin_config_definitions(worker):
    code, definitions = worker.request("GET", "/connector-plugins/FileStreamSource/config")
    assert code == 200 and isinstance(definitions, list)
    assert all(set(d) == DEFINITION_KEYS for d in definitions), definitions[0]
    by_name = {d["name"]: d for d in definitions}
    assert len(by_name) == len(definitions)
    assert {"file", "topic", "batch.size", "name", "connector.class", "tasks.max"} <= set(by_name)
    assert by_name["topic"]["required"] is True and by_name["topic"]["default_value"] is None
    assert (by_name["batch.size"]["type"], by_name["batch.size"]["default_value"]) == ("INT", "2000")
    assert by_name["name"] == {
        "name": "name", "type": "STRING", "required": True, "default_value": None, "importance": "HIGH",
        "documentation": "Globally unique name to use for this connector.", "group": "Common",
        "order_in_group": 1, "width": "MEDIUM", "display_name": "Connector name", "dependents": []}
    # Every alias names the same plugin.
    for alias in ["FileTailSource", "FileTailSourceConnector", "FileStreamSourceConnector",
                  "org.apache.kafka.connect.file.FileStreamSourceConnector"]:
        assert worker.request("GET", f"/connector-plugins/{alias}/config") == (200, definitions), alias
    code, sink = worker.request("GET", "/connector-plugins/FileStreamSink/config")
    assert code == 200 and {"file", "topics", "topics.regex"} <= {d["name"] for d in sink}
    assert worker.request("GET", "/connector-plugins/NoSuchPlugin/config") == (
        404, {"error_code": 404, "message": "Unknown plugin NoSuchPlugin."})


def validate(worker, config, plugin="FileStreamSource"):
    return worker.request("PUT", f"/connector-plugins/{plugin}/config/validate", config)


def test_validate_valid_config(worker, input_file):
    code, result = validate(worker, {"connector.class": "FileStreamSource", "tasks.max": "1", "file": input_file,
                                     "topic": "rest-samples-src", "name": "v1"})
    assert code == 200
    assert set(result) == {"name", "error_count", "groups", "configs"}
    assert result["name"] == "FileStreamSource" and result["error_count"] == 0
    assert result["groups"][:len(KAFKA_VALIDATE_GROUPS)] == KAFKA_VALIDATE_GROUPS
    for entry in result["configs"]:
        assert set(entry) == {"definition", "value"}
        assert set(entry["definition"]) == DEFINITION_KEYS and set(entry["value"]) == VALUE_KEYS
        assert entry["value"]["name"] == entry["definition"]["name"]
        assert entry["value"]["errors"] == []
    values = {e["value"]["name"]: e["value"] for e in result["configs"]}
    assert values["name"] == {"name": "name", "value": "v1", "recommended_values": [], "errors": [], "visible": True}
    assert values["topic"]["value"] == "rest-samples-src" and values["file"]["value"] == input_file


def test_validate_reports_bad_tasks_max_and_missing_topic_as_kafka_does(worker, input_file):
    code, result = validate(worker, {"connector.class": "FileStreamSource", "name": "v2", "tasks.max": "zero",
                                     "file": input_file})
    assert code == 200
    assert result["error_count"] == 3
    errors = {e["value"]["name"]: e["value"]["errors"] for e in result["configs"] if e["value"]["errors"]}
    assert errors == {
        "tasks.max": ["Invalid value zero for configuration tasks.max: Not a number of type INT",
                      "Invalid value null for configuration tasks.max: Value must be non-null"],
        "topic": ['Missing required configuration "topic" which has no default value.'],
    }


def test_validate_bad_requests(worker):
    code, body = validate(worker, {"name": "v4"})
    assert code == 400 and body["error_code"] == 400 and body["message"].endswith("contains no connector type")
    code, body = validate(worker, {"connector.class": "NoSuchPlugin", "name": "v5"}, plugin="NoSuchPlugin")
    assert code == 400 and body["message"].startswith(
        "Failed to find any class that implements Connector and which name matches NoSuchPlugin, "
        "available connectors are: ")
    code, body = worker.request("PUT", "/connector-plugins/FileStreamSource/config/validate",
                                raw=b'{"name": "v6", "file": ')
    assert code == 400 and body["error_code"] == 400


def test_validate_without_connector_class_names_the_config_as_kafka_does(worker):
    code, body = validate(worker, {"name": "v4"})
    assert body["message"] == "Connector config {name=v4} contains no connector type"


# --- bad create bodies ----------------------------------------------------------------------------------------

def test_create_rejections(worker, input_file):
    names_before = worker.request("GET", "/connectors")[1]
    config = source_config(input_file, "rest-bad")
    empty_name = {"error_code": 400, "message": "Connector configuration is invalid and contains the following 1 "
                  "error(s):\nInvalid value  for configuration name: String may not be empty" + INVALID_SUFFIX}
    assert worker.request("POST", "/connectors", {"config": config}) == (400, empty_name)
    assert worker.request("POST", "/connectors", {"name": "", "config": config}) == (400, empty_name)

    code, body = worker.request("POST", "/connectors", {"name": "bad-class", "config": {
        **config, "connector.class": "com.example.NoSuchConnector"}})
    assert code == 400 and body["error_code"] == 400
    assert body["message"].startswith("Failed to find any class that implements Connector and which name matches "
                                      "com.example.NoSuchConnector, available connectors are: PluginDesc{")
    assert "io.tributary.connect.file.FileTailSourceConnector" in body["message"]

    assert worker.request("POST", "/connectors", {"name": "bad-tasks", "config": {**config, "tasks.max": "abc"}}) \
        == (400, {"error_code": 400, "message": "Connector configuration is invalid and contains the following 2 "
                  "error(s):\nInvalid value abc for configuration tasks.max: Not a number of type INT\nInvalid value "
                  "null for configuration tasks.max: Value must be non-null" + INVALID_SUFFIX})
    assert worker.request("POST", "/connectors", {"name": "no-class", "config": {"tasks.max": "1"}}) == (
        400, {"error_code": 400, "message": "Connector config {name=no-class, tasks.max=1} contains no connector type"})
    assert worker.request("POST", "/connectors", {"name": "name-mismatch", "config": {**config, "name": "other"}}) \
        == (400, {"error_code": 400, "message": "Connector name configuration (other) doesn't match connector name "
                  "in the URL (name-mismatch)"})

    # Kafka answers these with 500; a client error is a 400.
    for raw in [b'{"name": "broken", "config": {"connector.class": "FileStreamSource",', b"not json at all",
                b'{"name": "no-config"}', b"[]", b'{"name": "x", "config": "text"}']:
        code, body = worker.request("POST", "/connectors", raw=raw)
        assert code == 400 and body["error_code"] == 400 and body["message"], (raw, body)

    code, headers, body = raw_request(worker, "POST", "/connectors",
                                      json.dumps({"name": "wrong-ctype", "config": config}).encode(),
                                      {"Content-Type": "text/plain"})
    assert code == 415
    assert json.loads(body) == {"error_code": 415, "message": "HTTP 415 Unsupported Media Type"}
    assert worker.request("GET", "/connectors")[1] == names_before


def test_duplicate_name_is_409(worker, input_file):
    config = source_config(input_file, "rest-dup")
    create(worker, "rest-dup", config)
    assert worker.request("POST", "/connectors", {"name": "rest-dup", "config": {**config, "batch.size": "3"}}) == (
        409, {"error_code": 409, "message": "Connector rest-dup already exists"})
    assert worker.request("GET", "/connectors/rest-dup/config")[1] == {**config, "name": "rest-dup"}


# --- loggers --------------------------------------------------------------------------------------------------

def test_loggers_get_and_put(worker):
    code, loggers = worker.request("GET", "/admin/loggers")
    assert code == 200 and "root" in loggers
    assert all(set(v) == {"level", "last_modified"} for v in loggers.values()), loggers
    assert loggers["root"] == {"level": "INFO", "last_modified": None}
    assert worker.request("GET", "/admin/loggers/root") == (200, {"level": "INFO", "last_modified": None})

    before = int(time.time() * 1000)
    code, affected = worker.request("PUT", "/admin/loggers/org.apache.kafka.connect.file", {"level": "DEBUG"})
    assert code == 200 and "org.apache.kafka.connect.file" in affected
    assert all(name == "org.apache.kafka.connect.file" or name.startswith("org.apache.kafka.connect.file.")
               for name in affected)
    code, level = worker.request("GET", "/admin/loggers/org.apache.kafka.connect.file")
    assert code == 200 and level["level"] == "DEBUG"
    assert before - 1000 <= level["last_modified"] <= int(time.time() * 1000) + 1000
    assert worker.request("GET", "/admin/loggers")[1]["org.apache.kafka.connect.file"] == level

    assert worker.request("PUT", "/admin/loggers/org.apache.kafka.connect.file", {"level": "NOPE"}) == (
        404, {"error_code": 404, "message": "invalid log level 'NOPE'."})
    assert worker.request("GET", "/admin/loggers/org.apache.kafka.connect.file")[1] == level
    assert worker.request("PUT", "/admin/loggers/org.apache.kafka.connect.file", {"lvl": "INFO"}) == (
        400, {"error_code": 400, "message": "Desired 'level' parameter was not specified in request."})
    code, _, body = raw_request(worker, "PUT", "/admin/loggers/org.apache.kafka.connect.file?scope=cluster",
                                b'{"level": "INFO"}', {"Content-Type": "application/json"})
    assert (code, body) == (204, b"")
    assert worker.request("GET", "/admin/loggers/org.apache.kafka.connect.file")[1]["level"] == "INFO"


def test_loggers_not_set_over_rest_have_no_last_modified(tmp_path):
    fresh = Worker(tmp_path / "fresh").start()
    try:
        code, loggers = fresh.request("GET", "/admin/loggers")
    finally:
        assert fresh.stop() == 0
    assert code == 200 and "tributary.broker" in loggers
    assert {name: v["last_modified"] for name, v in loggers.items() if v["last_modified"] is not None} == {}


def test_logger_names_are_not_empty(worker):
    code, loggers = worker.request("GET", "/admin/loggers")
    assert code == 200
    assert "" not in loggers, sorted(loggers)


def test_setting_the_root_level_applies_to_every_logger(worker):
    try:
        code, affected = worker.request("PUT", "/admin/loggers/root", {"level": "WARN"})
        assert code == 200
        loggers = worker.request("GET", "/admin/loggers")[1]
        assert {name: v["level"] for name, v in loggers.items() if v["level"] != "WARN"} == {}
        assert set(affected) == set(loggers)
    finally:
        worker.request("PUT", "/admin/loggers/root", {"level": "INFO"})
        for name in ["tributary", "org.apache.kafka.connect.file"]:
            worker.request("PUT", f"/admin/loggers/{name}", {"level": "INFO"})


# --- metrics --------------------------------------------------------------------------------------------------

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="[^"]*"(,[a-zA-Z_][a-zA-Z0-9_]*="[^"]*")*)?\})?'
                    r' (-?[0-9.eE+-]+|NaN|\+Inf|-Inf)$')


def test_metrics_is_prometheus_text_with_task_state(worker, input_file):
    create_running_source(worker, "rest-metrics", input_file, "rest-metrics")
    worker.wait_for(lambda: worker.consume("rest-metrics") == [line(i) for i in range(LINES)],
                    what="rest-metrics to produce the file")
    code, headers, body = raw_request(worker, "GET", "/metrics")
    assert code == 200 and headers["Content-Type"].startswith("text/plain")
    text = body.decode()
    helps, types, samples = {}, {}, []
    for row in text.splitlines():
        if row.startswith("# HELP "):
            name, _, doc = row[7:].partition(" ")
            helps[name] = doc
        elif row.startswith("# TYPE "):
            name, _, kind = row[7:].partition(" ")
            assert kind in {"counter", "gauge", "summary", "histogram", "untyped"}, row
            types[name] = kind
        elif row:
            match = SAMPLE.match(row)
            assert match, f"not a Prometheus sample: {row!r}"
            samples.append(row)
    assert helps and set(helps) == set(types)
    assert "tributary_connect_task_state" in types
    assert 'tributary_connect_task_state{connector="rest-metrics",task="0",state="RUNNING"} 1' in samples
    assert 'tributary_connect_task_state{connector="rest-metrics",task="0",state="FAILED"} 0' in samples
    assert 'tributary_connect_connector_state{connector="rest-metrics",state="RUNNING"} 1' in samples
    written = [s for s in samples
               if s.startswith('tributary_connect_source_records_written_total{connector="rest-metrics",task="0"}')]
    assert written and float(written[0].rsplit(" ", 1)[1]) == LINES


# --- routing --------------------------------------------------------------------------------------------------

def test_unknown_path_404_and_wrong_method_405(worker, input_file):
    assert worker.request("GET", "/no/such/path") == (404, {"error_code": 404, "message": "HTTP 404 Not Found"})
    not_allowed = (405, {"error_code": 405, "message": "HTTP 405 Method Not Allowed"})
    assert worker.request("DELETE", "/connectors") == not_allowed
    create(worker, "rest-methods", source_config(input_file, "rest-methods"))
    assert worker.request("POST", "/connectors/rest-methods/status") == not_allowed
    assert worker.request("GET", "/connectors/rest-methods/restart") == not_allowed
    assert worker.request("POST", "/health") == not_allowed
