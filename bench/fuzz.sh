#!/usr/bin/env bash
# Longer runs of the fuzz targets that CI runs for a few seconds each:
#   DecoderFuzzTest                 mutated DNS queries over real UDP (FORMERR, an answer or nothing; never SERVFAIL)
#   AdminAbuseTest#mutated*         mutated admin JSON bodies (200 or a JSON 400, never 500)
#   ZoneFileFuzzTest                damaged zone files (only file:line ZoneParseExceptions; a fixed 250 rounds)
# Seed corpora: gslb-server/src/test/resources/fuzz/.
#   bench/fuzz.sh [SECONDS per target, default 300] [SEED, default: the time]
# A failure names its seed: re-run with that seed to reproduce it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-300}"
seed="${2:-$(date +%s)}"
echo "fuzzing ${seconds}s per target, seed ${seed}" >&2
cd "$here"
./mvnw -o -q -pl gslb-server -am test \
  -Dtest='DecoderFuzzTest,AdminAbuseTest#mutated*,ZoneFileFuzzTest' -Dsurefire.failIfNoSpecifiedTests=false \
  -Daya.fuzz.seconds="$seconds" -Daya.fuzz.seed="$seed" -DargLine="-Daya.fuzz.seconds=$seconds -Daya.fuzz.seed=$seed"
grep -h "Tests run" gslb-server/target/surefire-reports/*DecoderFuzzTest.txt \
  gslb-server/target/surefire-reports/*AdminAbuseTest.txt gslb-server/target/surefire-reports/*ZoneFileFuzzTest.txt
