#!/usr/bin/env bash
# Installs what Tributary needs to build and test on Debian 12 (Swift 6.3 is expected on PATH or in /opt/swift).
# With --with-clients it also installs the real Kafka clients the interop tests drive: Debian's kcat and, from
# PyPI, confluent-kafka, kafka-python, pytest and pytest-xdist.
set -euo pipefail

packages=(pkg-config zlib1g-dev libsnappy-dev liblz4-dev libzstd-dev libpq-dev postgresql postgresql-contrib libsqlite3-dev sqlite3)
if [[ " $* " == *" --with-clients "* ]]; then packages+=(kcat librdkafka-dev logrotate python3-pip); fi
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}"
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [[ " $* " == *" --with-clients "* ]]; then
    python3 - <<'PY' 2>/dev/null || python3 -m pip install -q confluent-kafka kafka-python pytest pytest-xdist
import confluent_kafka, kafka, pytest, xdist
PY
fi

if ! command -v swift >/dev/null 2>&1; then
    if [ -x /opt/swift/usr/bin/swift ]; then
        export PATH="/opt/swift/usr/bin:$PATH"
    else
        echo "setup: Swift 6.3 is required (https://www.swift.org/install/linux/); 'swift' is not on PATH" >&2
        exit 1
    fi
fi
