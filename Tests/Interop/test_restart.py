"""Stopping the broker (SIGTERM, and separately SIGKILL) loses nothing acknowledged with acks=all, and an
idempotent producer's retried batch after the restart is answered with its original offsets."""
import signal

import pytest

pytest.importorskip("confluent_kafka")
pytest.importorskip("kafka")
from confluent_kafka import Producer  # noqa: E402

from rawkafka import RawConnection, idempotent_batch, init_producer_id, produce  # noqa: E402
from test_confluent_kafka import consume_all  # noqa: E402


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGKILL])
def test_acknowledged_records_survive_restart(broker_factory, stop_signal):
    broker = broker_factory().start()
    acknowledged = []
    producer = Producer({"bootstrap.servers": broker.bootstrap, "acks": "all", "enable.idempotence": True, "linger.ms": 2})

    def report(err, msg):
        if err is None:
            acknowledged.append((msg.offset(), msg.value()))

    for i in range(20_000):
        producer.produce("durable", value=f"record-{i}".encode(), on_delivery=report)
        if i % 1000 == 0:
            producer.poll(0)
    assert producer.flush(60) == 0
    assert len(acknowledged) == 20_000
    code = broker.stop(stop_signal)
    if stop_signal == signal.SIGTERM:
        assert code == 0, broker.output()
    restarted = broker_factory().__class__(broker.data_dir)
    restarted.port = broker.port
    restarted.start()
    try:
        values = consume_all(restarted.bootstrap, "durable", 20_000)
        assert sorted(acknowledged) == values
    finally:
        assert restarted.stop() == 0


def test_idempotent_retry_after_restart_gets_original_offsets(broker_factory):
    broker = broker_factory().start()
    conn = RawConnection(broker.bootstrap)
    producer_id, epoch = init_producer_id(conn)
    from confluent_kafka.admin import AdminClient, NewTopic

    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    admin.create_topics([NewTopic("idem", 1, 1)])["idem"].result()
    first = idempotent_batch(producer_id, epoch, 0, [b"a", b"b", b"c"])
    second = idempotent_batch(producer_id, epoch, 3, [b"d", b"e"])
    assert produce(conn, "idem", 0, first) == (0, 0)
    assert produce(conn, "idem", 0, second) == (0, 3)
    # A retry before the restart is deduplicated...
    assert produce(conn, "idem", 0, second) == (0, 3)
    # ...and a gap is refused with OUT_OF_ORDER_SEQUENCE_NUMBER (45).
    gap = idempotent_batch(producer_id, epoch, 9, [b"z"])
    assert produce(conn, "idem", 0, gap)[0] == 45
    conn.close()
    broker.stop(signal.SIGKILL)

    restarted = broker.__class__(broker.data_dir)
    restarted.port = broker.port
    restarted.start()
    try:
        conn = RawConnection(restarted.bootstrap)
        assert produce(conn, "idem", 0, second) == (0, 3), "retry after restart must get the original offsets"
        third = idempotent_batch(producer_id, epoch, 5, [b"f"])
        assert produce(conn, "idem", 0, third) == (0, 5)
        conn.close()
        values = consume_all(restarted.bootstrap, "idem", 6)
        assert [value for _, value in values] == [b"a", b"b", b"c", b"d", b"e", b"f"]
    finally:
        assert restarted.stop() == 0
