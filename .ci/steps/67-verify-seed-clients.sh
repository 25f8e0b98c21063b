#!/usr/bin/env bash
# `harness verify --client` (issue 18, docs/VERIFY.md): each seed client through its adapter
# (Tests/Interop/adapters/) over its service's scenarios. Their defects are verdicts, not failures: a scenario
# the seed client breaks lists it in `expectedFailures` with the defect (scripts/gen-scenarios.py), so any
# plain `fail` here is new behaviour. Then the deliberately broken adapters through the same --client path must
# fail the scenario they break, where the reference adapter (our own `harness connect`) passes it.
# Venvs as in 64-seed-adapters.sh (which creates them).
set -euo pipefail
cd "$(dirname "$0")/../.."
source .ci/lib.sh
venv=$(ensure_venv)
central_venv="${CI_VENV_PYCENTRAL:-$PWD/.venv-pycentral}"
harness=$(swift build --show-bin-path)/harness
export HARNESS_BIN="$harness"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
work=$(mktemp -d)
mkdir -p "$work/seed"
adapters=Tests/Interop/adapters
started=$(date +%s)
status=0
for row in "central pycentral $central_venv/bin/python" "eisy pyisyox $venv/bin/python" \
           "eventstreamer eventstreamer_sdk $venv/bin/python" "sse ctfy $venv/bin/python" "stream streamws $venv/bin/python"; do
    set -- $row
    echo "== $2 ($1/*)"
    "$harness" verify "$1/*" --parallel 6 --client "$3 $adapters/$2.py" --json "$work/seed/$2.json" || status=1
done
echo "seed clients: $(( $(date +%s) - started )) s"

# Broken adapters: each must fail its scenario (exit 1, verdict fail); the reference adapter must pass it.
for row in "drop_every_third sse/baseline" "no_last_event_id sse/last-event-id" "retry_403 sse/status-403-stop" \
           "drop_every_third eisy/baseline"; do
    set -- $row
    if "$harness" verify "$2" --client "$venv/bin/python $adapters/$1.py" --json "$work/broken.json" 2>"$work/broken.err"; then
        echo "verify: the broken adapter $1 passed $2" >&2
        cat "$work/broken.err" >&2
        status=1
    else
        echo "broken adapter $1 fails $2: $(sed -n 's/.*"details":\["\([^"]*\).*/\1/p' "$work/broken.json" | head -c 160)"
    fi
    "$harness" verify "$2" --client "sh $adapters/harness_connect.sh" >/dev/null 2>"$work/ref.err" || {
        echo "verify: the reference adapter failed $2" >&2
        cat "$work/ref.err" >&2
        status=1
    }
done
python3 scripts/verdict-table.py "$work"/seed/*.json > "$work/table.md" && cat "$work/table.md"
[ -z "${VERIFY_JSON_OUT:-}" ] || cp "$work"/seed/*.json "$VERIFY_JSON_OUT"/
exit $status
