#!/usr/bin/env bash
# Checkpoint figures for a large state: a bounded join of two CSV tables (ROWS rows each) whose
# keys never match, so the join state holds every row. Prints the run time without and with a
# checkpoint every second, the newest manifests (state size, snapshot and write times), and
# the restore time after a kill -9. Usage: bench/scripts/checkpoint-join.sh [DIR] [ROWS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$root/shell/target/sluice.jar"
dir="${1:-/tmp/ckbench}"
rows="${2:-3000000}"
mkdir -p "$dir/left" "$dir/right"
cd "$dir"
[ -f left/part.csv ] || awk -v rows="$rows" 'BEGIN{for(n=0;n<rows;n++){printf "%d,%d,%d,2024-01-01 00:%02d:%02d.%03d,note-%032d\n", n, n%1500000, n%1000, int(n/60000)%60, int(n/1000)%60, n%1000, n}}' > left/part.csv
[ -f right/part.csv ] || awk -v rows="$rows" 'BEGIN{for(n=0;n<rows;n++){printf "%d,%d,%d,2024-01-01 00:%02d:%02d.%03d,info-%032d\n", n, (n*7)%1500000, n%977, int(n/60000)%60, int(n/1000)%60, n%1000, n}}' > right/part.csv
tables="CREATE TABLE l (id BIGINT, k BIGINT, v BIGINT, ts TIMESTAMP(3), note STRING)
  WITH ('connector' = 'file', 'path' = '$dir/left', 'format' = 'csv');
CREATE TABLE r (id BIGINT, k BIGINT, v BIGINT, ts TIMESTAMP(3), info STRING)
  WITH ('connector' = 'file', 'path' = '$dir/right', 'format' = 'csv');"
printf '%s\nCREATE TABLE out (k BIGINT, lv BIGINT, rv BIGINT) WITH (%s);\n%s\n' "$tables" \
  "'connector' = 'file', 'path' = '$dir/out0', 'format' = 'csv'" \
  "INSERT INTO out SELECT l.k, l.v, r.v FROM l JOIN r ON l.k = r.k + 1500000;" > join-nock.sql
printf "SET 'checkpoint.dir' = '%s/chk';\nSET 'checkpoint.interval' = '1 s';\n" "$dir" > join.sql
sed "s#$dir/out0#$dir/out#" join-nock.sql >> join.sql
rm -rf chk out out0
echo "== without checkpoints"; /usr/bin/time -f "%e s wall, %M KB max RSS" java -jar "$jar" run join-nock.sql
echo "== checkpoint every 1 s"; /usr/bin/time -f "%e s wall, %M KB max RSS" java -jar "$jar" run join.sql
grep -H "state-bytes\|snapshot-millis\|write-millis\|pipeline-snapshot-micros\|request-to-last" chk/*/_manifest.yaml
echo "== kill -9 after three checkpoints, then restart"
rm -rf chk out
java -jar "$jar" run join.sql > run1.log 2>&1 & pid=$!
for _ in $(seq 1 120); do
  sleep 1
  [ "$(ls chk 2>/dev/null | grep -c '^chk-' || true)" -ge 3 ] && break
done
sleep 2
kill -9 "$pid" 2>/dev/null || echo "(the job ended before the kill: use more ROWS)"
wait "$pid" 2>/dev/null || true
start=$(date +%s%N)
java -jar "$jar" run join.sql 2>&1 | while IFS= read -r line; do
  echo "$line"
  case "$line" in Restored*) echo "   (restore message $(( ($(date +%s%N) - start) / 1000000 )) ms after the restart)";; esac
done
echo "restarted job ended $(( ($(date +%s%N) - start) / 1000000 )) ms after the restart"
