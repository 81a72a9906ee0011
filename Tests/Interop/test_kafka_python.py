"""kafka-python (pure Python, independent of librdkafka): produce and consume."""
import pytest

kafka = pytest.importorskip("kafka")


def test_produce_and_consume(broker):
    producer = kafka.KafkaProducer(bootstrap_servers=broker.bootstrap, acks="all", linger_ms=5)
    for i in range(5000):
        producer.send("kafka-python", key=f"k{i}".encode(), value=f"v{i}".encode())
    producer.flush(30)
    producer.close()
    consumer = kafka.KafkaConsumer(
        bootstrap_servers=broker.bootstrap, auto_offset_reset="earliest", enable_auto_commit=False,
        consumer_timeout_ms=5000,
    )
    consumer.assign([kafka.TopicPartition("kafka-python", 0)])
    consumer.seek_to_beginning()
    values = [message.value for message in consumer]
    consumer.close()
    assert values == [f"v{i}".encode() for i in range(5000)]
