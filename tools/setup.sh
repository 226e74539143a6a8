#!/usr/bin/env bash
# Installs what wattsim needs on Debian 12 (when missing) and builds it into build/.
# Run as root to install; otherwise it prints the exact apt-get command and stops.
set -euo pipefail

cd "$(dirname "$0")/.."

packages=(
  build-essential cmake pkg-config
  libsimgrid-dev libboost-graph-dev libeigen3-dev
  libspdlog-dev libfmt-dev libyaml-cpp-dev nlohmann-json3-dev libcli11-dev
  libgtest-dev libssl-dev libtbb-dev
  # sweeps over several machines (mpirun, srun): OpenMPI
  libopenmpi-dev openmpi-bin
  # reports and the user guide's analysis examples: matplotlib, pandas; the report test: chromium
  python3 python3-matplotlib python3-pandas chromium
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
  if [[ $(id -u) -eq 0 ]]; then
    echo "setup: installing ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    echo "setup: installing ${missing[*]} with sudo" >&2
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: missing packages. Run as root:" >&2
    echo "  $cmd" >&2
    exit 1
  fi
fi

build_type=${WATTSIM_BUILD_TYPE:-Release}
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE="$build_type" >/dev/null
if ! cmake --build build -j "$jobs" >build/build.log 2>&1; then
  grep -E "error|Error" build/build.log | head -40 >&2
  echo "setup: build failed; full log in build/build.log" >&2
  exit 1
fi
echo "setup: built build/tools/wattsim" >&2
