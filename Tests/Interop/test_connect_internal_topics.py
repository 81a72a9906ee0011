"""The worker's state in Kafka Connect's own formats, read back with a plain Kafka client (kafka-python), and the REST
token for mutating calls."""
import json

from connect_worker import Worker


def read_all(bootstrap, topic):
    from kafka import KafkaConsumer, TopicPartition

    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, api_version=(2, 5),
                             consumer_timeout_ms=1500)
    partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or []]
    consumer.assign(partitions)
    consumer.seek_to_beginning(*partitions)
    records = [record for record in consumer]
    consumer.close()
    return records


def test_internal_topics_use_kafka_connects_formats_and_are_compacted(tmp_path):
    source = tmp_path / "in.log"
    source.write_text("".join(f"line number {n} with some padding to make it long\n" for n in range(50)))
    worker = Worker(tmp_path / "worker", {"offset.flush.interval.ms": "200"}).start()
    code, _ = worker.request("POST", "/connectors", {"name": "fmt", "config": {
        "connector.class": "FileStreamSource", "file": str(source), "topic": "fmt-out"}})
    assert code == 201
    worker.wait_for(lambda: worker.offsets("fmt"), what="committed offsets")
    code, _ = worker.request("PUT", "/connectors/fmt/pause")
    assert code == 202
    worker.wait_for(lambda: (worker.status("fmt") or {}).get("connector", {}).get("state") == "PAUSED")

    configs = {r.key.decode(): (json.loads(r.value) if r.value else None)
               for r in read_all(worker.bootstrap, "connect-configs")}
    assert configs["connector-fmt"]["properties"]["connector.class"] == "FileStreamSource"
    assert configs["connector-fmt"]["properties"]["name"] == "fmt"
    assert configs["target-state-fmt"] == {"state": "PAUSED", "state.v2": "PAUSED"}
    assert configs["commit-fmt"] == {"tasks": 1}
    assert configs["task-fmt-0"]["properties"]["topic"] == "fmt-out"

    offsets = read_all(worker.bootstrap, "connect-offsets")
    assert offsets, "source offsets are in connect-offsets"
    key = json.loads(offsets[-1].key)
    value = json.loads(offsets[-1].value)
    assert isinstance(key, list) and key[0] == "fmt" and isinstance(key[1], dict), key
    assert value["position"] == source.stat().st_size and value["filename"] == str(source), value

    statuses = {r.key.decode(): json.loads(r.value) for r in read_all(worker.bootstrap, "connect-status") if r.value}
    assert statuses["status-connector-fmt"]["state"] == "PAUSED"
    assert statuses["status-task-fmt-0"]["worker_id"] == f"127.0.0.1:{worker.rest_port}"
    assert set(statuses["status-task-fmt-0"]) == {"state", "trace", "worker_id", "generation"}

    from kafka import KafkaAdminClient
    from kafka.admin import ConfigResource, ConfigResourceType
    admin = KafkaAdminClient(bootstrap_servers=worker.bootstrap, api_version=(2, 5))
    for topic in ("connect-offsets", "connect-configs", "connect-status"):
        response = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)])
        by_type = next(iter(response.values()))
        entries = by_type[topic]
        policy = entries["cleanup.policy"]
        policy = policy.get("value", policy.get("config_value")) if isinstance(policy, dict) else policy
        assert policy == "compact", (topic, entries["cleanup.policy"])
    admin.close()
    worker.stop()


def test_rest_auth_token_protects_mutating_calls(tmp_path):
    worker = Worker(tmp_path / "worker", {"rest.auth.token": "s3cret-token"}).start()
    body = {"name": "guarded", "config": {"connector.class": "FileStreamSink", "topics": "t",
                                          "file": str(tmp_path / "out.txt")}}
    code, answer = worker.request("POST", "/connectors", body)
    assert code == 401 and answer["error_code"] == 401, answer
    code, answer = worker.request("POST", "/connectors", body, headers={"Authorization": "Bearer wrong"})
    assert code == 401
    code, _ = worker.request("GET", "/connectors")
    assert code == 200, "reads stay open"
    code, answer = worker.request("POST", "/connectors", body, headers={"Authorization": "Bearer s3cret-token"})
    assert code == 201, answer
    worker.stop()
