#!/bin/sh
# Checks every claim of the course's problem sets (exams/course-*) on seeds 1..20 (or the seeds
# given as arguments), at the default profile: exits 0 when every outcome is the expected one on
# every seed. Usage: sh exams/course-check.sh [SEED...]
set -e
cd "$(dirname "$0")/.."
ids=$(cat exams/course-*/*.claims | sed -n 's/^claim \([^:]*\):.*/--claim \1/p')
seeds=${*:-$(seq 1 20)}
for seed in $seeds; do
  out=$(npx examcheck check --seed "$seed" $ids) || { echo "$out"; echo "seed $seed: UNEXPECTED OUTCOMES"; exit 1; }
  echo "seed $seed: $(echo "$out" | grep -c '^ok ') claims, every outcome as expected"
done
