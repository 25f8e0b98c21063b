#!/usr/bin/env bash
# Public API compatibility (issue 13 §4): `swift package diagnose-api-breaking-changes` against the newest tag.
# No release has been tagged yet, so until the first tag this step only says so and passes; from then on a
# breaking change to a library product's public API fails it (record intended breaks in CHANGELOG.md and tag).
set -euo pipefail
cd "$(dirname "$0")/../.."

tag=$(git describe --tags --abbrev=0 2>/dev/null || true)
if [ -z "$tag" ]; then
    echo "skipped: no tag yet, so no baseline to diff the public API against (CHANGELOG.md)"
    exit 0
fi
echo "diffing the public API against $tag"
swift package diagnose-api-breaking-changes "$tag"
