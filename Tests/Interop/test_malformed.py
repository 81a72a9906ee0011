"""Malformed input gets an error answer or a closed connection, never a crash; other clients keep working."""
import struct

import pytest

pytest.importorskip("kafka")
from rawkafka import RawConnection, string  # noqa: E402


def api_versions_works(broker) -> bool:
    conn = RawConnection(broker.bootstrap)
    try:
        body = conn.request(18, 0, b"")
        (error,) = struct.unpack(">h", body[:2])
        return error == 0
    finally:
        conn.close()


CASES = {
    "garbage": b"\xde\xad\xbe\xef" * 8,
    "oversized length": struct.pack(">i", 0x7FFFFFFF) + b"x" * 16,
    "negative length": struct.pack(">i", -5),
    "unknown api key": struct.pack(">i", 12) + struct.pack(">hhih", 999, 0, 1, -1) + b"\x00\x00",
    "unknown version": struct.pack(">i", 10) + struct.pack(">hhih", 3, 99, 1, -1),
    "truncated header": struct.pack(">i", 3) + b"\x00\x03\x00",
    "hostile array count": struct.pack(">i", 14) + struct.pack(">hhih", 3, 1, 1, -1) + struct.pack(">i", 0x7FFFFFF0),
    "truncated metadata topics": struct.pack(">i", 20) + struct.pack(">hhih", 3, 1, 1, -1) + struct.pack(">i", 1) + string("abcdefghijkl")[:6],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_malformed_request_closes_only_that_connection(broker, name):
    healthy = RawConnection(broker.bootstrap)
    bad = RawConnection(broker.bootstrap)
    bad.send_raw(CASES[name])
    assert bad.is_closed_by_peer(), f"{name}: the broker kept a connection that sent garbage"
    bad.close()
    body = healthy.request(18, 0, b"")
    assert struct.unpack(">h", body[:2])[0] == 0
    healthy.close()
    assert api_versions_works(broker), f"{name}: broker stopped serving"


def test_unsupported_api_versions_version_gets_v0_error_body(broker):
    conn = RawConnection(broker.bootstrap)
    body = conn.request(18, 99, b"")
    error, count = struct.unpack(">hi", body[:6])
    assert error == 35
    keys = [struct.unpack_from(">hhh", body, 6 + 6 * i)[0] for i in range(count)]
    assert 18 in keys and 0 in keys and 1 in keys
    conn.close()
