#!/usr/bin/env bash
# Builds AI2AI's benchmarks and the example server in release mode, then runs every section.
# Prints one Markdown table on standard output (progress goes to standard error).
#
#   Benchmarks/run.sh                 # everything once built: about 6 minutes, plus the sessions section
#   Benchmarks/run.sh --quick         # smaller workloads
#   Benchmarks/run.sh --runs 3        # any ai2ai-bench option is passed on
#   Benchmarks/run.sh --peers         # only the comparison with LangGraph (a virtualenv from PyPI)
set -euo pipefail
cd "$(dirname "$0")"

sections=(orchestration decode providers server memory sessions)
peer_options=()
options=()
for argument in "$@"; do
    if [ "$argument" = "--peers" ]; then
        # The peer: LangGraph and its SQLite checkpointer, pinned, in a virtualenv beside this script.
        sections=(peers)
        if [ ! -x .venv-peers/bin/python ]; then
            python3 -m venv .venv-peers >&2
        fi
        .venv-peers/bin/pip install --quiet --disable-pip-version-check \
            'langgraph==1.2.24' 'langgraph-checkpoint-sqlite==3.1.2' >&2
        peer_options=(--peer-python "$PWD/.venv-peers/bin/python" --peer-script "$PWD/Peers/langgraph_fanout.py")
    else
        options+=("$argument")
    fi
done

# System packages: SQLite headers (GRDB), wrk (server section), valgrind (allocation counts).
missing=()
if command -v dpkg >/dev/null 2>&1; then
    dpkg -s libsqlite3-dev >/dev/null 2>&1 || missing+=(libsqlite3-dev)
fi
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v valgrind >/dev/null 2>&1 || missing+=(valgrind)
if [ "${#missing[@]}" -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    echo "[run.sh] installing ${missing[*]}" >&2
    $SUDO apt-get update -qq >&2 && $SUDO apt-get install -y -qq "${missing[@]}" >&2 \
        || echo "[run.sh] could not install ${missing[*]}; those rows will say 'not measured'" >&2
fi

echo "[run.sh] building in release mode" >&2
swift build -c release --product ai2ai-bench >&2
swift build -c release --product ai2ai-server >&2
bin="$(swift build -c release --show-bin-path)"

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
started=$(date +%s)
echo "| Section | Case | Result (median of runs) | Runs | Notes |"
echo "|---|---|---|---|---|"
# One process per section, so that no section's memory or threads weigh on the next.
for section in "${sections[@]}"; do
    "$bin/ai2ai-bench" "$section" --no-header --server-binary "$bin/ai2ai-server" \
        ${peer_options[@]+"${peer_options[@]}"} ${options[@]+"${options[@]}"}
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
echo
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "$(nproc) cores, $cpu; load average $load_before before, $load_after after; $(( $(date +%s) - started )) s."
