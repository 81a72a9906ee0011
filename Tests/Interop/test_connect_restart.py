"""Connectors created over REST survive a restart of `tributary standalone` (SIGTERM, then start again with the
same data directory): configs, target states (RUNNING / PAUSED / STOPPED) and committed offsets come back, the
source resumes where it stopped and the sink does not write anything twice.

`DELETE /connectors/{n}?offsets=delete` forgets the offsets for good (a connector recreated with the same name
reads its file from the beginning); a plain DELETE keeps them, as Kafka does (the recreated connector resumes).

The tests of this module run in order on one worker and build on each other's state.
"""

import pytest

from connect_worker import Worker

LINE_BYTES = 51
FIRST = 40      # lines in the file before the first restart (2040 bytes, over the 1024-byte fingerprint)
MORE = 15       # lines appended after it


def line(i):
    return f"line-{i:04d} " + "x" * 40


def append_lines(path, start, stop):
    with open(path, "a") as f:
        f.write("".join(line(i) + "\n" for i in range(start, stop)))


def lines(start, stop):
    return [line(i) for i in range(start, stop)]


def read_lines(path):
    try:
        with open(path) as f:
            return f.read().splitlines()
    except FileNotFoundError:
        return []


def source(file, topic):
    return {"connector.class": "FileStreamSource", "tasks.max": "1", "file": file, "topic": topic}


def create(worker, name, config, **body):
    code, answer = worker.request("POST", "/connectors", {"name": name, "config": config, **body})
    assert code == 201, answer
    return answer


def position(worker, name):
    offsets = worker.offsets(name)
    if not offsets:
        return None
    assert len(offsets) == 1, offsets
    return offsets[0]["offset"].get("position")


def wait_for_position(worker, name, expected):
    worker.wait_for(lambda: position(worker, name) == expected, what=f"{name}'s offset to reach {expected}")


def restart(worker):
    code = worker.stop()
    assert code == 0, f"worker did not shut down cleanly: {worker.output()}"
    worker.start()


class State:
    """What the module's tests share."""


@pytest.fixture(scope="module")
def state(tmp_path_factory):
    root = tmp_path_factory.mktemp("connect-restart")
    s = State()
    s.input = str(root / "input.txt")
    s.output = str(root / "output.txt")
    append_lines(s.input, 0, FIRST)
    s.worker = Worker(root / "worker").start()
    w = s.worker
    s.configs = {
        "src": source(s.input, "restart-lines"),
        "keeper": source(s.input, "restart-keeper"),
        "sink": {"connector.class": "FileStreamSink", "tasks.max": "1", "topics": "restart-lines",
                 "file": s.output},
        "paused": source(s.input, "restart-paused"),
        "stopped": source(s.input, "restart-stopped"),
    }
    for name in ["src", "keeper", "sink"]:
        create(w, name, s.configs[name])
    create(w, "paused", s.configs["paused"], initial_state="PAUSED")
    create(w, "stopped", s.configs["stopped"], initial_state="PAUSED")
    w.wait_for_state("paused", "PAUSED", ["PAUSED"])
    w.wait_for_state("stopped", "PAUSED", ["PAUSED"])
    code, _ = w.request("PUT", "/connectors/stopped/stop")
    assert code == 204
    w.wait_for_state("stopped", "STOPPED", [])

    w.wait_for(lambda: read_lines(s.output) == lines(0, FIRST), what="the sink to write the first lines")
    wait_for_position(w, "src", FIRST * LINE_BYTES)
    wait_for_position(w, "keeper", FIRST * LINE_BYTES)
    sink_done = [{"partition": {"kafka_topic": "restart-lines", "kafka_partition": 0},
                  "offset": {"kafka_offset": FIRST}}]
    w.wait_for(lambda: w.offsets("sink") == sink_done, what="the sink's committed offset")
    s.offsets_before = {name: w.offsets(name) for name in s.configs}
    assert s.offsets_before["paused"] == [] and s.offsets_before["stopped"] == []

    restart(w)
    yield s
    if w.process is not None:
        code = w.stop()
        assert code == 0, f"worker did not shut down cleanly: {w.output()}"


def test_connectors_come_back_with_their_configs_and_target_states(state):
    w = state.worker
    code, names = w.request("GET", "/connectors")
    assert code == 200 and sorted(names) == sorted(state.configs)
    for name, config in state.configs.items():
        assert w.request("GET", f"/connectors/{name}/config") == (200, {**config, "name": name}), name
    w.wait_for_state("src", "RUNNING", ["RUNNING"])
    w.wait_for_state("keeper", "RUNNING", ["RUNNING"])
    assert w.wait_for_state("sink", "RUNNING", ["RUNNING"])["type"] == "sink"
    w.wait_for_state("paused", "PAUSED", ["PAUSED"])
    w.wait_for_state("stopped", "STOPPED", [])
    assert w.request("GET", "/connectors/stopped")[1]["tasks"] == []
    assert w.request("GET", "/connectors/paused")[1]["tasks"] == [{"connector": "paused", "task": 0}]


