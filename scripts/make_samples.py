"""Generate the realistic sample data in ``data/samples/`` (deterministic, seeded).

Run: ``.venv/bin/python scripts/make_samples.py``. The script is the source of truth: it writes
the same bytes on every run. Two domains: the biomass industry around Jilin/Changchun and the
coal industry (Shanxi, Inner Mongolia, Shaanxi, Xuzhou). People, emails, phones, ORCIDs, DOIs,
patent numbers and project numbers are fictional; real public institutions keep their real
names (and ROR ids only where certain). The hand-written name lists and title templates live in
``scripts/sample_lists.py``-free form here, so one file regenerates everything.
"""

from __future__ import annotations

import csv
import io
import json
import math
import random
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "samples"
SEED = 20240611
TECH_CSV = ROOT / "ontology" / "vocab" / "technologies.csv"
REAL_OPENALEX = Path("/work/shared/data/sample-openalex/openalex_entity_samples.json")

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sample_content import (  # noqa: E402
    ACHIEVEMENTS,
    CHAINS,
    COALS,
    DEMANDS,
    FEEDS,
    FLAGSHIP_PROJECTS,
    FOREIGN_EXPERTS,
    GIVEN,
    INSTITUTIONS,
    REGIONS,
    REPORTS,
    SITES,
    STANDARDS,
    SURNAMES,
    TECH,
    VENUES,
)

rng = random.Random(SEED)


