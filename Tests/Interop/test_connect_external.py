"""The worker against an external Kafka-compatible cluster (`bootstrap.servers` set): no embedded broker, the same
client code over TCP. Here the cluster is a separate `tributary broker` process."""
import time

from conftest import Broker
from connect_worker import Worker


def test_worker_uses_an_external_cluster_over_tcp(tmp_path):
    broker = Broker(str(tmp_path / "cluster")).start()
    try:
        source = tmp_path / "in.log"
        source.write_text("".join(f"line {n}\n" for n in range(100)))
        sink = tmp_path / "out.log"
        worker = Worker(tmp_path / "worker", {"bootstrap.servers": broker.bootstrap})
        worker.start()
        for name, config in {
            "ext-source": {"connector.class": "FileStreamSource", "file": str(source), "topic": "ext"},
            "ext-sink": {"connector.class": "FileStreamSink", "topics": "ext", "file": str(sink)},
        }.items():
            code, body = worker.request("POST", "/connectors", {"name": name, "config": config})
            assert code == 201, body
        worker.wait_for(lambda: sink.exists() and sink.read_text().count("\n") >= 100, what="100 lines in the sink")
        assert sink.read_text() == source.read_text()
        code, info = worker.request("GET", "/")
        assert code == 200 and info["kafka_cluster_id"], info
        worker.stop()

        from kafka import KafkaAdminClient
        admin = KafkaAdminClient(bootstrap_servers=broker.bootstrap, api_version=(2, 5))
        topics = set(admin.list_topics())
        admin.close()
        assert {"ext", "connect-offsets", "connect-configs", "connect-status"} <= topics, topics
        assert not (tmp_path / "worker" / "broker").exists(), "no embedded broker was started"
    finally:
        broker.stop()
