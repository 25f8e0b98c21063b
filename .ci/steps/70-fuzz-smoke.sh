#!/usr/bin/env bash
# Fuzzing in CI (issue 20): scripts/fuzz-build-all builds every libFuzzer target exactly as ClusterFuzzLite's
# .clusterfuzzlite/build.sh does (binaries, options, dictionaries, seed corpora) and runs each on its seed corpus;
# then a smoke run of every target (scripts/fuzz: libFuzzer + ASan with the target's options, seeded with the
# fixture inputs and its Fuzz/FailCases corpus), FUZZ_SMOKE_SECONDS each (default 30; 23 targets are about 12
# minutes after the build). A crash, leak or oracle violation fails the step; the crasher is in
# Fuzz/artifacts/<target>/ (copy it to Fuzz/FailCases/<target>/ so `swift test` replays it).
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/fuzz-build-all
seconds=${FUZZ_SMOKE_SECONDS:-30}
failed=()
for dir in Fuzz/Sources/Fuzz*/; do
    target=$(basename "$dir")
    [ -f "$dir/main.swift" ] || continue
    echo "fuzz-smoke: $target for ${seconds}s"
    if ! FUZZ_FRESH_CORPUS=1 scripts/fuzz "$target" "$seconds"; then failed+=("$target"); fi
done
if [ "${#failed[@]}" -gt 0 ]; then
    echo "fuzz-smoke: failed: ${failed[*]}" >&2
    exit 1
fi
echo "fuzz-smoke: every target ran ${seconds}s clean"
