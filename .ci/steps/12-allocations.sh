#!/usr/bin/env bash
# Allocation thresholds (issue 13 §4): every case in Tests/AllocationTests allocates at most its committed count
# (Tests/AllocationTests/Thresholds/*.json, exact per-thread malloc counts of the debug build `swift test` uses).
# Then the guard itself: with one threshold lowered below its measured count the same tests must fail.
# Re-record after an intended change: ALLOCATION_THRESHOLDS_RECORD=1 swift test --filter AllocationTests.
set -euo pipefail
cd "$(dirname "$0")/../.."

swift build --build-tests >/dev/null
swift test --skip-build --filter AllocationTests

worse=$(mktemp -d)
trap 'rm -rf "$worse"' EXIT
cp Tests/AllocationTests/Thresholds/*.json "$worse/"
# Lower the largest SSE threshold by one: the case now allocates more than its threshold.
python3 - "$worse/sse.json" <<'PY'
import json, sys
path = sys.argv[1]
thresholds = json.load(open(path))
name = max(thresholds, key=thresholds.get)
thresholds[name] -= 1
json.dump(thresholds, open(path, "w"), indent=2, sort_keys=True)
print(f"lowered sse/{name} to {thresholds[name]}")
PY
if ALLOCATION_THRESHOLDS="$worse" swift test --skip-build --filter AllocationTests >"$worse/out.txt" 2>&1; then
    echo "FAIL: a threshold below the measured count did not fail the allocation tests"
    exit 1
fi
grep -m1 "allocations, threshold" "$worse/out.txt"
echo "ok: a lowered threshold fails the allocation tests"
