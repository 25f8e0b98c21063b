#!/bin/bash -eu
# Builds every libFuzzer target in Fuzz/ into $OUT as ClusterFuzzLite / OSS-Fuzz expect: the binaries, their
# <target>.options (max_len, dict), the dictionaries, and <target>_seed_corpus.zip (fixture inputs under 64 KiB and
# the target's Fuzz/FailCases/). In the engine's image `precompile_swift` sets SWIFTFLAGS for $SANITIZER; without
# it (scripts/fuzz-build-all on a plain machine) the flags below are the same ones scripts/fuzz uses.
# `set` rather than the shebang's flags: both the engine and fuzz-build-all run it as `bash build.sh`, which
# ignores them, and a failed build or copy must stop it (a stale binary in $OUT would pass for a fresh one).
set -euo pipefail
root=${STREAMCODECS_SRC:-$SRC/streamcodecs}
out=${OUT:?OUT must name the output folder}
cd "$root"
if command -v precompile_swift >/dev/null 2>&1; then
    . precompile_swift
else
    # SwiftPM passes the two -sanitize flags separately and the later one wins; the combined flag appended last
    # keeps coverage instrumentation (scripts/fuzz says the same).
    SWIFTFLAGS="--sanitize=fuzzer --sanitize=${SANITIZER:-address} -Xswiftc -sanitize=fuzzer,${SANITIZER:-address}"
fi
scratch=${FUZZ_SCRATCH_PATH:-Fuzz/.build}
# Two builds of each target, as swift-protobuf's and grpc-swift's OSS-Fuzz projects do: <target> (debug: Swift's
# runtime checks at full strength) and <target>_release (-O: 4-5 times the executions per second).
# Product by product: a whole-package build would also link the root package's `harness` executable with the
# fuzzer runtime's `main` (the release link refuses it).
bins=()
for configuration in debug release; do
    for dir in Fuzz/Sources/Fuzz*/; do
        [ -f "$dir/main.swift" ] || continue
        # shellcheck disable=SC2086 # SWIFTFLAGS is a list of flags
        swift build --package-path Fuzz --scratch-path "$scratch" -c "$configuration" $SWIFTFLAGS \
            --product "$(basename "$dir")"
    done
    # shellcheck disable=SC2086
    bins+=("$(swift build --package-path Fuzz --scratch-path "$scratch" -c "$configuration" $SWIFTFLAGS --show-bin-path)")
done

seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
find Fixtures -type f \( -name '*.bin' -o -name '*.ndjson' \) -size -64k -exec cp -n {} "$seeds/" \; 2>/dev/null || true
zip_folder() { # zip_folder FOLDER ZIP: the files of FOLDER, flat
    if command -v zip >/dev/null 2>&1; then
        (cd "$1" && zip -q -j -r "$2" .)
    else
        python3 - "$1" "$2" <<'PY'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as archive:
    for name in sorted(os.listdir(sys.argv[1])):
        archive.write(os.path.join(sys.argv[1], name), name)
PY
    fi
}

cp Fuzz/Dictionaries/*.dict "$out/"
count=0
for dir in Fuzz/Sources/Fuzz*/; do
    target=$(basename "$dir")
    [ -f "$dir/main.swift" ] || continue
    corpus="$seeds/$target"
    mkdir -p "$corpus"
    find "$seeds" -maxdepth 1 -type f -exec cp {} "$corpus/" \;
    [ -d "Fuzz/FailCases/$target" ] && cp Fuzz/FailCases/"$target"/* "$corpus/"
    for name in "$target" "${target}_release"; do
        if [ "$name" = "$target" ]; then bin=${bins[0]}; else bin=${bins[1]}; fi
        rm -f "$out/$name"
        cp "$bin/$target" "$out/$name"
        [ -f "Fuzz/Options/$target.options" ] && cp "Fuzz/Options/$target.options" "$out/$name.options"
        rm -f "$out/${name}_seed_corpus.zip"
        zip_folder "$corpus" "$out/${name}_seed_corpus.zip"
        count=$((count + 1))
    done
done
echo "build.sh: $count fuzz binaries (debug and _release) in $out"