# --------------------------------------------------------------------------- helpers
def write_csv(path: Path, header: list[str], rows: list[dict[str, object]]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        extra = set(r) - set(header)
        if extra:
            raise SystemExit(f"{path.name}: row has unknown columns {sorted(extra)}")
        w.writerow(["" if r.get(c) is None else _cell(r.get(c)) for c in header])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return len(rows)


def _cell(v: object) -> str:
    if isinstance(v, list | tuple):
        return ";".join(str(x) for x in v)
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    path.write_text(text, encoding="utf-8")
    return len(rows)


def orcid_check(base15: str) -> str:
    """ISO 7064 MOD 11-2 check character for the 15 ORCID base digits."""
    total = 0
    for ch in base15:
        total = (total + int(ch)) * 2
    r = (12 - total % 11) % 11
    return "X" if r == 10 else str(r)


def make_orcid(used: set[str]) -> str:
    while True:
        block = rng.choice(["0001", "0002", "0003", "0009"])
        digits = "000" + block[0] + block[1:] + "".join(rng.choice("0123456789") for _ in range(8))
        base = "0000" + block + "".join(digits[-8:])
        base = base[:15]
        oid = base + orcid_check(base)
        s = f"{oid[0:4]}-{oid[4:8]}-{oid[8:12]}-{oid[12:16]}"
        if s not in used:
            used.add(s)
            return s


USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def make_uscc(division: str) -> str:
    """A fictional but checksum-valid unified social credit code (GB 32100-2015)."""
    org = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    org_w = [3, 7, 9, 10, 5, 8, 4, 2]
    val = sum(
        (int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(org, org_w, strict=True)
    )
    c9 = 11 - val % 11
    org += "X" if c9 == 10 else ("0" if c9 == 11 else str(c9))
    body = "91" + division + org
    s = sum(USCC_CHARS.index(c) * w for c, w in zip(body, USCC_W, strict=True))
    return body + USCC_CHARS[(31 - s % 31) % 31]


def load_tech() -> dict[str, dict[str, str]]:
    with TECH_CSV.open(encoding="utf-8") as f:
        return {r["technology_id"]: r for r in csv.DictReader(f)}


TECHS = load_tech()
for _tid in TECH:
    if _tid not in TECHS:
        raise SystemExit(f"technology {_tid} is not in {TECH_CSV}")


def tech_terms(tid: str) -> list[str]:
    t = TECHS[tid]
    alts = [a for a in t["alt_names"].split(";") if a]
    return [t["name"], *alts]


def fill(tpl: str, ctx: dict[str, str]) -> str:
    return tpl.format(**ctx)


def year_weights(profile: str) -> list[tuple[int, float]]:
    out = []
    for y in range(2008, 2026):
        x = y - 2008
        if profile == "emerging":
            w = math.exp(0.28 * x) if y >= 2012 else 0.3
        elif profile == "growing":
            w = 1 + 0.22 * x + 0.012 * x * x
        elif profile == "mature":
            w = 0.6 + 2.4 * math.exp(-((y - 2015) ** 2) / 18)
        elif profile == "declining":
            w = max(0.35, 3.0 - 0.16 * x)
        else:
            w = 1.0
        out.append((y, w))
    return out


def pick_year(profile: str) -> int:
    ys = year_weights(profile)
    return rng.choices([y for y, _ in ys], weights=[w for _, w in ys])[0]


# --------------------------------------------------------------------------- names
class Person:
    def __init__(self, pid: str, given: str, surname: str, zh: str, foreign: bool) -> None:
        self.id = pid
        self.given = given
        self.surname = surname
        self.zh = zh
        self.foreign = foreign
        self.inst: list[str] = []
        self.techs: list[str] = []
        self.orcid = ""

    @property
    def name(self) -> str:
        return f"{self.given} {self.surname}"

    def initials(self, dots: bool = True) -> str:
        parts = re.split(r"[ \-]", self.given)
        if not self.foreign:
            parts = _split_pinyin(self.given)
        if dots:
            return "".join(p[0].upper() + "." for p in parts if p)
        return "".join(p[0].upper() for p in parts if p)

    def variants(self) -> list[str]:
        v = [
            f"{self.surname}, {self.initials()}",
            f"{self.initials()} {self.surname}",
            f"{self.surname}, {self.given}",
            f"{self.surname} {self.initials(dots=False)}",
        ]
        if not self.foreign:
            syl = _split_pinyin(self.given)
            v += [f"{self.surname} {self.given}", f"{self.surname.upper()} {self.given}"]
            if len(syl) == 2:
                v.append(f"{syl[0]}-{syl[1].lower()} {self.surname}")
                v.append(f"{self.surname}, {syl[0]}-{syl[1].lower()}")
            v.append(self.zh)
        else:
            first = self.given.split(" ")[0]
            v.append(f"{first} {self.surname}")
        return v


_SYL_CACHE: dict[str, list[str]] = {}


def _split_pinyin(given: str) -> list[str]:
    return _SYL_CACHE.get(given, [given])


def build_people() -> list[Person]:
    people: list[Person] = []
    used: set[str] = set()
    # deliberate homonyms: two different 李伟 and two different 张磊
    forced = [("李", "Li", "伟", "Wei"), ("李", "Li", "伟", "Wei"), ("张", "Zhang", "磊", "Lei"),
              ("张", "Zhang", "磊", "Lei"), ("王", "Wang", "晓明", "Xiaoming")]
    n = 0
    for sz, sp, gz, gp in forced:
        n += 1
        p = Person(f"exp-{n:03d}", gp, sp, sz + gz, False)
        _SYL_CACHE[gp] = [gp] if len(gz) == 1 else ["Xiao", "Ming"]
        people.append(p)
        used.add(sz + gz)
    while n < 165:
        sz, sp = rng.choice(SURNAMES)
        if rng.random() < 0.55:
            a, b = rng.sample(GIVEN, 2)
            gz, syl = a[0] + b[0], [a[1], b[1]]
        else:
            a = rng.choice(GIVEN)
            gz, syl = a[0], [a[1]]
        if sz + gz in used:
            continue
        used.add(sz + gz)
        n += 1
        gp = syl[0] + "".join(s.lower() for s in syl[1:])
        _SYL_CACHE[gp] = syl
        people.append(Person(f"exp-{n:03d}", gp, sp, sz + gz, False))
    for given, surname, _inst, _techs, _title in FOREIGN_EXPERTS:
        n += 1
        people.append(Person(f"exp-{n:03d}", given, surname, "", True))
    return people


# --------------------------------------------------------------------------- main build
def main() -> None:
    if OUT.exists():
        for p in sorted(OUT.rglob("*"), reverse=True):
            if p.is_file():
                p.unlink()
    OUT.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    gold: list[dict[str, str]] = []

    # ---------------- regions
    region_rows = [
        {"region_id": r[0], "name": r[1], "name_zh": r[2], "country": r[3], "parent_id": r[4],
         "lat": r[5], "lon": r[6]}
        for r in REGIONS
    ]
    region_ids = {r["region_id"] for r in region_rows}
    region_by_id = {r["region_id"]: r for r in region_rows}
    counts["regions.csv"] = write_csv(
        OUT / "regions.csv", ["region_id", "name", "name_zh", "country", "parent_id", "lat", "lon"],
        region_rows)

    # ---------------- institutions
    inst_rows = []
    inst = {}
    for d in INSTITUTIONS:
        row = {k: d.get(k, "") for k in ["institution_id", "name", "name_zh", "acronym",
                                         "alt_names", "type", "country", "region", "city", "ror",
                                         "parent_id", "technologies"]}
        if d.get("uscc") == "gen":
            row["uscc"] = make_uscc(d["division"])
        assert row["region"] in region_ids, row
        inst_rows.append(row)
        inst[d["institution_id"]] = d
    for r in inst_rows:
        assert not r["parent_id"] or r["parent_id"] in inst, r
        for t in r["technologies"]:
            assert t in TECHS, t
    counts["institutions.csv"] = write_csv(
        OUT / "institutions.csv",
        ["institution_id", "name", "name_zh", "acronym", "alt_names", "type", "country", "region",
         "city", "ror", "uscc", "parent_id", "technologies"], inst_rows)

    # ---------------- experts
    people = build_people()
    pmap = {p.id: p for p in people}
    orcids: set[str] = set()
    research = [d for d in INSTITUTIONS if d["technologies"] and d["country"] == "CHN"
                and d["type"] in ("university", "research_institute", "enterprise", "library")]
    weights = [d.get("weight", 3) for d in research]
    forced_inst = ["inst-ciac", "inst-cumt", "inst-jlu", "inst-ccri", "inst-ciac"]
    titles_cn = [("Professor", "教授"), ("Associate Professor", "副教授"),
                 ("Researcher", "研究员"), ("Associate Researcher", "副研究员"),
                 ("Senior Engineer", "高级工程师"), ("Professor-level Senior Engineer",
                                                    "正高级工程师"), ("Lecturer", "讲师")]
    expert_rows = []
    chinese = [p for p in people if not p.foreign]
    for i, p in enumerate(chinese):
        if i < len(forced_inst):
            d = inst[forced_inst[i]]
        elif i < 12:
            d = inst["inst-nslc"]
        else:
            d = rng.choices(research, weights=weights)[0]
        p.inst = [d["institution_id"]]
        if d.get("parent_id") and rng.random() < 0.3:
            p.inst.append(d["parent_id"])
        if rng.random() < 0.08:
            other = rng.choice([x for x in research if x["institution_id"] != d["institution_id"]
                                and x["type"] != "enterprise"])
            p.inst.append(other["institution_id"])
        k = min(len(d["technologies"]), rng.choice([1, 2, 2, 3]))
        p.techs = rng.sample(d["technologies"], k)
        if d["institution_id"] == "inst-nslc":
            p.techs = rng.sample(["bm", "bm-fuel", "bm-chem", "bm-poly", "bm-fuel-cellet"], 2)
    for p, (_g, _s, inst_id, techs, _t) in zip(
            [p for p in people if p.foreign], FOREIGN_EXPERTS, strict=True):
        p.inst = [inst_id]
        p.techs = list(techs)
    academicians = {"exp-006", "exp-031", "exp-077"}
    for p in people:
        d = inst[p.inst[0]]
        if p.foreign or rng.random() < 0.62:
            p.orcid = make_orcid(orcids)
        if p.foreign:
            title = dict((x[0] + x[1], x[4]) for x in FOREIGN_EXPERTS)[p.given + p.surname]
            tzh = ""
        elif d["type"] == "enterprise":
            title, tzh = rng.choice(titles_cn[4:6])
        elif d["institution_id"] == "inst-nslc":
            title, tzh = rng.choice([("Research Librarian", "研究馆员"),
                                     ("Associate Research Librarian", "副研究馆员")])
        elif p.id in academicians:
            title, tzh = "Academician", "院士"
        else:
            title, tzh = rng.choice(titles_cn[:4] + titles_cn[6:])
        kws = []
        for t in p.techs:
            kws += TECH[t]["kw"][:2] if t in TECH else []
            kws.append(TECHS[t]["name_zh"])
        kws = list(dict.fromkeys(kws))[:6]
        dom = d.get("domain", "edu.cn")
        local = (p.surname.lower() + p.initials(dots=False).lower()) if not p.foreign else (
            p.given.split(" ")[0].lower() + "." + p.surname.lower().replace(" ", ""))
        email = f"{local}@{dom.replace('.', '-')}.example.org" if rng.random() < 0.7 else ""
        phone = ""
        if not p.foreign and rng.random() < 0.3:
            phone = f"+86-{d.get('area', '431')}-8{rng.randint(1000000, 9999999)}"
        tech_labels = ", ".join(TECHS[t]["name"].lower() for t in p.techs)
        tech_zh = "、".join(TECHS[t]["name_zh"] for t in p.techs)
        if p.foreign or rng.random() < 0.5:
            bio = (f"{title} at {d['name']}. Works on {tech_labels}"
                   f"{'' if p.foreign else ' with industrial partners in ' + region_by_id[d['region']]['name']}.")  # noqa: E501
        else:
            bio = f"{d['name_zh']}{tzh}，主要从事{tech_zh}研究。"
        variants = []
        if not p.foreign and rng.random() < 0.5:
            variants = [f"{p.surname} {p.given}"]
        expert_rows.append({
            "expert_id": p.id, "name": p.name, "name_zh": p.zh, "name_variants": variants,
            "orcid": p.orcid, "email": email, "phone": phone,
            "title": f"{title}/{tzh}" if tzh else title, "institution_ids": p.inst,
            "country": d["country"], "region": d["region"], "technologies": p.techs,
            "keywords": kws, "bio": bio,
        })
    counts["experts.csv"] = write_csv(
        OUT / "experts.csv",
        ["expert_id", "name", "name_zh", "name_variants", "orcid", "email", "phone", "title",
         "institution_ids", "country", "region", "technologies", "keywords", "bio"], expert_rows)

    by_tech: dict[str, list[Person]] = {}
    for p in people:
        for t in p.techs:
            by_tech.setdefault(t, []).append(p)
    by_inst: dict[str, list[Person]] = {}
    for p in people:
        by_inst.setdefault(p.inst[0], []).append(p)

    def domain_of(tid: str) -> str:
        return "coal" if tid.startswith("coal") else "bm"

    def candidates(tid: str) -> list[Person]:
        c = list(by_tech.get(tid, []))
        if len(c) < 3:
            parent = TECHS[tid]["broader"]
            for sib, _r in TECHS.items():
                if TECHS[sib]["broader"] == parent:
                    c += [x for x in by_tech.get(sib, []) if x not in c]
        return c or [p for p in people if any(domain_of(t) == domain_of(tid) for t in p.techs)]

    def team(tid: str, n: int, english: bool) -> list[Person]:
        cands = candidates(tid)
        if not english:
            cands = [c for c in cands if not c.foreign] or cands
        first = rng.choice(cands)
        out = [first]
        local = [x for x in by_inst.get(first.inst[0], []) if x not in out]
        while len(out) < n:
            pool = local if (local and rng.random() < 0.6) else [
                x for x in cands if x not in out]
            if not english:
                pool = [x for x in pool if not x.foreign]
            pool = [x for x in pool if x not in out]
            if not pool:
                break
            x = rng.choice(pool)
            out.append(x)
            if x in local:
                local.remove(x)
        return out

    def region_phrase(p: Person) -> tuple[str, str]:
        d = inst[p.inst[0]]
        reg = region_by_id[d["region"]]
        prov = region_by_id.get(reg["parent_id"], reg) if reg["parent_id"] not in (
            "CHN", "") else reg
        return prov["name"], prov["name_zh"]

    def make_ctx() -> dict[str, str]:
        f, c, s = rng.choice(FEEDS), rng.choice(COALS), rng.choice(SITES)
        return {"feed": f[0], "feed_zh": f[1], "coal": c[0], "coal_zh": c[1], "site": s[0],
                "site_zh": s[1]}

    def abstract(tid: str, title: str, ctx: dict[str, str], place: str) -> str:
        t = TECH[tid]
        terms = tech_terms(tid)
        label = terms[0]
        alt = rng.choice(terms[1:]) if len(terms) > 1 else TECHS[tid]["name_zh"]
        metric, unit, lo, hi = rng.choice(t["m"])
        val = round(rng.uniform(lo, hi), 1 if hi > 5 else 2)
        parent = TECHS[tid]["broader"]
        role = ROLE.get(parent, ROLE.get(tid, "an active field of applied research"))
        meth = rng.choice(METHODS[domain_of(tid)])
        impl = rng.choice(IMPLICATIONS[domain_of(tid)])
        kw = rng.sample(t["kw"], min(2, len(t["kw"])))
        subject = ctx["feed"] if domain_of(tid) == "bm" else ctx["site"]
        return (f"{label} ({alt}) is {role}. This study addresses "
                f"{title[0].lower() + title[1:]}. {meth.format(subject=subject, kw=kw[0])} "
                f"The {metric} reached {val} {unit} under optimized conditions, "
                f"and {kw[-1]} was identified as the main factor limiting performance. "
                f"{impl.format(place=place)}")

    # ---------------- works (papers)
    work_rows: list[dict[str, object]] = []
    used_titles: set[str] = set()
    wn = 0
    doi_n = 0

    def author_cell(members: list[Person], key: str, rate: float) -> list[str]:
        cell = []
        for pos, m in enumerate(members, start=1):
            if rng.random() < rate:
                v = rng.choice(m.variants())
                cell.append(v)
                gold.append({"id": f"{key}#{pos}", "name": v, "entity": m.id, "kind": "person"})
            else:
                cell.append(m.id)
        return cell

    paper_plan: list[tuple[str, int]] = []
    for tid, t in TECH.items():
        for _ in range(t["n"]):
            paper_plan.append((tid, pick_year(t["prof"])))
    paper_plan.sort(key=lambda x: (x[1], x[0]))
    for tid, year in paper_plan:
        t = TECH[tid]
        for _try in range(40):
            ctx = make_ctx()
            en_t, zh_t = rng.choice(t["t"])
            en, zh = fill(en_t, ctx), fill(zh_t, ctx)
            if en not in used_titles:
                break
        else:
            en = en + " (II)"
            zh = zh + "（II）"
        used_titles.add(en)
        chinese_j = rng.random() < 0.33
        n = rng.choices(range(1, 9), weights=[5, 12, 20, 22, 18, 12, 6, 5])[0]
        members = team(tid, n, english=not chinese_j)
        venue_en, venue_zh, code = rng.choice(VENUES[domain_of(tid)]["zh" if chinese_j else "en"])
        wn += 1
        wid = f"work-{wn:04d}"
        place = region_phrase(members[0])[0]
        doi_n += 1
        doi = f"10.5555/{code}.{year}.{100000 + doi_n * 37 % 90000}"
        kws = list(dict.fromkeys([rng.choice(tech_terms(tid)), *rng.sample(t["kw"], min(3, len(
            t["kw"]))), TECHS[tid]["name_zh"] if chinese_j else ""]))
        kws = [k for k in kws if k]
        insts = list(dict.fromkeys(m.inst[0] for m in members))
        work_rows.append({
            "work_id": wid, "type": "paper", "title": en, "title_zh": zh if chinese_j else "",
            "abstract": abstract(tid, en, ctx, place), "year": year,
            "authors": author_cell(members, f"works.csv/{wid}", 0.1),
            "institutions": insts, "technologies": _with_second(tid, ctx),
            "keywords": kws, "doi": doi, "venue": venue_zh if chinese_j else venue_en,
            "_members": members, "_tid": tid, "_zh": chinese_j,
        })
    # reports, standards, achievements
    for kind, table in (("report", REPORTS), ("standard", STANDARDS),
                        ("achievement", ACHIEVEMENTS)):
        for en, zh, techs, year, venue, inst_ids, abst in table:
            cands = [p for i in inst_ids for p in by_inst.get(i, [])]
            members = rng.sample(cands, min(len(cands), rng.randint(2, 5))) if cands else []
            wn += 1
            wid = f"work-{wn:04d}"
            work_rows.append({
                "work_id": wid, "type": kind, "title": en, "title_zh": zh, "abstract": abst,
                "year": year, "authors": author_cell(members, f"works.csv/{wid}", 0.05),
                "institutions": inst_ids, "technologies": techs,
                "keywords": [TECHS[t]["name"] for t in techs] + [TECHS[t]["name_zh"]
                                                                  for t in techs],
                "doi": "", "venue": venue, "_members": members, "_tid": techs[0], "_zh": True,
            })
    header_w = ["work_id", "type", "title", "title_zh", "abstract", "year", "authors",
                "institutions", "technologies", "keywords", "doi", "venue"]
    counts["works.csv"] = write_csv(OUT / "works.csv", header_w,
                                    [{k: r[k] for k in header_w} for r in work_rows])

    # ---------------- patents
    pat_rows = []
    pn = 0
    for tid, t in TECH.items():
        for en, zh in t["p"]:
            pn += 1
            members = team(tid, rng.choice([1, 2, 3, 3, 4, 5]), english=False)
            year = pick_year(t["prof"])
            assignee = members[0].inst[:1]
            if rng.random() < 0.25:
                ent = [d["institution_id"] for d in INSTITUTIONS if d["type"] == "enterprise"
                       and tid in d["technologies"]]
                if ent:
                    assignee = [*assignee, rng.choice(ent)]
            foreign = members[0].foreign
            country = inst[members[0].inst[0]]["country"]
            if foreign:
                if country == "USA" or rng.random() < 0.4:
                    number = f"US{rng.randint(10_100_000, 11_900_000)}B2"
                    pc = "USA"
                else:
                    number = f"EP{rng.randint(3_100_000, 4_200_000)}B1"
                    pc = "EPO"
            else:
                base = {2008: 101, 2009: 101, 2010: 101, 2011: 102, 2012: 102, 2013: 103,
                        2014: 104, 2015: 104, 2016: 105, 2017: 106, 2018: 108, 2019: 109,
                        2020: 111, 2021: 112, 2022: 114, 2023: 116, 2024: 117, 2025: 119}[year]
                kind = rng.choice(["A", "A", "B"])
                if "device" in en.lower() or "装置" in zh or rng.random() < 0.1:
                    number = f"CN{base + 100}{rng.randint(100000, 999999)}U"
                else:
                    number = f"CN{base}{rng.randint(100000, 999999)}{kind}"
                pc = "CHN"
            kws = list(dict.fromkeys([TECHS[tid]["name"], TECHS[tid]["name_zh"],
                                      *rng.sample(t["kw"], min(2, len(t["kw"])))]))
            pid = f"pat-{pn:03d}"
            abst = (f"The invention discloses {en[0].lower() + en[1:]}. "
                    f"It relates to {TECHS[tid]['name'].lower()} ({TECHS[tid]['name_zh']}) and "
                    f"{rng.choice(PATENT_BENEFITS[domain_of(tid)])}")
            pat_rows.append({
                "patent_id": pid, "number": number, "title": en,
                "title_zh": "" if foreign else zh, "abstract": abst, "year": year,
                "inventors": author_cell(members, f"patents.csv/{pid}", 0.06),
                "assignees": assignee, "technologies": [tid], "keywords": kws,
                "country": pc, "ipc": t["ipc"],
            })
    counts["patents.csv"] = write_csv(
        OUT / "patents.csv",
        ["patent_id", "number", "title", "title_zh", "abstract", "year", "inventors",
         "assignees", "technologies", "keywords", "country", "ipc"], pat_rows)

    # ---------------- projects
    proj_rows = []
    jn = 0
    for en, zh, techs, start, end, funder, budget, inst_ids, abst in FLAGSHIP_PROJECTS:
        cands = [p for i in inst_ids for p in by_inst.get(i, []) if not p.foreign]
        cands = [p for p in cands if set(p.techs) & set(techs)] or cands
        pi = cands[0]
        members = [pi, *rng.sample([c for c in cands if c is not pi], min(len(cands) - 1, 6))]
        jn += 1
        proj_rows.append(_proj(jn, en, zh, abst, start, end, members, inst_ids, funder, techs,
                               budget))
    funders = [("inst-nsfc", "NSFC General Program", "国家自然科学基金面上项目", (50, 65), 4),
               ("inst-nsfc", "NSFC Young Scientists Fund", "国家自然科学基金青年科学基金项目",
                (20, 30), 3),
               ("inst-nsfc", "NSFC Key Program", "国家自然科学基金重点项目", (230, 300), 5),
               ("inst-jldst", "Jilin Provincial Science and Technology Development Program",
                "吉林省科技发展计划项目", (30, 300), 3),
               ("inst-sxdst", "Shanxi Provincial Key R&D Program", "山西省重点研发计划项目",
                (80, 400), 3)]
    tids = list(TECH)
    while len(proj_rows) < 52:
        tid = rng.choice(tids)
        fid, fen, fzh, (blo, bhi), dur = rng.choice(funders)
        if fid == "inst-jldst" and domain_of(tid) == "coal":
            continue
        if fid == "inst-sxdst" and domain_of(tid) == "bm":
            continue
        members = team(tid, rng.randint(2, 6), english=False)
        ctx = make_ctx()
        en_t, zh_t = rng.choice(TECH[tid]["t"])
        en = f"{fen}: {fill(en_t, ctx)}"
        zh = f"{fill(zh_t, ctx)}（{fzh}）"
        start = rng.randint(2010, 2024)
        jn += 1
        abst = (f"Funded by the {fen}. The project studies {fill(en_t, ctx).lower()} "
                f"to advance {TECHS[tid]['name'].lower()} and trains graduate students.")
        proj_rows.append(_proj(jn, en, zh, abst, start, start + dur, members,
                               list(dict.fromkeys(m.inst[0] for m in members)), fid, [tid],
                               rng.randint(blo, bhi)))
    counts["projects.csv"] = write_csv(
        OUT / "projects.csv",
        ["project_id", "title", "title_zh", "abstract", "start_year", "end_year", "pi", "members",
         "institutions", "funder", "technologies", "keywords", "budget"], proj_rows)

    # ---------------- demands
    dem_rows = []
    for i, (en, zh, desc, ent_id, ent_name, region, year, techs, kws) in enumerate(DEMANDS, 1):
        assert not ent_id or ent_id in inst, ent_id
        assert region in region_ids, region
        dem_rows.append({"demand_id": f"dem-{i:03d}", "title": en, "title_zh": zh,
                         "description": desc, "enterprise_id": ent_id,
                         "enterprise_name": ent_name or (inst[ent_id]["name_zh"] if ent_id else ""),
                         "region": region, "year": year, "technologies": techs,
                         "keywords": kws})
    counts["demands.csv"] = write_csv(
        OUT / "demands.csv",
        ["demand_id", "title", "title_zh", "description", "enterprise_id", "enterprise_name",
         "region", "year", "technologies", "keywords"], dem_rows)

    # ---------------- openalex works
    oa = build_openalex(work_rows, inst, gold)
    counts["openalex/works.jsonl"] = write_jsonl(OUT / "openalex" / "works.jsonl", oa)
    real = json.loads(REAL_OPENALEX.read_text(encoding="utf-8"))["works"]
    (OUT / "openalex").mkdir(exist_ok=True)
    (OUT / "openalex" / "real_openalex_works.json").write_text(
        json.dumps(real, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    counts["openalex/real_openalex_works.json"] = len(real)

    # ---------------- RIS / BibTeX
    counts["records.ris"], counts["records.bib"] = build_ris_bib(work_rows, inst, gold)

    # ---------------- institution variant mentions (plain list, like a user's affiliation file)
    for d in INSTITUTIONS:
        for j, v in enumerate(d.get("variants", []), start=1):
            gold.append({"id": f"institution-variants/{d['institution_id']}#{j}", "name": v,
                         "entity": d["institution_id"], "kind": "institution"})

    # ---------------- chains
    counts.update(build_chains(inst, region_ids))

    for g in gold:
        assert g["entity"] in pmap or g["entity"] in inst, g
    ids = [g["id"] for g in gold]
    assert len(ids) == len(set(ids))
    counts["variants_gold.jsonl"] = write_jsonl(OUT / "variants_gold.jsonl", gold)
    check_ids()
    for k, v in counts.items():
        print(f"{k}: {v}")


ROLE = {
    "bm-pre": "a key step in turning lignocellulosic biomass such as corn straw into fermentable "
              "sugars",
    "bm-fuel": "an important route to low-carbon liquid and gaseous fuels from biomass",
    "bm-chem": "a platform for replacing petroleum-derived chemicals with bio-based ones",
    "bm-poly": "a growing class of bio-based and biodegradable materials",
    "coal-mining": "central to safe and efficient underground coal production",
    "coal-clean": "a cornerstone of the clean and low-carbon utilization of coal",
}
METHODS = {
    "bm": [
        "Experiments were carried out on {subject} collected in Northeast China, and the effect "
        "of {kw} was examined with a response surface design.",
        "A bench-scale process using {subject} was combined with compositional analysis (NREL "
        "laboratory analytical procedures) and mass balance closure.",
        "Pilot-scale runs with {subject} were compared with laboratory data, with attention to "
        "{kw}.",
        "Kinetic models were fitted to data from {subject}, and {kw} was characterized by XRD, "
        "FTIR and SEM.",
    ],
    "bm-fallback": [],
    "coal": [
        "Field measurements in the {subject} were combined with numerical simulation (FLAC3D and "
        "UDEC) to analyse {kw}.",
        "Data from the {subject} were used to build and validate a model of {kw}.",
        "Laboratory tests and an industrial trial in the {subject} were conducted to evaluate "
        "{kw}.",
        "A monitoring campaign of 18 months in the {subject} quantified {kw}.",
    ],
}
IMPLICATIONS = {
    "bm": [
        "The results provide a basis for industrial application in {place}.",
        "The findings support the scale-up of biorefineries using agricultural residues in "
        "{place}.",
        "A techno-economic estimate indicates that the route is competitive when straw "
        "logistics costs are kept low, as in {place}.",
    ],
    "coal": [
        "The results have been applied in mines of {place} and provide guidance for similar "
        "conditions.",
        "The approach supports safe, efficient and low-carbon coal production in {place}.",
        "Engineering application in {place} verified the feasibility of the method.",
    ],
}
PATENT_BENEFITS = {
    "bm": ["reduces energy consumption and cost while increasing product yield.",
           "is suitable for corn straw and other agricultural residues in Northeast China.",
           "improves conversion efficiency and simplifies downstream processing."],
    "coal": ["improves safety and reduces labour on the working face.",
             "increases efficiency and lowers emissions in coal utilization.",
             "is simple in structure and reliable in underground conditions."],
}


def _with_second(tid: str, ctx: dict[str, str]) -> list[str]:
    out = [tid]
    second = TECH[tid].get("with")
    if second and rng.random() < 0.5:
        out.append(rng.choice(second))
    return out


def _proj(jn: int, en: str, zh: str, abst: str, start: int, end: int, members: list[Person],
          inst_ids: list[str], funder: str, techs: list[str], budget: int) -> dict[str, object]:
    return {"project_id": f"proj-{jn:03d}", "title": en, "title_zh": zh, "abstract": abst,
            "start_year": start, "end_year": end, "pi": members[0].id,
            "members": [m.id for m in members], "institutions": inst_ids, "funder": funder,
            "technologies": techs,
            "keywords": [TECHS[t]["name"] for t in techs] + [TECHS[t]["name_zh"] for t in techs],
            "budget": budget}


ISO2 = {"CHN": "CN", "USA": "US", "DNK": "DK", "FIN": "FI", "NLD": "NL", "DEU": "DE",
        "CHE": "CH", "SWE": "SE", "AUS": "AU", "ZAF": "ZA", "JPN": "JP", "THA": "TH"}
OA_TYPE = {"university": "education", "research_institute": "facility", "enterprise": "company",
           "government": "government", "library": "archive", "alliance": "nonprofit"}


def _oa_id(prefix: str, key: str, base: int) -> str:
    h = 0
    for ch in key:
        h = (h * 131 + ord(ch)) % 99_999_989
    return f"https://openalex.org/{prefix}{base + h}"


def inverted_index(text: str) -> dict[str, list[int]]:
    idx: dict[str, list[int]] = {}
    for i, tok in enumerate(text.split()):
        idx.setdefault(tok, []).append(i)
    return idx


def build_openalex(work_rows: list[dict[str, object]], inst: dict[str, dict],
                   gold: list[dict[str, str]]) -> list[dict[str, object]]:
    cands = [w for w in work_rows if w["type"] == "paper" and not w["_zh"]]
    cands.sort(key=lambda w: (-len(w["_members"]), w["work_id"]))  # type: ignore[arg-type]
    chosen = sorted(cands[:10] + rng.sample(cands[10:], 28), key=lambda w: w["work_id"])
    out = []
    for w in chosen:
        members: list[Person] = w["_members"]  # type: ignore[assignment]
        wid = _oa_id("W", str(w["work_id"]), 4_300_000_000)
        auths = []
        inst_ids: list[str] = []
        for pos, m in enumerate(members, start=1):
            d = inst[m.inst[0]]
            if d["institution_id"] not in inst_ids:
                inst_ids.append(d["institution_id"])
            shown = m.name if rng.random() < 0.55 else rng.choice(m.variants()[:6])
            gold.append({"id": f"openalex/works.jsonl/{wid.rsplit('/', 1)[1]}/author#{pos}",
                         "name": shown, "entity": m.id, "kind": "person"})
            iname = d["name"] if rng.random() < 0.6 or not d.get("variants") else rng.choice(
                [v for v in d["variants"] if re.match(r"[A-Za-z]", v)] or [d["name"]])
            gold.append({"id": f"openalex/works.jsonl/{wid.rsplit('/', 1)[1]}/inst#{pos}",
                         "name": iname, "entity": d["institution_id"], "kind": "institution"})
            iid = _oa_id("I", d["institution_id"], 100_000_000)
            cc = ISO2[d["country"]]
            raw = f"{rng.choice(d.get('depts', ['']))}{iname}, {d['city']}, {COUNTRY_NAME[cc]}"
            raw = raw.lstrip(", ")
            ror = f"https://ror.org/{d['ror']}" if d.get("ror") else None
            auths.append({
                "author_position": "first" if pos == 1 else (
                    "last" if pos == len(members) else "middle"),
                "author": {"id": _oa_id("A", m.id, 5_000_000_000), "display_name": shown,
                           "orcid": f"https://orcid.org/{m.orcid}" if m.orcid and
                           rng.random() < 0.8 else None},
                "institutions": [{"id": iid, "display_name": iname, "ror": ror,
                                  "country_code": cc, "type": OA_TYPE[d["type"]],
                                  "lineage": [iid]}],
                "countries": [cc], "is_corresponding": pos == 1,
                "raw_author_name": shown, "raw_affiliation_strings": [raw],
                "affiliations": [{"raw_affiliation_string": raw, "institution_ids": [iid]}],
            })
        tid = str(w["_tid"])
        doi = f"https://doi.org/{w['doi']}"
        venue = str(w["venue"])
        src = {"id": _oa_id("S", venue, 4_200_000_000), "display_name": venue,
               "issn_l": None, "issn": None, "is_oa": False, "is_in_doaj": False,
               "host_organization": None, "type": "journal"}
        kw = [k for k in w["keywords"] if re.match(r"[A-Za-z]", k)]  # type: ignore[union-attr]
        concepts = [{"id": _oa_id("C", t, 2_000_000_000), "wikidata": None,
                     "display_name": TECHS[t]["name"], "level": 2 if TECHS[t]["broader"] in (
                         "bm", "coal") else 3, "score": round(0.9 - 0.15 * i, 4)}
                    for i, t in enumerate(w["technologies"])]  # type: ignore[arg-type]
        topic = TOPICS[tid.split("-")[0] if tid.startswith("coal") else tid[:6]]
        out.append({
            "id": wid, "doi": doi, "title": w["title"], "display_name": w["title"],
            "publication_year": w["year"], "publication_date": f"{w['year']}-"
            f"{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "ids": {"openalex": wid, "doi": doi}, "language": "en",
            "primary_location": {"id": f"doi:{w['doi']}", "is_oa": False,
                                 "landing_page_url": doi, "pdf_url": None, "source": src,
                                 "license": None, "version": "publishedVersion"},
            "type": "article", "open_access": {"is_oa": False, "oa_status": "closed",
                                               "oa_url": None},
            "authorships": auths,
            "institutions": [],
            "countries_distinct_count": len({a["countries"][0] for a in auths}),
            "institutions_distinct_count": len(inst_ids),
            "corresponding_author_ids": [auths[0]["author"]["id"]],
            "cited_by_count": rng.randint(0, 160),
            "biblio": {"volume": str(rng.randint(90, 400)), "issue": None,
                       "first_page": str(rng.randint(1, 9000)), "last_page": None},
            "is_retracted": False, "is_paratext": False,
            "primary_topic": topic, "topics": [topic],
            "keywords": [{"id": "https://openalex.org/keywords/" + re.sub(
                r"[^a-z0-9]+", "-", k.lower()).strip("-"), "display_name": k,
                "score": round(0.8 - 0.1 * i, 4)} for i, k in enumerate(kw[:4])],
            "concepts": concepts,
            "abstract_inverted_index": inverted_index(str(w["abstract"])),
            "referenced_works_count": 0, "referenced_works": [], "related_works": [],
            "updated_date": "2025-06-01T00:00:00", "created_date": f"{w['year']}-12-31",
        })
    return out


COUNTRY_NAME = {"CN": "China", "US": "USA", "DK": "Denmark", "FI": "Finland",
                "NL": "Netherlands", "DE": "Germany", "CH": "Switzerland", "SE": "Sweden",
                "AU": "Australia", "ZA": "South Africa", "JP": "Japan", "TH": "Thailand"}
_SUB = {"id": "https://openalex.org/subfields/", "display_name": ""}
TOPICS = {}
for _key, _tid, _name, _sf, _sfn, _f, _fn in [
    ("bm-pre", "T10116", "Biofuel production and bioconversion", "1305", "Biotechnology", "13",
     "Biochemistry, Genetics and Molecular Biology"),
    ("bm-fue", "T10125", "Thermochemical biomass conversion processes", "2103",
     "Fuel Technology", "21", "Energy"),
    ("bm-che", "T10284", "Microbial metabolic engineering and bioproduction", "1305",
     "Biotechnology", "13", "Biochemistry, Genetics and Molecular Biology"),
    ("bm-pol", "T10389", "biodegradable polymer synthesis and properties", "2507",
     "Polymers and Plastics", "25", "Materials Science"),
    ("coal", "T10734", "Coal mining and rock mechanics", "2209", "Industrial and Manufacturing "
     "Engineering", "22", "Engineering"),
]:
    TOPICS[_key] = {"id": f"https://openalex.org/{_tid}", "display_name": _name,
                    "score": 0.9987,
                    "subfield": {"id": f"https://openalex.org/subfields/{_sf}",
                                 "display_name": _sfn},
                    "field": {"id": f"https://openalex.org/fields/{_f}", "display_name": _fn},
                    "domain": {"id": "https://openalex.org/domains/3",
                               "display_name": "Physical Sciences"}}


def build_ris_bib(work_rows: list[dict[str, object]], inst: dict[str, dict],
                  gold: list[dict[str, str]]) -> tuple[int, int]:
    papers = [w for w in work_rows if w["_members"]]
    ris_sel = sorted(rng.sample(papers, 20), key=lambda w: str(w["work_id"]))
    bib_sel = sorted(rng.sample([w for w in papers if w not in ris_sel], 20),
                     key=lambda w: str(w["work_id"]))
    lines: list[str] = []
    for i, w in enumerate(ris_sel, start=1):
        ty = {"paper": "JOUR", "report": "RPRT", "standard": "STAND", "achievement": "GEN"}[
            str(w["type"])]
        lines.append(f"TY  - {ty}")
        for pos, m in enumerate(w["_members"], start=1):  # type: ignore[arg-type]
            v = m.variants()
            name = rng.choice([v[0], v[2], v[2], v[-1] if not m.foreign else v[0]])
            lines.append(f"AU  - {name}")
            gold.append({"id": f"records.ris/{i}/AU#{pos}", "name": name, "entity": m.id,
                         "kind": "person"})
        zh = bool(w["title_zh"]) and rng.random() < 0.5
        lines.append(f"TI  - {w['title_zh'] if zh else w['title']}")
        if zh:
            lines.append(f"T2  - {w['title']}")
        lines.append(f"PY  - {w['year']}")
        lines.append(f"JO  - {w['venue']}")
        for k in w["keywords"]:  # type: ignore[union-attr]
            lines.append(f"KW  - {k}")
        m0 = w["_members"][0]  # type: ignore[index]
        d = inst[m0.inst[0]]
        aff = rng.choice(d.get("variants") or [d["name"]])
        lines.append(f"AD  - {aff}, {d['city']}")
        gold.append({"id": f"records.ris/{i}/AD", "name": aff, "entity": d["institution_id"],
                     "kind": "institution"})
        lines.append(f"AB  - {w['abstract']}")
        if w["doi"]:
            lines.append(f"DO  - {w['doi']}")
        lines.append("ER  - ")
        lines.append("")
    (OUT / "records.ris").write_text("\n".join(lines), encoding="utf-8")
    entries = []
    for i, w in enumerate(bib_sel, start=1):
        names = []
        for pos, m in enumerate(w["_members"], start=1):  # type: ignore[arg-type]
            v = m.variants()
            name = rng.choice([v[2], v[0], v[2]] + ([m.zh] if m.zh else []))
            names.append(name)
            gold.append({"id": f"records.bib/{i}/author#{pos}", "name": name, "entity": m.id,
                         "kind": "person"})
        first = w["_members"][0]  # type: ignore[index]
        key = f"{first.surname.lower().replace(' ', '')}{w['year']}{i:02d}"
        kind = {"paper": "article", "report": "techreport", "standard": "misc",
                "achievement": "misc"}[str(w["type"])]
        d = inst[first.inst[0]]
        aff = rng.choice(d.get("variants") or [d["name"]])
        gold.append({"id": f"records.bib/{i}/affiliation", "name": aff,
                     "entity": d["institution_id"], "kind": "institution"})
        fields = [("title", w["title"]), ("author", " and ".join(names)),
                  ("year", str(w["year"]))]
        if kind == "article":
            fields.append(("journal", w["venue"]))
        elif kind == "techreport":
            fields.append(("institution", w["venue"]))
        else:
            fields.append(("howpublished", w["venue"]))
        if w["title_zh"]:
            fields.append(("title_zh", w["title_zh"]))
        fields += [("keywords", ", ".join(w["keywords"])),  # type: ignore[arg-type]
                   ("abstract", w["abstract"]), ("affiliation", f"{aff}, {d['city']}")]
        if w["doi"]:
            fields.append(("doi", w["doi"]))
        body = ",\n".join(f"  {k} = {{{_bib_escape(str(v))}}}" for k, v in fields)
        entries.append(f"@{kind}{{{key},\n{body}\n}}\n")
    (OUT / "records.bib").write_text("\n".join(entries), encoding="utf-8")
    return len(ris_sel), len(bib_sel)


def _bib_escape(s: str) -> str:
    return s.replace("%", r"\%").replace("&", r"\&").replace("_", r"\_")


def build_chains(inst: dict[str, dict], region_ids: set[str]) -> dict[str, int]:
    c = CHAINS
    d = OUT / "chains"
    counts = {}
    counts["chains/chains.csv"] = write_csv(
        d / "chains.csv", ["chain_id", "name", "name_zh", "industry_codes", "description"],
        c["chains"])
    counts["chains/segments.csv"] = write_csv(
        d / "segments.csv", ["chain_id", "segment_id", "name", "name_zh", "position", "order",
                             "industry_codes", "description"], c["segments"])
    counts["chains/items.csv"] = write_csv(
        d / "items.csv", ["item_id", "chain_id", "name", "name_zh", "kind", "segment_id",
                          "technologies", "description"], c["items"])
    counts["chains/links.csv"] = write_csv(d / "links.csv", ["from_id", "relation", "to_id"],
                                           c["links"])
    counts["chains/providers.csv"] = write_csv(
        d / "providers.csv", ["provider_id", "name", "name_zh", "kind", "aggregate", "country",
                              "region", "institution"], c["providers"])
    counts["chains/shares.csv"] = write_csv(
        d / "shares.csv", ["provider_id", "item_id", "share", "year", "source"], c["shares"])
    seg_ids = {s["segment_id"] for s in c["segments"]}
    item_ids = {i["item_id"] for i in c["items"]}
    prov_ids = {p["provider_id"] for p in c["providers"]}
    chain_ids = {x["chain_id"] for x in c["chains"]}
    for s in c["segments"]:
        assert s["chain_id"] in chain_ids, s
    for i in c["items"]:
        assert i["chain_id"] in chain_ids and (not i["segment_id"] or i["segment_id"] in seg_ids)
        for t in i["technologies"]:
            assert t in TECHS, t
    for lk in c["links"]:
        assert lk["from_id"] in item_ids | seg_ids and lk["to_id"] in item_ids | seg_ids, lk
    for p in c["providers"]:
        assert not p["institution"] or p["institution"] in inst, p
        assert not p["region"] or p["region"] in region_ids, p
    for s in c["shares"]:
        assert s["provider_id"] in prov_ids and s["item_id"] in item_ids | seg_ids, s
    return counts


def check_ids() -> None:
    """Every id is unique in the folder and every reference is defined (or a deliberate name)."""
    tables = {"regions.csv": "region_id", "institutions.csv": "institution_id",
              "experts.csv": "expert_id", "works.csv": "work_id", "patents.csv": "patent_id",
              "projects.csv": "project_id", "demands.csv": "demand_id"}
    seen: dict[str, str] = {}
    rows: dict[str, list[dict[str, str]]] = {}
    for f, col in tables.items():
        with (OUT / f).open(encoding="utf-8") as fh:
            rows[f] = list(csv.DictReader(fh))
        for r in rows[f]:
            if r[col] in seen:
                raise SystemExit(f"duplicate id {r[col]} in {f} and {seen[r[col]]}")
            seen[r[col]] = f
    experts = {r["expert_id"] for r in rows["experts.csv"]}
    insts = {r["institution_id"] for r in rows["institutions.csv"]}
    regions = {r["region_id"] for r in rows["regions.csv"]}
    id_like = re.compile(r"^(exp|inst|work|pat|proj|dem)-")

    def refs(v: str, pool: set[str], what: str, allow_names: bool = False) -> None:
        for x in filter(None, v.split(";")):
            if x not in pool and (not allow_names or id_like.match(x)):
                raise SystemExit(f"dangling {what} reference {x!r}")

    for r in rows["regions.csv"]:
        refs(r["parent_id"], regions, "region")
    for r in rows["institutions.csv"]:
        refs(r["region"], regions, "region")
        refs(r["parent_id"], insts, "institution")
        refs(r["technologies"], set(TECHS), "technology")
    for r in rows["experts.csv"]:
        refs(r["institution_ids"], insts, "institution")
        refs(r["region"], regions, "region")
        refs(r["technologies"], set(TECHS), "technology")
    for r in rows["works.csv"]:
        refs(r["authors"], experts, "expert", allow_names=True)
        refs(r["institutions"], insts, "institution")
        refs(r["technologies"], set(TECHS), "technology")
    for r in rows["patents.csv"]:
        refs(r["inventors"], experts, "expert", allow_names=True)
        refs(r["assignees"], insts, "institution")
        refs(r["technologies"], set(TECHS), "technology")
    for r in rows["projects.csv"]:
        refs(r["pi"], experts, "expert")
        refs(r["members"], experts, "expert")
        refs(r["institutions"], insts, "institution")
        refs(r["funder"], insts, "institution")
        refs(r["technologies"], set(TECHS), "technology")
    for r in rows["demands.csv"]:
        refs(r["enterprise_id"], insts, "institution")
        refs(r["region"], regions, "region")
        refs(r["technologies"], set(TECHS), "technology")
    _ = shutil  # keep import for future copies


if __name__ == "__main__":
    main()
