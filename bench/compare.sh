#!/usr/bin/env bash
# Runs Nabla's generated trainers and the hand-written Java baselines for the reference models B1-B4
# back to back on this machine, prints every RESULT line, then the ratios (only ratios from one run
# mean anything on a shared machine).
#
# Usage: bench/compare.sh                 (from the repository root; builds what it needs)
#   BASELINE=/path/to/bench               the baselines' folder (default: ../shared/bench beside the repository)
#   MODELS="B1 B2"                        subset of models
#   QUICK=1                               shorter warm-up and windows (for a smoke run, not for numbers)
#   SKIP_BUILD=1                          reuse the previous builds
# Output also goes to bench/results/compare-<UTC time>.txt.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASELINE=${BASELINE:-"$root/../shared/bench"}
MODELS=${MODELS:-"B1 B2 B3 B4"}
JAVA=${JAVA:-java}
VEC="--add-modules jdk.incubator.vector -XX:PerMethodTrapLimit=10000"
JVM_FLAGS=${JVM_FLAGS:-"-Xms1g -Xmx4g"}
if [ -n "${QUICK:-}" ]; then
  BENCH_FLAGS=${BENCH_FLAGS:-"-Dbench.warmupSec=1 -Dbench.minWarmSteps=100 -Dbench.windows=3 -Dbench.windowSec=0.1"}
else
  BENCH_FLAGS=${BENCH_FLAGS:-"-Dbench.warmupSec=4 -Dbench.minWarmSteps=300 -Dbench.windows=7 -Dbench.windowSec=0.3"}
fi
mkdir -p "$root/bench/results"
out="$root/bench/results/compare-$(date -u +%Y%m%dT%H%M%SZ).txt"
log() { echo "$@" | tee -a "$out"; }

# ---- build
hand="$(mktemp -d)"
trap 'rm -rf "$hand"' EXIT
if [ -z "${SKIP_BUILD:-}" ] || [ ! -f "$root/bench/target/classpath.txt" ]; then
  (cd "$root" && mvn -q -B -ntp -DskipTests -pl bench -am package) >&2
fi
have_hand=0
if [ -d "$BASELINE/handwritten" ]; then
  cp -r "$BASELINE/handwritten" "$hand/handwritten" && chmod -R u+w "$hand/handwritten"
  (cd "$hand/handwritten" && mvn -q -B -ntp package) >&2 && have_hand=1
else
  echo "compare.sh: no baselines at $BASELINE (set BASELINE); running Nabla only" >&2
fi
NABLA_CP="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"

log "# compare $(date -u +%FT%TZ) host=$(hostname) cpus=$(nproc) $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
log "# java: $($JAVA -version 2>&1 | head -1)  JVM_FLAGS=$JVM_FLAGS BENCH_FLAGS=$BENCH_FLAGS"

run() { # label, command...: one JVM, RESULT lines to the log
  local label=$1; shift
  "$@" 2>/dev/null | grep '^RESULT' | sed "s/\$/ jvm=$label/" | tee -a "$out" || log "FAILED jvm=$label"
}

# ---- steps: one JVM per model and variant, Nabla and the baselines interleaved
for m in $MODELS; do
  run "nabla-$m" $JAVA $VEC $JVM_FLAGS $BENCH_FLAGS -cp "$NABLA_CP" dev.nabla.bench.BenchMain step "$m"
  if [ $have_hand = 1 ]; then
    for v in blocked vector; do
      run "hand-$v-$m" $JAVA $VEC $JVM_FLAGS $BENCH_FLAGS -cp "$hand/handwritten/target/classes" anchors.HandMain "$v" "$m"
    done
  fi
done

# ---- threads: B2 at batch 512 on 1 and 2 threads
if [[ " $MODELS " == *" B2 "* ]]; then
  for t in 1 2; do
    run "nabla-B2-512-t$t" $JAVA $VEC $JVM_FLAGS $BENCH_FLAGS -Dbench.batch=512 -Dbench.threads=$t -cp "$NABLA_CP" \
      dev.nabla.bench.BenchMain step B2
  done
fi

# ---- compile latency: a cold JVM per model, then warm in one JVM
for m in $MODELS; do
  run "nabla-cold-$m" $JAVA $VEC $JVM_FLAGS -cp "$NABLA_CP" dev.nabla.bench.BenchMain compile-cold "$m"
done
run "nabla-warm" $JAVA $VEC $JVM_FLAGS -cp "$NABLA_CP" dev.nabla.bench.BenchMain compile-warm $MODELS

# ---- ratios
log ""
log "# ratio = Nabla ms/step / fastest hand-written ms/step (below 1: Nabla faster; target <= 1.11, i.e. >= 0.9x the speed)"
awk '
  /^RESULT/ {
    fw=""; v=""; m=""; t=""; b=""; ms=""; fe=""; tj=""; jn=""; in_=""; cl=""; jt="";
    for (i = 2; i <= NF; i++) { split($i, kv, "="); k=kv[1]; val=substr($i, length(k)+2);
      if (k=="framework") fw=val; else if (k=="variant") v=val; else if (k=="model") m=val;
      else if (k=="threads") t=val; else if (k=="batch") b=val; else if (k=="median_ms") ms=val;
      else if (k=="front_end_ms") fe=val; else if (k=="to_java_ms") tj=val; else if (k=="janino_ms") jn=val;
      else if (k=="instantiate_ms") in_=val; else if (k=="classes_loaded") cl=val; else if (k=="jit_ms") jt=val; }
    if (fw=="nabla" && v !~ /^compile/ && t==1) { key=m "@" b; if (!(key in nab)) nab[key]=ms; }
    if (fw=="nabla" && v !~ /^compile/) thr[m "@" b "@" t]=ms;
    if (fw=="handwritten") { key=m "@" b; hv[key "@" v]=ms; if (!(key in best) || ms+0 < best[key]+0) { best[key]=ms; bv[key]=v } }
    if (fw=="nabla" && v ~ /^compile/) comp[m "@" v]=ms;
    if (fw=="nabla" && v=="compile-cold" && fe!="") detail[m "@" v]=sprintf("  (front end %s, to Java %s, Janino %s, instantiate %s ms; %s classes loaded, JIT busy %s ms)", fe, tj, jn, in_, cl, jt);
  }
  END {
    printf "%-18s %12s %14s %14s %10s\n", "model", "nabla_ms", "hand_blocked", "hand_vector", "ratio";
    for (k in nab) if (k in best) printf "%-18s %12.6f %14.6f %14.6f %10.3f\n", k, nab[k], hv[k "@blocked"], hv[k "@vector"], nab[k]/best[k];
    for (k in nab) if (!(k in best)) printf "%-18s %12.6f %14s %14s %10s\n", k, nab[k], "-", "-", "-";
    k1="B2(mnist-mlp)@512@1"; k2="B2(mnist-mlp)@512@2";
    if ((k1 in thr) && (k2 in thr)) printf "B2 batch 512: 1 thread %.4f ms, 2 threads %.4f ms, speed-up %.2fx (target >= 1.6x)\n", thr[k1], thr[k2], thr[k1]/thr[k2];
    for (k in comp) printf "compile %-28s %10.3f ms%s\n", k, comp[k], detail[k];
  }' "$out" | tee -a "$out.tmp"
cat "$out.tmp" >> "$out" && rm -f "$out.tmp"
echo "# results file: $out"
