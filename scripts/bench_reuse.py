"""Text reuse across a batch: 1,000 reports, every one against every other (core/reuse).

    .venv/bin/python scripts/bench_reuse.py [-n 1000] [--seed 7]

The reports are made for the purpose, in memory, as ``Report`` objects with their parts'
text (the reader's work is not what is measured here):

- each body's own prose is drawn from a character model (order 2) of the real reports'
  prose in tests/corpus, so unrelated reports share what real ones share: stock phrases,
  never whole sentences by design;
- every report carries the prescribed opening and the 2021 tables' text of a real report
  (tests/corpus/real/2024_fujian-pingtan-zone.txt) with its numbers redrawn;
- copies are planted at known places: ``full`` reports whose 五、存在的主要问题 is another
  body's (the years changed), ``half`` whose 五 is half another body's and half their
  own, and a ``template`` paragraph handed down to 30 bodies as their 六.

It prints the time of the whole measure (normalising every part, the index, the findings),
the peak memory it took (tracemalloc: Python objects and numpy arrays), and how many planted
copies were found with the right source and the share they were found with.
"""

from __future__ import annotations

import argparse
import copy
import random
import re
import resource
import sys
import time
import tracemalloc
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.crossyear import series_keys  # noqa: E402
from core.model import Report, Section  # noqa: E402
from core.pipeline import check_file  # noqa: E402
from core.reuse import Thresholds, apply_text_reuse  # noqa: E402
from tests.corpus import real, real_files  # noqa: E402

OPENING = ("本报告根据《中华人民共和国政府信息公开条例》和《国务院办公厅政府信息与政务公开办公室关于印发"
           "〈中华人民共和国政府信息公开工作年度报告格式〉的通知》要求编制。本报告中所列数据的统计期限自2024年"
           "1月1日起至2024年12月31日止。")
TEMPLATE = ("按照上级统一部署，本单位认真落实政府信息公开信息处理费管理办法，严格执行收费标准和程序，"
            "全年未发生信息处理费收取情况，今后将继续做好收费信息公开和解释说明工作，接受社会监督。"
            "同时加强对依申请公开工作人员的业务培训，确保收费政策执行到位、群众满意。")


def _model(order: int = 2) -> dict[str, list[str]]:
    """Next characters after each ``order`` characters, over the real reports' prose."""
    nxt: dict[str, list[str]] = defaultdict(list)
    for path in real_files("*.txt"):
        rep = check_file(path)
        for sec in rep.sections:
            prose = re.sub(r"\s+", "", sec.text)
            for i in range(len(prose) - order):
                nxt[prose[i : i + order]].append(prose[i + order])
    return nxt


def _prose(rng: random.Random, model: dict[str, list[str]], keys: list[str], n: int) -> str:
    out = list(rng.choice(keys))
    while len(out) < n:
        follow = model.get("".join(out[-2:]))
        out.append(rng.choice(follow) if follow else rng.choice(keys)[0])
    text = "".join(out)
    # End sentences now and then, as prose does.
    return re.sub(r"(.{30,60}?)[，,]", r"\1。", text)


def _tables(rng: random.Random) -> dict[str, str]:
    rep = check_file(real("2024_fujian-pingtan-zone.txt"))
    return {s.id: s.text for s in rep.sections if s.id in ("proactive", "applications", "reviews")}


