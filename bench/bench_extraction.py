"""Extraction throughput: time and memory against input size.

Generates speech text from templates of its own (never the seeds), runs
``extract_text`` at 1, 2, 4 and 8 MB of UTF-8 and prints MB/s, the growth of
time between sizes (2.0 per doubling is linear) and peak traced memory as a
multiple of the input size. Then the hostile speech of issue 12: N numbered
lines, each with a limit (``1. 各乡镇要在10月底前完成第1批…``), at 50,000,
100,000 and 200,000 lines (was quadratic: 100,000 lines 98 s, 200,000 over
240 s; now linear, about 7 CPU seconds at 200,000 on the 2-core machine).

    python bench/bench_extraction.py [--sizes 1,2,4,8] [--seed 7] [--lines 50000,100000,200000]
"""
import argparse
import random
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from directives.extraction import extract_text  # noqa: E402

CN = "一二三四五六七八九十"
TOPICS = ["森林防火", "安全生产", "防汛抗旱", "秋粮收购", "人居环境整治", "校园安全", "燃气安全", "道路交通安全"]
UNITS = ["县应急管理局", "县林业局", "县水利局", "县教育局", "县公安局", "县交通运输局", "县住建局",
         "县市场监管局", "县财政局", "县融媒体中心", "各乡镇(街道)", "各村(社区)", "县直各有关部门"]
ACTIONS = ["开展拉网式排查", "建立问题整改台账", "组织专项执法检查", "完善应急预案", "加强值班值守",
           "落实包保责任", "开展宣传教育", "储备应急物资", "组织应急演练", "强化督导考核"]
LIMITS = ["在3天之内", "在5个工作日内", "于10月底前", "力争11月中旬", "在本周五前", "年底前", "在48小时内"]
FILLER = ["今年以来,全县上下认真贯彻上级决策部署,各项工作总体平稳有序。",
          "从前期督查情况看,部分单位思想认识不到位,责任落实不够有力。",
          "各级各部门务必保持清醒头脑,坚决克服麻痹思想和侥幸心理。",
          "截至8月底,全县已完成排查1.2万户,整改隐患836处,整改率达96.5%。"]


def _point(rng, style, n):
    unit, other = rng.sample(UNITS, 2)
    head = rng.choice(ACTIONS)
    body = (f"{unit}牵头,{other}配合,{rng.choice(LIMITS)}{rng.choice(ACTIONS)},"
            f"每周一、周四通报进展。{rng.choice(FILLER)}")
    if style == "shi":
        return f"{CN[n]}是{head}。{body}"
    if style == "yao":
        return f"{CN[n]}要{head}。{body}"
    return f"{n + 1}.{head}。{body}\n"


def speech(rng, k):
    topic = rng.choice(TOPICS)
    parts = [f"在全县{topic}工作会议上的讲话\n", f"(2024年{rng.randint(1, 12)}月{rng.randint(1, 28)}日)\n",
             "同志们:\n", "".join(rng.sample(FILLER, 3)), "下面,我讲三点意见。\n"]
    for i in range(3):
        parts.append(f"{CN[i]}、{rng.choice(ACTIONS)},切实做好{topic}工作\n")
        parts.append(rng.choice(FILLER) + "\n")
        for j in range(2):
            parts.append(f"({CN[j]}){rng.choice(ACTIONS)}\n")
            style = rng.choice(["shi", "yao", "num"])
            parts.append("".join(_point(rng, style, n) for n in range(rng.randint(2, 4))) + "\n")
    parts.append("同志们,任务艰巨,责任重大,大家要以时不我待的紧迫感抓好落实!\n")
    return "".join(parts)


def generate(mb, seed):
    rng = random.Random(seed)
    target = int(mb * 1024 * 1024)
    chunks, size, k = [], 0, 0
    while size < target:
        s = speech(rng, k)
        chunks.append(s)
        size += len(s.encode("utf-8"))
        k += 1
    return "".join(chunks)


def measure(text):
    tracemalloc.start()
    t0 = time.perf_counter()
    document = extract_text(text)
    elapsed = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    n = sum(len(s.directives) for s in document.speeches)
    return elapsed, peak, len(document.speeches), n


# Issue 12's targets for the numbered-lines speech: linear, and 200,000 lines in seconds.
LINES_MAX_GROWTH = 1.3
LINES_MAX_SECONDS = 20.0


def numbered_lines(n):
    return "".join(f"{i}. 各乡镇要在10月底前完成第{i}批隐患排查整改\n" for i in range(1, n + 1))


def bench_lines(counts):
    print(f"\n{'lines':>7} {'MB':>5} {'seconds':>8} {'growth':>7} {'peak MB':>8}")
    previous, worst_growth, last = None, 0.0, 0.0
    for n in counts:
        text = numbered_lines(n)
        t0 = time.process_time()
        extract_text(text, meeting_date="2026-09-01")
        elapsed = time.process_time() - t0
        tracemalloc.start()
        extract_text(text, meeting_date="2026-09-01")
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        growth = elapsed / previous[1] / (n / previous[0]) if previous else None
        worst_growth = max(worst_growth, growth or 0.0)
        print(f"{n:7d} {len(text.encode('utf-8')) / 2**20:5.1f} {elapsed:8.2f} "
              f"{f'{growth:.2f}' if growth else '-':>7} {peak / 2**20:8.1f}")
        previous, last = (n, elapsed), elapsed
    met = worst_growth <= LINES_MAX_GROWTH and last <= LINES_MAX_SECONDS
    print(f"numbered lines each with a limit (issue 12); growth 1.00 is linear. Targets: growth <= "
          f"{LINES_MAX_GROWTH}, the largest in <= {LINES_MAX_SECONDS:.0f} CPU s: {'met' if met else 'MISSED'}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1,2,4,8", help="input sizes in MB, comma-separated")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=2, help="time each size N times, keep the best")
    ap.add_argument("--lines", default="50000,100000,200000", help="numbered-lines speech sizes ('' to skip)")
    args = ap.parse_args(argv)
    sizes = [float(x) for x in args.sizes.split(",")]
    print(f"{'MB':>5} {'speeches':>8} {'points':>7} {'seconds':>8} {'MB/s':>6} {'growth':>7} {'peak MB':>8} {'peak/input':>10}")
    previous = None
    for mb in sizes:
        text = generate(mb, args.seed)
        nbytes = len(text.encode("utf-8"))
        # time without tracing (tracemalloc slows allocation-heavy code), memory with it
        elapsed = float("inf")
        for _ in range(args.repeat):  # best of N: other processes share the machine
            t0 = time.process_time()  # CPU time of this process: one core, unaffected by load
            extract_text(text)
            elapsed = min(elapsed, time.process_time() - t0)
        _, peak, speeches, points = measure(text)
        growth = f"{elapsed / previous[1] / (nbytes / previous[0]):.2f}" if previous else "-"
        print(f"{nbytes / 2**20:5.1f} {speeches:8d} {points:7d} {elapsed:8.2f} {nbytes / 2**20 / elapsed:6.2f} "
              f"{growth:>7} {peak / 2**20:8.1f} {peak / nbytes:10.1f}")
        previous = (nbytes, elapsed)
    print("seconds = CPU seconds on one core (best of --repeat); growth = (time ratio) / (size ratio)\n"
          "against the previous row: 1.00 is linear; peak = tracemalloc peak during extraction.")
    if args.lines:
        bench_lines([int(x) for x in args.lines.split(",")])
    return 0


if __name__ == "__main__":
    sys.exit(main())
