"""Speed of practice scoring: sentence-encoder load, per-reply scoring, a whole `hearth sim score` run.

    .venv/bin/python bench/bench_sim.py [--replies 200] [--threads 2]

Load time is measured in a fresh process (import + weights + first encode). Per-reply time is
score_reply() on the shipped scenarios' own model replies plus hand-written poor ones, each reply
text seen for the first time (so the reply is embedded; the model replies are cached after their
first use, as in a practice session). No shared data is needed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POOR = {
    "zh-hans": ["亲，您的问题我们已经收到，请耐心等待。", "是您自己没看清楚。", "我看一下", "系统显示已经处理了，第{n}次说了"],
    "en": ["Thank you for contacting us. Please be patient.", "That's your fault.", "Let me check.", "Per our policy, no. ({n})"],
}


def _load_seconds(threads: int) -> float:
    code = (
        "import time; t = time.perf_counter();"
        "from hearth.engine.sim.similarity import encoder; encoder();"
        "print(time.perf_counter() - t)"
    )
    env = {**os.environ, "HEARTH_SIM_THREADS": str(threads)}
    out = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env, cwd=ROOT
    )
    return float(out.stdout.strip())


def main() -> None:
    """Print load time, per-reply scoring percentiles, and a CLI run's wall time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=200)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    os.environ["HEARTH_SIM_THREADS"] = str(args.threads)

    loads = [_load_seconds(args.threads) for _ in range(3)]
    print(f"encoder load (fresh process, threads={args.threads}): median {statistics.median(loads):.2f} s "
          f"over 3 runs ({', '.join(f'{x:.2f}' for x in loads)})")

    from hearth.engine.sim import library, prepare, score_reply
    from hearth.engine.sim.similarity import encoder

    encoder()
    work: list[tuple[object, str, str]] = []
    n = 0
    while len(work) < args.replies:
        for s in library():
            for node in s.nodes:
                replies = s.model_replies.get(node.id, ())
                for text in (*replies, *POOR[s.language]):
                    n += 1
                    work.append((s, node.id, f"{text.format(n=n)} ({n})"))
    work = work[: args.replies]
    # Warm the model-reply cache as a session would (first reply of each node pays for it).
    for s in library():
        prepare(s)
    times = []
    for s, node_id, text in work:
        t = time.perf_counter()
        score_reply(s, node_id, text, 60.0)  # type: ignore[arg-type]
        times.append(time.perf_counter() - t)
    times.sort()
    p50 = times[len(times) // 2] * 1000
    p95 = times[int(len(times) * 0.95)] * 1000
    print(f"score_reply: {len(times)} replies, median {p50:.1f} ms, p95 {p95:.1f} ms, "
          f"mean {statistics.mean(times) * 1000:.1f} ms")

    lines = [json.dumps({"text": text}, ensure_ascii=False) for _s, _n, text in work[:20]]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    t = time.perf_counter()
    subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "hearth.cli", "sim", "score", "amazon-logistics-delay-en", "--input", f.name],
        capture_output=True, check=False, cwd=ROOT,
    )
    print(f"hearth sim score, 20 replies, whole process: {time.perf_counter() - t:.2f} s")
    Path(f.name).unlink()


if __name__ == "__main__":
    main()