def build(n: int, seed: int) -> tuple[list[Report], dict[int, int], dict[int, int], set[int]]:
    rng = random.Random(seed)
    model = _model()
    keys = [k for k, v in model.items() if len(v) > 3]
    tables = _tables(rng)
    reports = []
    for i in range(n):
        secs = [Section("overview", "一、总体情况", True, text=OPENING + _prose(rng, model, keys, 1200))]
        for sid, title in (("proactive", "二、主动公开政府信息情况"), ("applications", "三、收到和处理政府信息公开申请情况"),
                           ("reviews", "四、政府信息公开行政复议、行政诉讼情况")):
            secs.append(Section(sid, title, True, text=re.sub(r"\d+", lambda _: str(rng.randint(0, 300)), tables[sid])))
        secs.append(Section("problems", "五、存在的主要问题及改进情况", True, text=_prose(rng, model, keys, 400)))
        secs.append(Section("other", "六、其他需要报告的事项", True, text="2024年，未收取信息处理费。"))
        reports.append(Report(file=f"bench/{i:04d}.txt", sha256=f"{i:064x}", template="2021",
                              agency=f"第{i}号县人民政府", year=2024, sections=secs))
    order = list(range(n))
    rng.shuffle(order)
    full: dict[int, int] = {}  # copier -> source (the source added first)
    half: dict[int, int] = {}
    taken: set[int] = set()
    picks = iter(order)
    for plan, count in ((full, n // 25), (half, n // 50)):
        while len(plan) < count:
            a, b = next(picks), next(picks)
            src, copier = min(a, b), max(a, b)
            if src in taken or copier in taken:
                continue
            taken |= {src, copier}
            theirs = reports[src].sections[4].text
            if plan is half:
                own = reports[copier].sections[4].text
                cut = theirs.index("。", len(theirs) // 2) + 1 if "。" in theirs[len(theirs) // 2 :] else len(theirs) // 2
                reports[copier].sections[4].text = theirs[:cut] + own[: len(theirs) - cut]
            else:
                reports[copier].sections[4].text = theirs.replace("2024", "2025")
            plan[copier] = src
    template = set()
    for i in order:
        if len(template) == 30:
            break
        if i not in taken:
            reports[i].sections[5].text = TEMPLATE
            template.add(i)
    return reports, full, half, template


def _raw_share(copier: Report, source: Report) -> float:
    """What share of the copier's 五 (normalised, boilerplate out) the source's 五 covers."""
    from core.reuse import Thresholds, copied_shares

    got = [h.share for h in copied_shares(copier, source, Thresholds({"copied_text": {"share": 0}}))
           if h.part.section == "problems"]
    return got[0] if got else 0.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    t0 = time.perf_counter()
    reports, full, half, template = build(args.n, args.seed)
    print(f"built {len(reports)} reports in {time.perf_counter() - t0:.1f} s "
          f"({len(full)} full copies of 五, {len(half)} half copies, {len(template)} with a template 六)")
    series = series_keys(reports)
    # The bar lowered to 0.4 so that the half copies are reported too, with their share.
    thresholds = Thresholds.parse(["text_reused.share=0.4"])
    spare = copy.deepcopy(reports)
    t0 = time.perf_counter()
    apply_text_reuse(reports, series, thresholds)
    took = time.perf_counter() - t0
    # Memory in a second run: tracing allocations slows Python down several times.
    tracemalloc.start()
    apply_text_reuse(spare, series, thresholds)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    by_index = {r.sha256: i for i, r in enumerate(reports)}
    copies: dict[int, list[tuple[int, float, str, str]]] = defaultdict(list)
    rules = Counter()
    for i, rep in enumerate(reports):
        for f in rep.findings:
            rules[(f.rule, (f.reuse or {}).get("role"))] += 1
            if f.rule == "text_reused" and f.reuse and f.reuse["role"] == "copy" and f.source:
                copies[i].append((by_index[f.source["sha256"]], f.share or 0.0, f.section or "", f.severity))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"text reuse over {len(reports)} reports: {took:.2f} s; peak traced memory of the measure "
          f"{peak / 1e6:.0f} MB (the whole process, reports and corpus model included: {rss:.0f} MB)")
    print("findings:", dict(rules))
    for name, plan, expect in (("full", full, 1.0), ("half", half, 0.5)):
        hits = [max((s for src, s, sec, _ in copies.get(c, []) if src == plan[c] and sec == "problems"), default=None)
                for c in plan]
        found = [s for s in hits if s is not None]
        raw = [_raw_share(reports[c], reports[plan[c]]) for c in plan]
        print(f"  the same two parts measured pairwise (copied_shares): median {sorted(raw)[len(raw) // 2]:.3f}")
        print(f"{name} copies: {len(found)}/{len(plan)} found with the right source; share found "
              f"min {min(found, default=0):.3f} median {sorted(found)[len(found) // 2] if found else 0:.3f} "
              f"max {max(found, default=0):.3f} (planted: {expect:.0%} of the part, cut at a sentence end)")
    planted = set(full) | set(half)
    false = [(i, c) for i, cs in copies.items() for c in cs if i not in planted or c[0] != {**full, **half}[i]]
    print(f"copy findings not planted: {len(false)}", false[:5])
    tmpl = sum(1 for i in template for f in reports[i].findings if f.rule == "text_common" and f.section == "other")
    tmpl_reused = sum(1 for i in template for f in reports[i].findings if f.rule == "text_reused" and f.section == "other")
    print(f"template 六: text_common in {tmpl}/{len(template)}, text_reused on it {tmpl_reused}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
