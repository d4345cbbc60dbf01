#!/usr/bin/env bash
# One prepared check for a machine with a real GPU (issue 10), within 10 minutes: prints `npas
# doctor` (the adapter and why a backend was chosen), runs the webgpu conformance tests against the
# cpu backend, then benches WRN-16-4 and WRN-28-10, unshared and SSN at 10 % (batch 128, 32×32×3,
# 10 classes) on webgpu, and on node-gpu where tfjs-node-gpu loads. Each bench has its own time
# limit so one slow case cannot eat the others' time. Run from the repository root after `npm ci`.
set -uo pipefail
cd "$(dirname "$0")/.."
export NPAS_WEBGPU_ADAPTER="${NPAS_WEBGPU_ADAPTER:-}"
npas() { node bin/npas.js "$@"; }
deadline=$((SECONDS + 570))
left() { echo $((deadline - SECONDS)); }

echo "== doctor"
npas doctor
npas doctor --backend webgpu | tail -n 3 || echo "webgpu cannot be forced here (see above)"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv

echo "== webgpu conformance (kernels against cpu, forward and backward)"
timeout 240 npx vitest run test/unit/engine/backend/webgpuConformance.test.ts \
  test/unit/engine/backend/webgpuRung.test.ts || echo "conformance FAILED or timed out"

backends=(webgpu)
if npas doctor --json --backend node-gpu >/dev/null 2>&1; then backends+=(node-gpu); fi

echo "== benchmarks (images/s, median of 3 runs after 2 warm-up steps)"
for backend in "${backends[@]}"; do
  for arch in wrn-16-4 wrn-28-10; do
    for method in unshared ssn; do
      budget=()
      [ "$method" = ssn ] && budget=(--budget 10%)
      limit=$(left)
      if [ "$limit" -lt 20 ]; then echo "$backend $arch $method: skipped, out of time"; continue; fi
      [ "$limit" -gt 120 ] && limit=120
      printf '%s %s %s: ' "$backend" "$arch" "$method"
      timeout "$limit" node bin/npas.js bench --backend "$backend" --arch "$arch" --method "$method" \
        "${budget[@]}" --classes 10 --input 32x32x3 --batch-size 128 --warmup 2 --runs 3 --json \
        2>/dev/null | node -e '
          let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
            try { const r = JSON.parse(s); console.log(`${r.imagesPerSecond.toFixed(1)} img/s (${r.msPerStep.toFixed(0)} ms/step, ${r.trainableParams} params, ${r.device})`); }
            catch { console.log("failed or timed out"); }
          });'
    done
  done
done
