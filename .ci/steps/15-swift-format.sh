#!/usr/bin/env bash
# Style (issue 13 §4): `swift format lint` from the toolchain with the repository's .swift-format. Every rule the
# configuration enables must have no finding. The pretty-printer's whitespace findings (Indentation, AddLines,
# RemoveLine, LineLength, Spacing, TrailingComma) cannot be switched off by configuration (swift-format issue
# 764) and the tree predates the configuration, so they are counted and shown but not enforced until the tree is
# reformatted in one sweep; TrailingWhitespace is enforced (the tree has none).
# SWIFT_FORMAT_PATHS overrides what is linted (default: Sources Tests).
set -euo pipefail
cd "$(dirname "$0")/../.."

paths=${SWIFT_FORMAT_PATHS:-Sources Tests}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
# shellcheck disable=SC2086
swift format lint --configuration .swift-format -r $paths >"$out" 2>&1 || true

not_enforced='\[(Indentation|AddLines|RemoveLine|LineLength|Spacing|TrailingComma)\]'
enforced=$(grep -E 'warning: \[|error:' "$out" | grep -Ev "$not_enforced" || true)
echo "whitespace findings not enforced yet: $(grep -Ec "$not_enforced" "$out" || true)"
if [ -n "$enforced" ]; then
    echo "$enforced"
    echo "FAIL: $(echo "$enforced" | wc -l) swift-format finding(s)"
    exit 1
fi
echo "ok: swift format lint, no enforced finding"
