#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer into build-fuzz/, replays the saved reproducers
# (fuzz/regressions/), then runs every target for SECONDS (default 60) on
# its seeds (fuzz/seed.sh) and its persistent corpus (build-fuzz/fuzz/corpus/).
# Prints one line per target with its number of executions. Exits 1 on any
# crash, leak, timeout or out-of-memory, naming the reproducer.
#
#   scripts/fuzz.sh                 # every target, 60 s each
#   scripts/fuzz.sh 600 fuzz_http   # one target, 10 minutes
#   FUZZ_JOBS=2 scripts/fuzz.sh     # two targets at a time
#   FUZZ_ASAN=0 FUZZ_MAX_LEN=1024 scripts/fuzz.sh 3600 fuzz_frontend
#
# FUZZ_ASAN=0 builds build-fuzz-fast/ with coverage and UBSan but without
# AddressSanitizer, for the long runs of the front-end targets: ANTLR's
# full-context prediction on broken input allocates and dynamic_casts so
# much that ASan makes them 10-20 times slower (bench/RESULTS.md has the
# numbers). CI always fuzzes with ASan. FUZZ_MAX_LEN caps the size of the
# inputs libFuzzer makes (default: the largest seed); FUZZ_FLAGS are more
# libFuzzer flags, e.g. "-entropic=0" (libFuzzer's entropic schedule spends
# most of a front-end run updating its feature frequencies).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
targets=("$@")
((${#targets[@]})) || targets=(fuzz_http fuzz_bodies fuzz_frontend fuzz_codegen fuzz_config)
jobs="${FUZZ_JOBS:-1}"
build=build-fuzz
sanitizers_on="address,undefined"
if [ "${FUZZ_ASAN:-1}" = 0 ]; then
  build=build-fuzz-fast
  sanitizers_on="undefined"
fi
extra=()
[ -n "${FUZZ_MAX_LEN:-}" ] && extra+=(-max_len="$FUZZ_MAX_LEN")
read -r -a flags <<<"${FUZZ_FLAGS:-}"
extra+=("${flags[@]}")

# Coverage for libFuzzer plus ASan and UBSan on every library; the targets
# link libFuzzer itself (-fsanitize=fuzzer, fuzz/CMakeLists.txt). The only C
# code is Duktape (third-party), built with ASan and UBSan but without
# coverage (its branches are the engine's, not ours, and counting them made
# starting an engine four times slower) and without UBSan's pointer-overflow
# check: Duktape does arithmetic on null pointers (`NULL + 0` in
# duk_hobject_props.c and a dozen other places).
sanitizers="-fno-sanitize-recover=undefined -fno-omit-frame-pointer -g -O1"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=None \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,$sanitizers_on $sanitizers" \
  -DCMAKE_C_FLAGS="-fsanitize=$sanitizers_on -fno-sanitize=pointer-overflow $sanitizers" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=$sanitizers_on" \
  -DWEBX_FUZZ=ON -DWEBX_FUZZ_SANITIZERS="$sanitizers_on" >/dev/null
cmake --build "$build" -j2 --target "${targets[@]}"
fuzz/seed.sh "$build" >/dev/null

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp:print_suppressions=0:${LSAN_OPTIONS:-}"

failed=0
# The reproducers of past findings first: a regression shows here in
# seconds rather than somewhere in a long run.
selected="$(IFS='|'; echo "${targets[*]}")"
if ! ctest --test-dir "$build" -L fuzz -R "^fuzz\.($selected)\.regressions\$" --output-on-failure -j2 \
    >"$build/fuzz/regressions.log" 2>&1; then
  grep -E "FUZZ FINDING|ERROR: |runtime error|Failed|Running: " "$build/fuzz/regressions.log" | head -20 >&2 || true
  echo "fuzz: a reproducer in fuzz/regressions/ still fails (log: $build/fuzz/regressions.log)"
  failed=1
fi

dict_of() {
  case "$1" in
    fuzz_http) echo fuzz/http.dict ;;
    fuzz_bodies) echo fuzz/bodies.dict ;;
    fuzz_config) echo fuzz/config.dict ;;
    *) echo fuzz/webx.dict ;;
  esac
}

# run TARGET: fuzzes it for $seconds; its log is build-fuzz/fuzz/logs/TARGET.log.
run() {
  local t="$1"
  local corpus="$build/fuzz/corpus/$t" artifacts="$build/fuzz/artifacts/$t/" log="$build/fuzz/logs/$t.log"
  mkdir -p "$corpus" "$artifacts" "$build/fuzz/logs"
  local start=$SECONDS status=0
  "$build/fuzz/$t" "$corpus" "$build/fuzz/seeds/$t" -dict="$(dict_of "$t")" \
    "${extra[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts" >"$log" 2>&1 || status=$?
  local runs
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  runs="${runs:-0}"
  local took=$((SECONDS - start))
  if ((status != 0)); then
    local unit
    unit="$(sed -n 's/.*Test unit written to //p' "$log" | tail -1)"
    grep -E "ERROR: |FUZZ FINDING|runtime error|libFuzzer: " "$log" | head -5 >&2 || true
    echo "fuzz: $t: FAILED after $runs executions in ${took} s (exit $status); reproducer: ${unit:-none, see $log}"
    echo "fuzz:   replay: $build/fuzz/$t ${unit:-UNIT}; minimize: $build/fuzz/$t -minimize_crash=1 -runs=100000 ${unit:-UNIT}"
    echo "fuzz:   then save it as fuzz/regressions/$t/<name> (see fuzz/README.md)"
    return 1
  fi
  echo "fuzz: $t: $runs executions in ${took} s ($((runs / (took > 0 ? took : 1)))/s), corpus $(find "$corpus" -type f | wc -l) files, no findings"
}

pids=()
for t in "${targets[@]}"; do
  if ((jobs > 1)); then
    run "$t" &
    pids+=($!)
    if ((${#pids[@]} >= jobs)); then
      wait "${pids[0]}" || failed=1
      pids=("${pids[@]:1}")
    fi
  else
    run "$t" || failed=1
  fi
done
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
exit "$failed"
