"""A minimal hand-written Kafka wire client for tests that need exact control over the bytes sent."""
import socket
import struct

from kafka.record.default_records import DefaultRecordBatchBuilder


class RawConnection:
    def __init__(self, bootstrap: str, timeout: float = 10.0):
        host, port = bootstrap.split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=timeout)
        self.correlation = 0

    def close(self):
        self.sock.close()

    def send_frame(self, payload: bytes):
        self.sock.sendall(struct.pack(">i", len(payload)) + payload)

    def send_raw(self, data: bytes):
        self.sock.sendall(data)

    def recv_exact(self, n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise ConnectionError("connection closed")
            data += chunk
        return data

    def recv_frame(self) -> bytes:
        (size,) = struct.unpack(">i", self.recv_exact(4))
        return self.recv_exact(size)

    def request(self, api_key: int, version: int, body: bytes) -> bytes:
        """Sends a non-flexible request (header v1) and returns the response body after the correlation id."""
        self.correlation += 1
        client = b"raw-test"
        header = struct.pack(">hhih", api_key, version, self.correlation, len(client)) + client
        self.send_frame(header + body)
        response = self.recv_frame()
        (correlation,) = struct.unpack(">i", response[:4])
        assert correlation == self.correlation
        return response[4:]

    def is_closed_by_peer(self, wait: float = 5.0) -> bool:
        self.sock.settimeout(wait)
        try:
            return self.sock.recv(1) == b""
        except (ConnectionResetError, BrokenPipeError):
            return True
        except socket.timeout:
            return False


def string(value: str) -> bytes:
    data = value.encode()
    return struct.pack(">h", len(data)) + data


def init_producer_id(conn: RawConnection):
    body = struct.pack(">hi", -1, 60000)  # null transactional id, timeout
    response = conn.request(22, 1, body)
    _throttle, error, producer_id, epoch = struct.unpack(">ihqh", response)
    assert error == 0
    return producer_id, epoch


def idempotent_batch(producer_id: int, epoch: int, sequence: int, values) -> bytes:
    builder = DefaultRecordBatchBuilder(
        magic=2, compression_type=0, is_transactional=0, producer_id=producer_id, producer_epoch=epoch,
        base_sequence=sequence, batch_size=1 << 20,
    )
    for index, value in enumerate(values):
        builder.append(index, timestamp=1_700_000_000_000 + index, key=None, value=value, headers=[])
    return bytes(builder.build())


def produce(conn: RawConnection, topic: str, partition: int, records: bytes, acks: int = -1):
    """Produce v3 with one partition; returns (error code, base offset)."""
    body = struct.pack(">hhi", -1, acks, 30000)  # null transactional id, acks, timeout
    body += struct.pack(">i", 1) + string(topic) + struct.pack(">i", 1)
    body += struct.pack(">ii", partition, len(records)) + records
    response = conn.request(0, 3, body)
    offset = 4  # topic array count
    (count,) = struct.unpack_from(">i", response, 0)
    assert count == 1
    (name_length,) = struct.unpack_from(">h", response, offset)
    offset += 2 + name_length
    (_partitions,) = struct.unpack_from(">i", response, offset)
    offset += 4
    _index, error, base_offset = struct.unpack_from(">ihq", response, offset)
    return error, base_offset
