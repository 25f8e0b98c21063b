#!/usr/bin/env bash
# A short smoke run of every libFuzzer target in Fuzz/ (scripts/fuzz: libFuzzer + ASan, seeded with the fixture
# inputs and the target's saved Fuzz/FailCases corpus). FUZZ_SMOKE_SECONDS per target (default 30; 12 targets
# are about 6 minutes after the first build). A crash, leak or oracle violation fails the step; the crasher is
# in Fuzz/artifacts/<target>/ (copy it to Fuzz/FailCases/<target>/ so `swift test` replays it).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${FUZZ_SMOKE_SECONDS:-30}
failed=()
for dir in Fuzz/Sources/Fuzz*/; do
    target=$(basename "$dir")
    [ -f "$dir/main.swift" ] || continue
    echo "fuzz-smoke: $target for ${seconds}s"
    if ! scripts/fuzz "$target" "$seconds"; then failed+=("$target"); fi
done
if [ "${#failed[@]}" -gt 0 ]; then
    echo "fuzz-smoke: failed: ${failed[*]}" >&2
    exit 1
fi
echo "fuzz-smoke: every target ran ${seconds}s clean"
