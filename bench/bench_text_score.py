"""Speed and memory of `hearth text score`, side by side with VADER (en) and pysenti (zh).

    .venv/bin/python bench/bench_text_score.py [--input FILE] [--messages 200000] [--big-gb 0]

Without --input, messages are generated from hand-written zh/en/mixed customer and agent
templates (no shared data needed). The scorer runs as a whole process, pinned to CPU 0 with
taskset when available; peak RSS comes from the child's resource usage. --big-gb N also
generates an N GB file in /tmp and reports the peak RSS of scoring it (streaming).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEARTH = [sys.executable, "-m", "hearth.cli", "text", "score"]

ZH = [
    "请问我的快递什么时候能到？", "订单{n}还没发货，怎么回事", "你们客服都是废物！！！", "退款什么时候到账",
    "东西收到了，质量不错，谢谢", "等了三天了还没人处理，太过分了", "你是猪吗？听不懂人话？", "好的，谢谢",
    "我要投诉你们，什么破服务", "麻烦帮我改一下收货地址", "商品破损了，我要退货", "为什么又延迟了？？？",
]
EN = [
    "When will my package arrive?", "Order {n} still hasn't shipped, what is going on",
    "Are you stupid? I already told you twice!!!", "Thanks, that fixed it", "I want a refund NOW",
    "THIS IS THE WORST SERVICE EVER", "Can you update my shipping address please",
    "I'll get you fired if this isn't sorted today", "My card was charged twice for order {n}",
]
MIXED = ["我的order {n} 还没到, please check", "refund 什么时候到账？this is ridiculous", "app 又 crash 了，太烦了"]
AGENT = [
    "非常抱歉给您带来不便，我来帮您处理", "理解您的心情，这边马上为您核实", "I understand how frustrating this is, sorry",
    "I'll make sure this gets fixed today", "您好，请问有什么可以帮您？", "Thanks for reaching out!",
]


def generate(path: Path, count: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as f:
        for _ in range(count):
            r = rng.random()
            pool, role = (ZH, "customer") if r < 0.4 else (EN, "customer") if r < 0.7 else (
                (MIXED, "customer") if r < 0.8 else (AGENT, "agent"))
            text = rng.choice(pool).format(n=rng.randrange(10**9, 10**10))
            f.write(json.dumps({"text": text, "role": role}, ensure_ascii=False) + "\n")


CPU = "0"  # the core the scorer is pinned to (--cpu)


def run_cli(path: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one `hearth text score` process."""
    cmd = (["taskset", "-c", CPU] if shutil.which("taskset") else []) + HEARTH + ["--input", str(path)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)  # noqa: S603
    took = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return took, max(peak, before) / 1024


def baselines(path: Path, limit: int) -> dict[str, float]:
    """Messages/s of VADER on the en messages and pysenti on the zh ones (in-process, scoring only)."""
    import logging

    import jieba
    import pysenti
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from hearth.engine.detectors import detect_language

    jieba.setLogLevel(logging.WARNING)
    texts = [json.loads(line)["text"] for _, line in zip(range(limit), path.open(encoding="utf-8"), strict=False)]
    en = [t for t in texts if detect_language(t) == "en"]
    zh = [t for t in texts if detect_language(t) == "zh"]
    out = {}
    analyzer = SentimentIntensityAnalyzer()
    start = time.perf_counter()
    for t in en:
        analyzer.polarity_scores(t)
    out["VADER (en only, in-process)"] = len(en) / (time.perf_counter() - start)
    pysenti.classify("预热")
    start = time.perf_counter()
    for t in zh:
        pysenti.classify(t)
    out["pysenti (zh only, in-process)"] = len(zh) / (time.perf_counter() - start)
    return out


def main() -> int:
    """Print msgs/s and peak RSS."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--input", type=Path, help="JSON lines with text/role (default: generated)")
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--baseline-messages", type=int, default=20_000)
    parser.add_argument("--big-gb", type=float, default=0.0, help="also score an N GB generated file")
    parser.add_argument("--cpu", default="0", help="the core to pin the scorer to (default 0)")
    args = parser.parse_args()
    global CPU
    CPU = args.cpu
    with tempfile.TemporaryDirectory(dir="/tmp") as tmp:
        path = args.input
        if path is None:
            path = Path(tmp) / "messages.jsonl"
            generate(path, args.messages)
        count = sum(1 for _ in path.open(encoding="utf-8"))
        took, rss = run_cli(path)
        print(f"cpus: {os.cpu_count()}; file: {count} messages, {path.stat().st_size / 1e6:.1f} MB")
        print(f"hearth text score (whole process, 1 core): {count / took:,.0f} msgs/s, "
              f"{took:.1f} s, peak RSS {rss:.0f} MB")
        for name, rate in baselines(path, args.baseline_messages).items():
            print(f"{name}: {rate:,.0f} msgs/s")
        if args.big_gb:
            big = Path(tmp) / "big.jsonl"
            target = int(args.big_gb * 1e9)
            with big.open("wb") as out, path.open("rb") as src:
                chunk = src.read()
                while out.tell() < target:
                    out.write(chunk)
            lines = sum(1 for _ in big.open("rb"))
            took, rss = run_cli(big)
            print(f"big file: {big.stat().st_size / 1e9:.2f} GB, {lines} messages: "
                  f"{lines / took:,.0f} msgs/s, peak RSS {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