def test_committed_offsets_are_the_same_after_the_restart(state):
    for name, before in state.offsets_before.items():
        assert state.worker.offsets(name) == before, name


def test_source_resumes_from_its_offset_and_sink_writes_nothing_twice(state):
    w = state.worker
    append_lines(state.input, FIRST, FIRST + MORE)
    w.wait_for(lambda: read_lines(state.output) == lines(0, FIRST + MORE),
               what="the sink to write the appended lines")
    assert w.consume("restart-lines") == lines(0, FIRST + MORE)
    w.wait_for(lambda: w.consume("restart-keeper") == lines(0, FIRST + MORE), what="keeper's topic")
    wait_for_position(w, "src", (FIRST + MORE) * LINE_BYTES)
    wait_for_position(w, "keeper", (FIRST + MORE) * LINE_BYTES)
    # The sink has had time to see everything: still each line once.
    assert read_lines(state.output) == lines(0, FIRST + MORE)
    # Meanwhile the PAUSED and STOPPED connectors, which never ran, have produced nothing.
    assert not w.consume("restart-paused")
    assert not w.consume("restart-stopped")


def test_paused_and_stopped_connectors_resume_after_the_restart(state):
    w = state.worker
    for name in ["paused", "stopped"]:
        assert w.request("PUT", f"/connectors/{name}/resume")[0] == 202
    for name in ["paused", "stopped"]:
        w.wait_for_state(name, "RUNNING", ["RUNNING"])
        w.wait_for(lambda: w.consume(f"restart-{name}") == lines(0, FIRST + MORE), what=f"{name}'s topic")


def test_delete_with_offsets_delete_forgets_them_across_a_restart(state):
    w = state.worker
    wait_for_position(w, "src", (FIRST + MORE) * LINE_BYTES)
    code, body = w.request("DELETE", "/connectors/src?offsets=delete")
    assert (code, body) == (204, None)
    assert w.request("GET", "/connectors/src")[0] == 404
    restart(w)
    assert "src" not in w.request("GET", "/connectors")[1]
    assert w.request("GET", "/connectors/src/offsets")[0] == 404
    # Recreated under the same name, it starts from nothing and reads the whole file again.
    create(w, "src", source(state.input, "restart-lines-again"))
    w.wait_for_state("src", "RUNNING", ["RUNNING"])
    w.wait_for(lambda: w.consume("restart-lines-again") == lines(0, FIRST + MORE), what="the file read again")
    wait_for_position(w, "src", (FIRST + MORE) * LINE_BYTES)
    assert w.consume("restart-lines-again") == lines(0, FIRST + MORE)


def test_plain_delete_keeps_the_offsets_as_kafka_does(state):
    w = state.worker
    wait_for_position(w, "keeper", (FIRST + MORE) * LINE_BYTES)
    kept = w.offsets("keeper")
    code, body = w.request("DELETE", "/connectors/keeper")
    assert (code, body) == (204, None)
    restart(w)
    assert "keeper" not in w.request("GET", "/connectors")[1]
    # Recreated under the same name (to a new topic), it resumes: only lines appended later are read.
    create(w, "keeper", source(state.input, "restart-keeper-again"))
    w.wait_for_state("keeper", "RUNNING", ["RUNNING"])
    assert w.offsets("keeper") == kept
    append_lines(state.input, FIRST + MORE, FIRST + MORE + 3)
    w.wait_for(lambda: w.consume("restart-keeper-again") == lines(FIRST + MORE, FIRST + MORE + 3),
               what="only the new lines on the recreated connector's topic")
    wait_for_position(w, "keeper", (FIRST + MORE + 3) * LINE_BYTES)
    assert w.consume("restart-keeper-again") == lines(FIRST + MORE, FIRST + MORE + 3)
    # The recreated src went on reading; the sink, restarted twice more, has still written each line once (its
    # topic got nothing since src was deleted).
    w.wait_for(lambda: w.consume("restart-lines-again") == lines(0, FIRST + MORE + 3), what="src to catch up")
    assert w.consume("restart-lines") == lines(0, FIRST + MORE)
    assert w.offsets("sink") == [{"partition": {"kafka_topic": "restart-lines", "kafka_partition": 0},
                                  "offset": {"kafka_offset": FIRST + MORE}}]
    assert read_lines(state.output) == lines(0, FIRST + MORE)
