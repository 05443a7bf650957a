"""Speed of the thinking-trap detector: `detect_traps` in process, and `hearth diary check` as a whole process.

    .venv/bin/python bench/bench_traps.py [--texts 50000]

Thoughts are generated from Hearth's own hand-written zh, en and mixed diary templates (no shared
data needed), about a third of them with no trap. The CLI run is pinned to CPU 0 with taskset when
available.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hearth.engine.traps import detect_traps  # noqa: E402

TEMPLATES = [
    "客户在第{n}个会话里一直骂我，都是我的错，我永远也做不好",
    "这次差评肯定要被扣绩效了，组长一定觉得我很没用",
    "今天处理了{n}个咨询，下班前和同事吃了饭，挺开心的",
    "客户说谢谢，不过只是客气而已",
    "我应该更耐心一点，我真是个废物",
    "退款流程改了，我花了点时间才弄明白，第{n}单已经处理好",
    "The customer in chat {n} is attacking me and it's all my fault",
    "They must think I'm stupid, I always mess up the refunds",
    "I handled {n} tickets today and the queue was calm",
    "I'm going to get fired after this call, my career is over",
    "The customer thanked me but it was just luck",
    "Lunch with the team, then a training session on the new returns policy",
    "我的 order {n} 又被投诉了, I always mess up everything",
    "今天的 shift 还行, nothing special happened",
    "QA 给了低分, they probably think I'm lazy",
]


def _texts(count: int) -> list[str]:
    rng = random.Random(7)
    return [rng.choice(TEMPLATES).format(n=rng.randint(1, 9999)) for _ in range(count)]


def bench_engine(texts: list[str]) -> float:
    """Texts per second through detect_traps (language detected per text)."""
    detect_traps(texts[0])  # load and compile the cue lists first
    started = time.perf_counter()
    for text in texts:
        detect_traps(text)
    return len(texts) / (time.perf_counter() - started)


def bench_cli(texts: list[str]) -> float:
    """Texts per second through `hearth diary check --input FILE` (process start included)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "thoughts.jsonl"
        path.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts), encoding="utf-8")
        pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
        command = [*pin, sys.executable, "-m", "hearth.cli", "diary", "check", "--input", str(path)]
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)  # noqa: S603
        return len(texts) / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=50_000)
    args = parser.parse_args()
    texts = _texts(args.texts)
    with_traps = sum(bool(detect_traps(t).traps) for t in texts[:2000]) / min(2000, len(texts))
    print(f"{len(texts):,} generated thoughts (zh, en, mixed; {with_traps:.0%} with a trap)")
    print(f"detect_traps in process: {bench_engine(texts):,.0f} texts/s")
    print(f"hearth diary check (whole process, one core): {bench_cli(texts):,.0f} texts/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
