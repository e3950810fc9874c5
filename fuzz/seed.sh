#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets under BUILD_DIR/fuzz/seeds/
# (default build-fuzz), from what the repository already has:
#   fuzz_frontend, fuzz_codegen  every .webx/.wx of tests/golden, examples
#                                and tests/e2e/projects
#   fuzz_config                  every webx.config.json, plus fuzz/seeds/config/
#   fuzz_http                    fuzz/seeds/http/*.http (raw requests), each
#                                behind three control prefixes (see
#                                fuzz/fuzz_http.cc): whole, in pieces, small limits
#   fuzz_bodies                  fuzz/seeds/bodies/
# The folders are rebuilt from scratch each time; the fuzzers' own corpora
# (BUILD_DIR/fuzz/corpus/) are left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build-fuzz}"
out="$build/fuzz/seeds"
rm -rf "$out"
mkdir -p "$out"/{fuzz_frontend,fuzz_codegen,fuzz_config,fuzz_http,fuzz_bodies}

# A file's repository path as a flat file name.
flat() { echo "$1" | tr '/' '_'; }

while IFS= read -r -d '' f; do
  cp "$f" "$out/fuzz_frontend/$(flat "$f")"
  cp "$f" "$out/fuzz_codegen/$(flat "$f")"
done < <(find tests/golden examples tests/e2e/projects -path '*/node_modules' -prune -o \
           -type f \( -name '*.webx' -o -name '*.wx' \) -print0)

while IFS= read -r -d '' f; do
  cp "$f" "$out/fuzz_config/$(flat "$f")"
done < <(find tests examples bench fuzz/seeds/config -path '*/node_modules' -prune -o \
           -type f \( -name 'webx.config.json' -o -path 'fuzz/seeds/config/*' \) -print0)

for f in fuzz/seeds/http/*.http; do
  name="$(basename "$f" .http)"
  # Control byte 0x00: one piece, default limits, app 0.
  { printf '\x00'; cat "$f"; } >"$out/fuzz_http/$name.whole"
  # 0x13: three piece sizes (1, 7, 32 bytes), app 1 (CORS with a list of origins).
  { printf '\x13\x00\x06\x1f'; cat "$f"; } >"$out/fuzz_http/$name.pieces"
  # 0x29: one piece size (3 bytes), small limits, app 2 (prod, CORS `*`).
  { printf '\x29\x02'; cat "$f"; } >"$out/fuzz_http/$name.small"
done

cp fuzz/seeds/bodies/* "$out/fuzz_bodies/"

for d in "$out"/*; do
  echo "seed: $(basename "$d"): $(find "$d" -type f | wc -l) files"
done
