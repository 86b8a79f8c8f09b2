"""Regenerate tests/gold/experts_gold.json from data/samples (see experts_gold.md)."""

import csv
import json
from collections import defaultdict
from pathlib import Path

from ingest.loaders import fields as ibuild
from kg import vocab

S = "data/samples/"


def rows(path: str) -> list[dict[str, str]]:
    with Path(path).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


techs = {r["technology_id"]: r for r in rows("ontology/vocab/technologies.csv")}
children = defaultdict(set)
for t, r in techs.items():
    if r["broader"]:
        children[r["broader"]].add(t)


def closure(ts):
    out = set()
    st = list(ts)
    while st:
        t = st.pop()
        if t in out:
            continue
        out.add(t)
        st.extend(children[t])
    return out


ex = {r["expert_id"]: r for r in rows(S + "experts.csv")}
ev = defaultdict(list)  # expert -> (techs set, lead bool)


def sp(x):
    return [y.strip() for y in (x or "").split(";") if y.strip()]


for r in rows(S + "works.csv"):
    a = sp(r["authors"])
    ts = set(sp(r["technologies"]))
    for i, p in enumerate(a):
        ev[p].append((ts, i == 0 or i == len(a) - 1))
for r in rows(S + "patents.csv"):
    a = sp(r["inventors"])
    ts = set(sp(r["technologies"]))
    for i, p in enumerate(a):
        ev[p].append((ts, i == 0))
for r in rows(S + "projects.csv"):
    ts = set(sp(r["technologies"]))
    if r["pi"]:
        ev[r["pi"]].append((ts, True))
    for p in sp(r["members"]):
        if p != r["pi"]:
            ev[p].append((ts, False))
Q = [
    (
        "q01",
        "cellulosic ethanol pretreatment",
        "en",
        ["bm-fuel-cellet"],
        ["bm-pre-steam", "bm-pre-acid", "bm-pre-alkali", "bm-pre"],
    ),
    (
        "q02",
        "纤维素乙醇 预处理",
        "zh",
        ["bm-fuel-cellet"],
        ["bm-pre-steam", "bm-pre-acid", "bm-pre-alkali", "bm-pre"],
    ),
    ("q03", "steam explosion pretreatment", "en", ["bm-pre-steam"], []),
    ("q04", "蒸汽爆破", "zh", ["bm-pre-steam"], []),
    ("q05", "polylactic acid", "en", ["bm-poly-pla"], []),
    ("q06", "聚乳酸", "zh", ["bm-poly-pla"], []),
    ("q07", "biogas from anaerobic digestion", "en", ["bm-fuel-biogas"], []),
    ("q08", "cellulase enzymatic hydrolysis", "en", ["bm-pre-enzyme"], []),
    ("q09", "纤维素酶 酶解", "zh", ["bm-pre-enzyme"], []),
    ("q10", "biofuels", "en", sorted(closure(["bm-fuel"])), []),
    ("q11", "coal mine methane drainage", "en", ["coal-mining-methane"], []),
    ("q12", "瓦斯抽采", "zh", ["coal-mining-methane"], []),
    ("q13", "intelligent coal mining", "en", ["coal-mining-smart"], []),
    ("q14", "煤气化", "zh", ["coal-clean-gasif"], []),
    ("q15", "sustainable aviation fuel", "en", ["bm-fuel-jet"], []),
    ("q16", "ionic liquid pretreatment", "en", ["bm-pre-il"], []),
    ("q17", "lactic acid fermentation", "en", ["bm-chem-lactic"], []),
]
out = []
for qid, q, lang, target, second in Q:
    tgt = set(target)
    sec = set(second)
    grades = {}
    negs = []
    for e, r in ex.items():
        decl = set(sp(r["technologies"]))
        s = 0.0
        for ts, lead in ev.get(e, []):
            if ts & tgt:
                w = 1.0 if lead else 0.5
                if sec and not (ts & sec):
                    w *= 0.5
                s += w
        if decl & tgt:
            s += 1.0
        if sec and decl & tgt and decl & sec:
            s += 1.0
        g = 3 if s >= 5 else 2 if s >= 2.5 else 1 if s > 0 else 0
        if g:
            grades[e] = g
        else:
            # hard negatives: evidence on siblings of the target
            sib = set()
            for t in tgt:
                b = techs[t]["broader"]
                if b:
                    sib |= closure([b]) - tgt
            if any(ts & sib for ts, _ in ev.get(e, [])) or decl & sib:
                negs.append(e)
    for e in negs[:8]:
        grades[e] = 0

    def iri(e):
        o = ex[e]["orcid"]
        return (
            vocab.mint("expert", "orcid", ibuild.parse_orcid(o))
            if o
            else vocab.mint("expert", "samples", e)
        ).value

    names = {iri(e): f"{ex[e]['name']} {ex[e]['name_zh']} ({e})".strip() for e in grades}
    grades = {iri(e): g for e, g in grades.items()}
    out.append(
        {
            "id": qid,
            "query": q,
            "lang": lang,
            "basis": {"technologies": target, "with": second},
            "relevant": dict(sorted(grades.items(), key=lambda kv: (-kv[1], kv[0]))),
            "names": names,
        }
    )
    print(
        qid,
        q,
        sum(1 for g in grades.values() if g == 3),
        sum(1 for g in grades.values() if g == 2),
        sum(1 for g in grades.values() if g == 1),
        sum(1 for g in grades.values() if g == 0),
    )
gold = {
    "description": "Graded relevant experts for the sample data (data/samples). Grades 0-3; see tests/gold/experts_gold.md for the format and how the judgments were made.",
    "queries": out,
}
Path("tests/gold/experts_gold.json").write_text(
    json.dumps(gold, ensure_ascii=False, indent=1), encoding="utf-8"
)
