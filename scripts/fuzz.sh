#!/usr/bin/env bash
# Coverage-guided fuzzing of the broker's input decoders (KafkaProtocol and KafkaRecords) with libFuzzer.
#
#   bash scripts/fuzz.sh [SECONDS] [extra libFuzzer flags...]    (default 600 seconds)
#
# Builds the library modules with libFuzzer's coverage instrumentation and AddressSanitizer into .build-fuzz/
# (never touching the normal .build/), compiles scripts/fuzz/ProtocolFuzzer.swift against them, writes a seed
# corpus and runs one fuzzing process. New inputs go to .build-fuzz/corpus/, crashes to .build-fuzz/artifacts/.
# Not part of CI. To replay one input: .build-fuzz/protocol-fuzzer FILE
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

seconds="${1:-600}"
shift || true

scratch=.build-fuzz
fuzzer="$scratch/protocol-fuzzer"
seeds="$scratch/seeds"
corpus="$scratch/corpus"
artifacts="$scratch/artifacts"

# 1. The library modules (KafkaProtocol and everything it depends on), instrumented. Swift code gets
#    -sanitize=fuzzer (edge coverage, cmp tracing) + ASan; C code gets the clang equivalents.
echo "fuzz: building instrumented modules into $scratch/"
swift build -c release --scratch-path "$scratch" --target KafkaProtocol \
    -Xswiftc -sanitize=fuzzer,address \
    -Xcc -fsanitize=fuzzer-no-link,address

bin="$(swift build -c release --scratch-path "$scratch" --show-bin-path)"

# 2. The harness, linked with the modules' objects. Only KafkaProtocol's dependency closure is built in this
#    scratch path; executables' and tests' objects (which would bring a second main) are left out regardless.
objects=()
while IFS= read -r -d '' object; do objects+=("$object"); done < <(
    find -L "$bin" -path "$bin/*.build/*" -name '*.o' \
        -not -path '*/Tributary.build/*' -not -path '*Tests.build/*' -not -path '*-tool.build/*' -print0 | sort -z)
module_maps=()
while IFS= read -r -d '' map; do module_maps+=(-Xcc "-fmodule-map-file=$map"); done < <(
    { find -L "$bin" -maxdepth 2 -path "$bin/*.build/module.modulemap" -print0
      find "$scratch/checkouts" -path '*/Sources/*/include/module.modulemap' -print0
      find Sources -name module.modulemap -print0; } | sort -z)

echo "fuzz: linking $fuzzer (${#objects[@]} objects)"
swiftc -O -swift-version 6 -parse-as-library -sanitize=fuzzer,address \
    -module-name ProtocolFuzzer -I "$bin/Modules" "${module_maps[@]}" \
    scripts/fuzz/ProtocolFuzzer.swift "${objects[@]}" \
    -lz -lsnappy -llz4 -lzstd -use-ld=lld \
    -o "$fuzzer"

# 3. Seeds: every request at every version (framed and bare), the golden RecordBatch fixtures, codec payloads.
rm -rf "$seeds"
mkdir -p "$seeds" "$corpus" "$artifacts"
# (It exits from LLVMFuzzerInitialize, where LeakSanitizer would report the still-live strings.)
ASAN_OPTIONS=detect_leaks=0 TRIBUTARY_FUZZ_WRITE_SEEDS="$seeds" TRIBUTARY_FUZZ_FIXTURES=Tests/KafkaRecordsTests/Fixtures "$fuzzer"

# 4. One fuzzing process. A single input taking over 10 s is a hang; one allocation over 64 MiB (inputs are at
#    most 16 KiB, decompression limits at most 1 MiB) is unbounded allocation.
echo "fuzz: running for ${seconds}s"
exec "$fuzzer" "$corpus" "$seeds" \
    -max_total_time="$seconds" \
    -max_len=16384 \
    -timeout=10 \
    -rss_limit_mb=2048 \
    -malloc_limit_mb=64 \
    -use_value_profile=1 \
    -print_final_stats=1 \
    -artifact_prefix="$artifacts/" \
    "$@"
