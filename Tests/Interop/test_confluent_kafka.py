"""confluent-kafka (librdkafka 2.x from PyPI): idempotent acks=all producer with every codec, admin client."""
import pytest

confluent_kafka = pytest.importorskip("confluent_kafka")
from confluent_kafka import Consumer, Producer, TopicPartition  # noqa: E402
from confluent_kafka.admin import (  # noqa: E402
    AdminClient,
    AlterConfigOpType,
    ConfigEntry,
    ConfigResource,
    NewPartitions,
    NewTopic,
)

RECORDS_PER_CODEC = 1_000_000


def produce(bootstrap, topic, count, codec):
    producer = Producer(
        {
            "bootstrap.servers": bootstrap,
            "enable.idempotence": True,
            "acks": "all",
            "compression.type": codec,
            "linger.ms": 5,
        }
    )
    errors = []

    def report(err, _msg):
        if err is not None:
            errors.append(err)

    for i in range(count):
        while True:
            try:
                producer.produce(topic, key=f"k{i % 1000}", value=f"{codec}-{i}".encode(), on_delivery=report)
                break
            except BufferError:
                producer.poll(0.01)
    assert producer.flush(60) == 0
    assert errors == []


def consume_all(bootstrap, topic, count, partition=0):
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "reader", "enable.auto.commit": False})
    consumer.assign([TopicPartition(topic, partition, 0)])
    values = []
    import time

    deadline = time.time() + 60
    while len(values) < count and time.time() < deadline:
        for message in consumer.consume(10_000, 1.0):
            assert message.error() is None, message.error()
            values.append((message.offset(), message.value()))
    consumer.close()
    return values


@pytest.mark.parametrize("codec", ["none", "gzip", "snappy", "lz4", "zstd"])
def test_idempotent_producer_acks_all_every_codec(broker, codec):
    topic = f"idempotent-{codec}"
    produce(broker.bootstrap, topic, RECORDS_PER_CODEC, codec)
    values = consume_all(broker.bootstrap, topic, RECORDS_PER_CODEC)
    assert [offset for offset, _ in values] == list(range(RECORDS_PER_CODEC))
    assert [value for _, value in values] == [f"{codec}-{i}".encode() for i in range(RECORDS_PER_CODEC)]


def test_admin_client_topics_configs_partitions(broker):
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    for future in admin.create_topics(
        [NewTopic("admin-a", 3, 1, config={"cleanup.policy": "compact"}), NewTopic("admin-b", 1, 1)]
    ).values():
        future.result()
    topics = admin.list_topics(timeout=10).topics
    assert {"admin-a", "admin-b"} <= set(topics)
    assert len(topics["admin-a"].partitions) == 3

    with pytest.raises(confluent_kafka.KafkaException) as duplicate:
        admin.create_topics([NewTopic("admin-a", 1, 1)])["admin-a"].result()
    assert duplicate.value.args[0].code() == confluent_kafka.KafkaError.TOPIC_ALREADY_EXISTS

    with pytest.raises(confluent_kafka.KafkaException):
        admin.create_topics([NewTopic("admin-c", 1, 3)])["admin-c"].result()

    admin.create_partitions([NewPartitions("admin-b", 4)])["admin-b"].result()
    assert len(admin.list_topics(timeout=10).topics["admin-b"].partitions) == 4

    described = list(admin.describe_configs([ConfigResource("topic", "admin-a")]).values())[0].result()
    assert described["cleanup.policy"].value == "compact"
    assert described["retention.ms"].value == "604800000"
    assert described["max.message.bytes"].value == "1048588"

    alter = ConfigResource(
        "topic", "admin-a", incremental_configs=[ConfigEntry("retention.ms", "1000", incremental_operation=AlterConfigOpType.SET)]
    )
    list(admin.incremental_alter_configs([alter]).values())[0].result()
    described = list(admin.describe_configs([ConfigResource("topic", "admin-a")]).values())[0].result()
    assert described["retention.ms"].value == "1000"

    admin.delete_topics(["admin-b"])["admin-b"].result()
    assert "admin-b" not in admin.list_topics(timeout=10).topics
