#!/usr/bin/env python3
"""The peer side of the orchestration comparison (issue 15): LangGraph with its SQLite checkpointer
on the workload of ai2ai-bench's `peers` section.

One graph, one thread reused for every wave (AI2AI: one session): a coordinator node fans out K
worker nodes with `Send`, and a join node ends the wave: K + 2 steps, each a node whose writes are
durably checkpointed before the next step runs (`durability="sync"`). The checkpointer's SQLite file
is in WAL mode with `synchronous=NORMAL`, as AI2AI's SQLiteStore (GRDB) sets it. Nodes do no work:
the figure is the framework's cost per durable step.

    python langgraph_fanout.py --k 2 8 32 --waves 100 --runs 5

Prints one JSON object per K on standard output:
{"k": 2, "waves": 100, "steps_per_wave": 4, "steps_per_second": [...one per run...], "langgraph": "1.2.24"}
"""
import argparse
import json
import operator
import os
import sqlite3
import sys
import tempfile
import time
from importlib.metadata import version
from typing import Annotated, TypedDict

from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.graph import END, START, StateGraph
from langgraph.types import Send


def reset_or_add(old, new):
    """Results of this wave: a wave's input (None) clears them, each worker adds its own."""
    return [] if new is None else (old or []) + new


class State(TypedDict):
    k: int
    results: Annotated[list, reset_or_add]


def coordinator(state):
    return {}


def fan_out(state):
    return [Send("worker", {"k": state["k"], "part": index}) for index in range(state["k"])]


def worker(state):
    return {"results": [f"done {state['part']}"]}


def join(state):
    assert len(state["results"]) == state["k"], state["results"]
    return {}


def graph(path):
    builder = StateGraph(State)
    builder.add_node("coordinator", coordinator)
    builder.add_node("worker", worker)
    builder.add_node("join", join)
    builder.add_edge(START, "coordinator")
    builder.add_conditional_edges("coordinator", fan_out, ["worker"])
    builder.add_edge("worker", "join")
    builder.add_edge("join", END)
    connection = sqlite3.connect(path, check_same_thread=False)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    return builder.compile(checkpointer=SqliteSaver(connection)), connection


def measure(k, waves):
    directory = tempfile.mkdtemp(prefix="langgraph-bench-")
    app, connection = graph(os.path.join(directory, "checkpoints.sqlite"))
    config = {"configurable": {"thread_id": "bench"}}
    app.invoke({"k": k, "results": None}, config, durability="sync")  # warm-up wave
    start = time.perf_counter()
    for _ in range(waves):
        app.invoke({"k": k, "results": None}, config, durability="sync")
    elapsed = time.perf_counter() - start
    connection.close()
    return waves * (k + 2) / elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--k", type=int, nargs="+", default=[2, 8, 32])
    parser.add_argument("--waves", type=int, default=100, help="waves per run at K=2 (fewer for larger K)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for k in args.k:
        waves = max(5, args.waves * 4 // (k + 2))
        rates = [measure(k, waves) for _ in range(args.runs)]
        print(json.dumps({"k": k, "waves": waves, "steps_per_wave": k + 2, "steps_per_second": rates,
                          "langgraph": version("langgraph")}))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
