#!/usr/bin/env bash
# Checkpoint figures for a large state: a bounded join of two CSV tables (ROWS rows each) whose
# rows stay in the join state (the string columns included), and one right row in a thousand
# matches a few left rows, so output keeps coming. Prints the run time without checkpoints
# (default parallelism, as the checkpointed run) and with a checkpoint
# every second, the manifests (snapshot time on the job thread, new and total bytes),
# and, after a kill -9 once the checkpointed state has reached KILL_AT_MB (default: after three
# checkpoints), the restore time and the time from the restart to the first new committed output.
# Usage: bench/scripts/checkpoint-join.sh [DIR] [ROWS] [KILL_AT_MB]   (7500000 rows: about 1 GB of state; kill at 850)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
sluice="$root/sluice"
dir="${1:-/tmp/ckbench}"
rows="${2:-3000000}"
kill_at_mb="${3:-0}"
mkdir -p "$dir/left" "$dir/right"
cd "$dir"
[ -f left/part.csv ] || awk -v rows="$rows" 'BEGIN{for(n=0;n<rows;n++){printf "%d,%d,%d,2024-01-01 00:%02d:%02d.%03d,note-%032d\n", n, n%1500000, n%1000, int(n/60000)%60, int(n/1000)%60, n%1000, n}}' > left/part.csv
[ -f right/part.csv ] || awk -v rows="$rows" 'BEGIN{for(n=0;n<rows;n++){k=(n*7)%1500000; if(n%1000==0){k-=1500000}; printf "%d,%d,%d,2024-01-01 00:%02d:%02d.%03d,info-%032d\n", n, k, n%977, int(n/60000)%60, int(n/1000)%60, n%1000, n}}' > right/part.csv
tables="CREATE TABLE l (id BIGINT, k BIGINT, v BIGINT, ts TIMESTAMP(3), note STRING)
  WITH ('connector' = 'file', 'path' = '$dir/left', 'format' = 'csv');
CREATE TABLE r (id BIGINT, k BIGINT, v BIGINT, ts TIMESTAMP(3), info STRING)
  WITH ('connector' = 'file', 'path' = '$dir/right', 'format' = 'csv');"
printf '%s\nCREATE TABLE out (k BIGINT, lv BIGINT, note STRING, rv BIGINT, info STRING) WITH (%s);\n%s\n' "$tables" \
  "'connector' = 'file', 'path' = '$dir/out0', 'format' = 'csv'" \
  "INSERT INTO out SELECT l.k, l.v, l.note, r.v, r.info FROM l JOIN r ON l.k = r.k + 1500000;" > join-nock.sql
printf "SET 'checkpoint.dir' = '%s/chk';\nSET 'checkpoint.interval' = '1 s';\n" "$dir" > join.sql
sed "s#$dir/out0#$dir/out#" join-nock.sql >> join.sql
rm -rf chk out out0
# Build the jar and its class-data-sharing archive now, outside the timed runs.
"$sluice" --help > /dev/null
echo "== load: $(uptime)"
echo "== without checkpoints"; /usr/bin/time -f "%e s wall, %M KB max RSS" "$sluice" run join-nock.sql
echo "== checkpoint every 1 s"
rm -rf manifests && mkdir manifests
# Only the newest three checkpoints are kept: copy every manifest while the job runs.
( while sleep 0.2; do for m in chk/chk-*/_manifest.yaml; do [ -f "$m" ] && cp -n "$m" "manifests/$(basename "$(dirname "$m")").yaml" 2>/dev/null || true; done; done ) & copier=$!
/usr/bin/time -f "%e s wall, %M KB max RSS" "$sluice" run join.sql
sleep 0.5; kill "$copier"
grep -H "snapshot-millis\|new-blob-bytes\|total-bytes" manifests/*.yaml | sed -n 1,9p
echo "... $(ls manifests | wc -l) checkpoints; the last three:"
grep -H "snapshot-millis\|write-millis\|new-blob-bytes\|total-bytes\|pipeline-snapshot-micros\|request-to-last" chk/*/_manifest.yaml
for key in snapshot-millis write-millis new-blob-bytes; do
  awk -v key="$key" '$1 == key":" {print $2}' manifests/*.yaml | sort -n \
    | awk -v key="$key" '{a[NR]=$1; s+=$1} END{printf "%s over %d checkpoints: min %d, median %d, max %d, mean %.0f\n", key, NR, a[1], a[int((NR+1)/2)], a[NR], s/NR}'
done
echo "== kill -9 once the state reaches ${kill_at_mb} MB (or after three checkpoints), then restart"
rm -rf chk out
"$sluice" run join.sql > run1.log 2>&1 & pid=$!
newest_mb() {
  local manifest
  manifest="$(ls -d chk/chk-* 2>/dev/null | sort | tail -1)/_manifest.yaml"
  [ -f "$manifest" ] && awk '/^total-bytes:/{print int($2 / 1048576)}' "$manifest" || echo 0
}
for _ in $(seq 1 600); do
  sleep 0.5
  kill -0 "$pid" 2>/dev/null || break
  if [ "$kill_at_mb" -gt 0 ]; then
    [ "$(newest_mb)" -ge "$kill_at_mb" ] && break
  elif [ "$(ls chk 2>/dev/null | grep -c '^chk-' || true)" -ge 3 ]; then
    sleep 2
    break
  fi
done
kill -9 "$pid" 2>/dev/null || echo "(the job ended before the kill: use more ROWS)"
wait "$pid" 2>/dev/null || true
echo "killed with $(newest_mb) MB in the newest checkpoint; $(ls out | grep -c '^part-' || true) committed output files"
before=$(ls out | grep -c '^part-' || true)
start=$(date +%s%N)
"$sluice" run join.sql > run2.log 2>&1 & pid=$!
while kill -0 "$pid" 2>/dev/null; do
  if [ "$(ls out | grep -c '^part-' || true)" -gt "$before" ]; then
    echo "   first new committed output file $(( ($(date +%s%N) - start) / 1000000 )) ms after the restart"
    break
  fi
  sleep 0.05
done
wait "$pid" || true
cat run2.log
echo "restarted job ended $(( ($(date +%s%N) - start) / 1000000 )) ms after the restart"
