"""Resolve time for 10k, 100k and 200k generated person and institution mentions, or ikg
beside the exact-match baseline on a benchmark file, in the same run, with mentions/s.

    .venv/bin/python bench/bench_resolve.py [--sizes 10000,100000,200000] [--kind person]
    .venv/bin/python bench/bench_resolve.py --gold ../shared/data/dev-sets/resolve-patentsview/\
        air-umass-assignees-benchmark.csv.gz [--half odd]

Mentions are realistic variants of generated people (Chinese surnames with their real
frequency skew, pinyin given names, Han forms, "Li, W." / "W. Li" / "Wei Li" / "Li Wei" forms,
affiliations written several ways) and institutions (full names, "Univ."/"Inst." forms,
department prefixes, acronyms, Chinese names). One run per size, printed as seconds and
mentions/s.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.resolve.cluster import resolve  # noqa: E402
from ingest.resolve.evaluate import evaluate  # noqa: E402
from ingest.resolve.model import Mention  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"  # noqa: E501
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉文斌宇浩凯健俊帆帅旭宁龙林欣瑶婷雪琳晨阳峰"  # noqa: E501
PLACES = [
    "Beijing",
    "Shanghai",
    "Wuhan",
    "Nanjing",
    "Hefei",
    "Dalian",
    "Harbin",
    "Xi'an",
    "Chengdu",
    "Changsha",
    "Jinan",
    "Qingdao",
    "Xiamen",
    "Suzhou",
    "Tianjin",
    "Lanzhou",
    "Kunming",
    "Fuzhou",
    "Nanchang",
    "Taiyuan",
    "Shenyang",
    "Guangzhou",
    "Hangzhou",
]
FIELDS = [
    "Chemistry",
    "Physics",
    "Materials",
    "Energy",
    "Mining",
    "Petroleum",
    "Electronics",
    "Mechanics",
    "Metallurgy",
    "Agriculture",
    "Medicine",
    "Optics",
    "Geology",
    "Ocean",
]


def institutions(rng: random.Random, n: int) -> list[list[str]]:
    """n institutions, each as a list of name variants."""
    out, seen = [], set()
    syl = [
        "hua",
        "xin",
        "jin",
        "long",
        "tai",
        "feng",
        "guang",
        "ming",
        "sheng",
        "yuan",
        "da",
        "kang",
        "rui",
        "tong",
        "hai",
        "bo",
        "chen",
        "heng",
        "li",
        "an",
        "de",
        "xing",
    ]
    while len(out) < n:
        field = rng.choice(FIELDS)
        place = (
            rng.choice(PLACES)
            if rng.random() < 0.2
            else ("".join(rng.choice(syl) for _ in range(rng.choice([2, 3]))).capitalize())
        )
        kind = rng.choice(["University of", "Institute of", "Research Institute of", "Company"])
        if kind == "Company":
            full = f"{place} {field} Technology Co., Ltd."
            variants = [full, f"{place} {field} Technology Co. Ltd", f"{place} {field} Tech. Co."]
        else:
            full = f"{place} {kind} {field}"
            short = full.replace("University", "Univ.").replace("Institute", "Inst.")
            acr = "".join(w[0] for w in full.replace("'", "").split() if w != "of").upper()
            variants = [
                full,
                short,
                f"Dept. of {rng.choice(FIELDS)}, {full}, {place}, China",
                full.upper(),
                acr,
            ]
        if full in seen:
            continue
        seen.add(full)
        out.append(variants)
    return out


def person_mentions(n: int, seed: int = 7) -> list[Mention]:
    from pypinyin import lazy_pinyin

    rng = random.Random(seed)
    insts = institutions(rng, max(50, n // 400))
    weights = [1 / (i + 1) ** 0.9 for i in range(len(SURNAMES))]
    people = []
    for _ in range(max(10, n // 8)):
        sur = rng.choices(SURNAMES, weights)[0]
        given = "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2, 2])))
        s = lazy_pinyin(sur)[0].capitalize()
        g = "".join(lazy_pinyin(given)).capitalize()
        people.append((sur + given, s, g, rng.choice(insts), rng.random() < 0.3))
    out = []
    for i in range(n):
        han, s, g, inst, orcid = rng.choice(people)
        form = rng.choice(
            [
                f"{g} {s}",
                f"{s} {g}",
                f"{s}, {g[0]}.",
                f"{g[0]}. {s}",
                han,
                f"{s.upper()} {g}",
                f"{g} {s}",
            ]
        )
        m = Mention(str(i + 1), form, affiliation=rng.choice(inst), country="CHN")
        if orcid and rng.random() < 0.5:
            m.orcid = f"0000-000{hash(han) % 10}-{abs(hash(han + s)) % 10000:04d}-0001"
        out.append(m)
    return out


def institution_mentions(n: int, seed: int = 11) -> list[Mention]:
    rng = random.Random(seed)
    insts = institutions(rng, max(50, n // 20))
    return [Mention(str(i + 1), rng.choice(rng.choice(insts))) for i in range(n)]


def gold_run(path: Path, half: str) -> None:
    """ikg and the exact-match baseline on one gold file (timed in the same run)."""
    t0 = time.perf_counter()
    r = evaluate(path, None, None, None, half)
    print(f"{path.name} ({half} mentions), {time.perf_counter() - t0:.1f} s in all")
    for kind, k in r["kinds"].items():
        print(f"{kind}: {k['mentions']} mentions, {k['gold_clusters']} gold clusters, "
              f"ikg {k['mentions_per_s']} mentions/s")  # fmt: skip
        for who, x in (("ikg", k), ("exact match", k["baseline"])):
            b3, pw = x["bcubed"], x["pairwise"]
            print(f"  {who:<12} B-cubed P {b3['precision']:.4f} R {b3['recall']:.4f} "
                  f"F1 {b3['f1']:.4f}  pairwise F1 {pw['f1']:.4f}  "
                  f"clusters {x['predicted_clusters']}")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,100000,200000")
    ap.add_argument("--kind", default="person,institution")
    ap.add_argument("--gold", type=Path, help="a gold file (JSONL or PatentsView CSV[.gz])")
    ap.add_argument("--half", default="all", choices=["all", "even", "odd"])
    args = ap.parse_args()
    if args.gold:
        gold_run(args.gold, args.half)
        return
    for kind in args.kind.split(","):
        for size in (int(s) for s in args.sizes.split(",")):
            gen = person_mentions if kind == "person" else institution_mentions
            mentions = gen(size)
            t0 = time.perf_counter()
            res = resolve(mentions, kind)
            dt = time.perf_counter() - t0
            print(
                f"{kind:<12} {size:>7} mentions  {dt:7.1f} s  {size / dt:9.0f} mentions/s  "
                f"{res.clusters} clusters  {len(res.candidates)} review pairs",
                flush=True,
            )


if __name__ == "__main__":
    main()
