#!/bin/bash -eu
# Builds every libFuzzer target in Fuzz/ into $OUT as ClusterFuzzLite / OSS-Fuzz expect: the binary, its
# <target>.options (max_len, dict), the dictionaries, and <target>_seed_corpus.zip (fixture inputs under 64 KiB and
# the target's Fuzz/FailCases/). In the engine's image `precompile_swift` sets SWIFTFLAGS for $SANITIZER; without
# it (scripts/fuzz-build-all on a plain machine) the flags below are the same ones scripts/fuzz uses.
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
# shellcheck disable=SC2086 # SWIFTFLAGS is a list of flags
swift build --package-path Fuzz --scratch-path "$scratch" -c debug $SWIFTFLAGS
# shellcheck disable=SC2086
bin=$(swift build --package-path Fuzz --scratch-path "$scratch" -c debug $SWIFTFLAGS --show-bin-path)

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
    cp "$bin/$target" "$out/$target"
    [ -f "Fuzz/Options/$target.options" ] && cp "Fuzz/Options/$target.options" "$out/"
    corpus="$seeds/$target"
    mkdir -p "$corpus"
    find "$seeds" -maxdepth 1 -type f -exec cp {} "$corpus/" \;
    [ -d "Fuzz/FailCases/$target" ] && cp Fuzz/FailCases/"$target"/* "$corpus/"
    rm -f "$out/${target}_seed_corpus.zip"
    zip_folder "$corpus" "$out/${target}_seed_corpus.zip"
    count=$((count + 1))
done
echo "build.sh: $count fuzz targets in $out"
