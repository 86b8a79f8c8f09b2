"""The briefing as a format-neutral document: headings, paragraphs, tables, images, sources.

``document(data)`` turns the data of ``kg.briefing.assemble.build`` into blocks that the HTML,
Markdown, PDF and DOCX writers walk. Runs carry an ``href``: an entity IRI, or ``#S<n>``
naming the trace (query, parameters, IRIs) of the figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.briefing.charts import chain_diagram_chart, competitor_chart, yearly_chart
from kg.briefing.words import num, stage_of, subject_title, t, tech_label, w
from kg.chains import diagram
from kg.chains.maturity import note_text
from kg.chains.reasons import reason
from kg.experts.words import contribution_text, matched_text

EVIDENCE_SHOWN = 3


@dataclass
class R:
    text: str
    href: str | None = None
    bold: bool = False


@dataclass
class H:
    level: int
    text: str
    anchor: str = ""


@dataclass
class P:
    runs: list[R]
    style: str = ""  # "" | "note" | "missing" | "meta"


@dataclass
class Table:
    headers: list[str]
    rows: list[list[list[R]]]
    widths: list[float] = field(default_factory=list)  # relative column widths


@dataclass
class Img:
    png: bytes
    caption: str
    name: str
    sid: str = ""  # the trace of the figure


@dataclass
class Sources:
    trace: list[dict[str, Any]]


Block = H | P | Table | Img | Sources


def c(text: Any, href: str | None = None, bold: bool = False) -> list[R]:
    return [R(num(text) if not isinstance(text, str) else text, href, bold)]


def src(sid: str | None) -> list[R]:
    return [R(sid, f"#{sid}")] if sid else [R("")]


def document(data: dict[str, Any], charts: bool = True) -> list[Block]:
    lang = data["lang"]
    s = data["sections"]
    subj = data["subject"]
    kind = t("technology_subject" if subj["kind"] == "technology" else "chain_subject", lang)
    out: list[Block] = [
        H(1, f"{t('briefing', lang)}: {subject_title(data)}"),
        P(
            [
                R(f"{kind} · "),
                R(subj["iri"], subj["iri"]),
                R(
                    f" · {t('generated', lang)} {data['generated']} · {t('store_version', lang)} "
                    f"{data['store_version'] or '–'} · {t('home', lang)} {data['home']}"
                ),
            ],
            "meta",
        ),
    ]
    if data["missing"]:
        out.append(H(2, t("missing", lang), "missing"))
        for key in data["missing"]:
            out.append(
                P([R(f"{t(key, lang)}: ", bold=True), R(t(f"missing_{key}", lang))], "missing")
            )
    out += _environment(s["environment"], lang)
    out += _technology(s["technology"], lang, charts)
    out += _competitors(s["competitors"], lang, charts)
    out += _industry(s["industry"], lang, charts)
    out += _experts(s["experts"], lang)
    out.append(H(2, t("sources", lang), "sources"))
    out.append(P([R(t("sources_intro", lang))], "note"))
    out.append(Sources(data["trace"]))
    return out


def _environment(env: dict[str, Any], lang: str) -> list[Block]:
    out: list[Block] = [H(2, f"1. {t('environment', lang)}", "environment")]
    if not env["items"]:
        return out + [P([R(t("missing_environment", lang))], "missing")]
    counts = ", ".join(f"{w(k, lang)} {n}" for k, n in sorted(env["counts"].items()))
    out.append(
        P([R(str(env["total"]), f"#{env['src']}"), R(f" {t('env_counts', lang)} ({counts})")])
    )
    rows = []
    for d in env["items"]:
        by = [R(f" — {d['by']}", d.get("by_iri"))] if d.get("by") else []
        rows.append(
            [
                c(d["year"]),
                c(w(d["kind"], lang)),
                [R(d["title"], d["iri"]), *by],
                c(d["sentence"]),
                c(d["source"]),
                src(env["src"]),
            ]
        )
    out.append(
        Table(
            [t(k, lang) for k in ("year", "kind", "title", "sentence", "source")] + [""],
            rows,
            [0.6, 0.8, 2.6, 4.2, 0.9, 0.4],
        )
    )
    return out


def _technology(tv: dict[str, Any], lang: str, charts: bool) -> list[Block]:
    out: list[Block] = [H(2, f"2. {t('technology', lang)}", "technology")]
    if "technologies" in tv:  # a chain
        if not tv["technologies"]:
            return out + [P([R(t("missing_technology", lang))], "missing")]
        rows = [
            [
                [R(tech_label(x, lang), x["iri"])],
                c(stage_of(x, lang)),
                c(x.get("trl")),
                c(x.get("works"), f"#{tv['src']}"),
                src(tv["src"]),
            ]
            for x in tv["technologies"]
        ]
        hdr = [t(k, lang) for k in ("technology_col", "stage", "trl", "works")] + [""]
        return out + [H(3, t("chain_techs", lang)), Table(hdr, rows, [3, 1.5, 0.8, 0.8, 0.4])]
    m = tv["maturity"]
    link = f"#{tv['src']}"
    for key in ("depends_on", "enables", "enabled_by", "required_by"):
        if tv[key]:
            runs = [R(f"{t(key, lang)}: ", bold=True)]
            for i, x in enumerate(tv[key]):
                runs += ([R(", ")] if i else []) + [R(tech_label(x, lang), x["iri"])]
            out.append(P(runs))
    out.append(
        P(
            [
                R(f"{t('stage', lang)}: ", bold=True),
                R(stage_of(m, lang), link),
                R(f" · {t('trl', lang)}: ", bold=True),
                R(num(m.get("trl")), link),
                R(f" · {t('works', lang)}: ", bold=True),
                R(num(m.get("works")), link),
                R(f" [{tv['src']}]", link),
            ]
        )
    )
    if tv.get("industries"):
        out.append(P(_industry_runs(tv["industries"], lang, link)))
    if m.get("note"):
        how = f"{note_text(m['method'], lang)}; {note_text(m['note'], lang)}"
        out.append(P([R(f"{t('stage_note', lang)}: {how}")], "note"))
    if not (m.get("works") or tv["edges"] or m.get("trl")):
        out.append(P([R(t("missing_technology", lang))], "missing"))
    if charts and tv["yearly"]:
        labels = {k: t(k, lang) for k in ("papers", "patents", "count")}
        png = yearly_chart(tv["yearly"], t("yearly_title", lang), labels)
        out.append(Img(png, t("yearly_title", lang), "yearly", tv["yearly_src"]))
    return out


def _industry_runs(industries: list[dict[str, Any]], lang: str, link: str) -> list[Any]:
    """Industries linked to the technology: declared, or co-occurring with a confidence."""
    runs = [R(f"{t('tech_industries', lang)}: ", bold=True)]
    for i, x in enumerate(industries):
        name = (x.get("label_zh") if lang == "zh" else None) or x["label"]
        code = f"{x['notation']} " if x.get("notation") else ""
        basis = (
            t("declared", lang)
            if x["basis"] == "declared"
            else (f"{t('co_occurring', lang)} {x['works']}, {x['confidence']:.2f}")
        )
        runs += ([R("; ")] if i else []) + [R(f"{code}{name}", x["iri"]), R(f" ({basis})", link)]
    return runs


def _competitors(cv: dict[str, Any], lang: str, charts: bool) -> list[Block]:
    out: list[Block] = [H(2, f"3. {t('competitors', lang)}", "competitors")]
    if not cv["total"]:
        return out + [P([R(t("missing_competitors", lang))], "missing")]
    hdr = [
        t(k, lang)
        for k in ("name", "country", "type", "papers_col", "patents_col", "projects_col", "works")
    ] + [t("trend", lang), ""]
    for key in ("domestic", "foreign", "unknown"):
        rows = cv[key]
        if not rows:
            continue
        total = cv[f"{key}_total"]
        title = t(key, lang) + (
            f" ({key == 'domestic' and cv['home'] or ''})" if key == "domestic" else ""
        )
        out.append(H(3, f"{title} — {len(rows)} {t('of_total', lang)} {total}"))
        out.append(
            Table(
                hdr,
                [
                    [
                        [R(r["name"], r["iri"])],
                        c(r["country"] or "–"),
                        c(w(r["type"], lang)),
                        c(r["papers"], f"#{r['src']}"),
                        c(r["patents"], f"#{r['src']}"),
                        c(r["projects"], f"#{r['src']}"),
                        c(r["works"], f"#{r['src']}"),
                        c(w(r["trend"], lang)),
                        src(r["src"]),
                    ]
                    for r in rows
                ],
                [3.2, 0.8, 1.4, 0.7, 0.7, 0.7, 0.7, 0.9, 0.4],
            )
        )
    if charts and any(cv["yearly"].values()):
        labels = {k: t(k, lang) for k in ("domestic", "foreign", "count")}
        png = competitor_chart(cv["yearly"], t("competitor_chart", lang), labels)
        out.append(Img(png, t("competitor_chart", lang), "competitors"))
    return out


def _providers(node: dict[str, Any], lang: str) -> list[R]:
    runs: list[R] = []
    for i, p in enumerate(node["providers"]):
        extra = ", ".join(
            x
            for x in (
                f"{num(p['share'])}%" if p["share"] is not None else None,
                str(p["year"]) if p.get("year") else None,
                p.get("country"),
            )
            if x
        )
        name = (p.get("name_zh") if lang == "zh" else None) or p["name"]
        runs += ([R("; ")] if i else []) + [R(name, p["iri"])]
        if extra:
            runs.append(R(f" ({extra})"))
    return runs or [R("–")]


def _chain_image(ch: dict[str, Any], view: dict[str, Any], lang: str) -> Img:
    """The chain diagram of the app (``kg.chains.diagram``) as a picture."""
    d = diagram.build(view, {"rows": ch["weak_links"]})
    title = f"{t('chain_diagram', lang)}: {tech_label(ch['chain'], lang)}"
    png = chain_diagram_chart(
        d, lang, lambda k: w(k, lang) if k != "weak_link" else t(k, lang), title
    )
    return Img(png, title, f"chain-{ch['chain'].get('id') or len(view['segments'])}", ch["src"])


def _weak_row(r: dict[str, Any], view: dict[str, Any], names: dict[str, str], lang: str) -> list:
    node = diagram.find_node(view, r["iri"]) or {"iri": r["iri"], "label": r["label"]}
    zh = lang == "zh"
    seg = (names.get(r["segment"]) if zh and r["segment"] else None) or r["segment"] or "–"
    top = r["top_provider"] or "–"
    top = (names.get(top) if zh else None) or top
    reasons = "; ".join(reason(x, lang, names) for x in r["reasons"])
    return [
        [R(tech_label(node, lang), r["iri"])],
        c(seg),
        c(f"{r['score']:.2f}", f"#{r['src']}"),
        c(r["hhi"] if r["hhi"] is not None else r["hhi_countries"], f"#{r['src']}"),
        c(f"{top} ({num(r['top_share'])}%)"),
        c(r["foreign_share"], f"#{r['src']}"),
        c(reasons or "–"),
        src(r["src"]),
    ]


def _industry(iv: dict[str, Any], lang: str, charts: bool = True) -> list[Block]:
    out: list[Block] = [H(2, f"4. {t('industry', lang)}", "industry")]
    if not iv["chains"]:
        return out + [P([R(t("missing_industry", lang))], "missing")]
    for ch in iv["chains"]:
        out.append(H(3, tech_label(ch["chain"], lang)))
        view = {"chain": ch["chain"], "segments": ch["segments"]}
        names = diagram.zh_names(view)
        if charts and any(seg["items"] for seg in ch["segments"]):
            out.append(_chain_image(ch, view, lang))
        rows = []
        for seg in ch["segments"]:
            rows.append(
                [
                    [R(tech_label(seg, lang), seg["iri"], bold=True)],
                    c(w(seg.get("position"), lang)),
                    c(""),
                    _providers(seg, lang) if seg["providers"] else c(""),
                    src(ch["src"]),
                ]
            )
            for it in seg["items"]:
                rows.append(
                    [
                        c(""),
                        c(""),
                        [R(tech_label(it, lang), it["iri"])],
                        _providers(it, lang),
                        src(ch["src"]),
                    ]
                )
        hdr = [t(k, lang) for k in ("segment", "position", "items", "providers")] + [""]
        out.append(Table(hdr, rows, [1.6, 0.9, 2.2, 4.2, 0.4]))
        out.append(H(3, f"{t('weak_links', lang)} ({t('home', lang)} {iv['home']})"))
        if not ch["weak_links"]:
            out.append(P([R(t("no_weak_links", lang))], "note"))
            continue
        out.append(
            Table(
                [
                    t(k, lang)
                    for k in (
                        "items",
                        "segment",
                        "score",
                        "hhi",
                        "top_provider",
                        "foreign_share",
                        "reasons",
                    )
                ]
                + [""],
                [_weak_row(r, view, names, lang) for r in ch["weak_links"]],
                [1.6, 1.0, 0.6, 0.7, 1.4, 0.8, 3.6, 0.4],
            )
        )
    return out


def _experts(ev: dict[str, Any], lang: str) -> list[Block]:
    out: list[Block] = [H(2, f"5. {t('experts', lang)}", "experts")]
    if not any(g["results"] for g in ev["groups"]):
        return out + [P([R(t("missing_experts", lang))], "missing")]
    hdr = [t(k, lang) for k in ("rank", "name", "institutions", "score", "evidence")] + [""]
    for g in ev["groups"]:
        if not g["results"]:
            continue
        out.append(P([R(f"{t('query', lang)}: ", bold=True), R(f'ikg experts "{g["query"]}"')]))
        rows = []
        for n, r in enumerate(g["results"], start=1):
            name = r["name"] + (f" {r['name_zh']}" if r.get("name_zh") else "")
            insts: list[R] = []
            for i, inst in enumerate(r["institutions"]):
                insts += ([R("; ")] if i else []) + [R(inst["name"], inst["iri"])]
            evid: list[R] = []
            for i, e in enumerate(r["evidence"][:EVIDENCE_SHOWN]):
                head = f"{w(e['type'], lang)} {e.get('year') or ''}: ".replace(" :", ":")
                evid += ([R(" | ")] if i else []) + [R(head), R(e["title"], e["iri"])]
                why = [contribution_text(e["contribution"], lang)]
                if e.get("similarity") is not None:
                    why.append(f"{e['similarity']:.2f}")
                if e.get("matched"):
                    why.append(", ".join(matched_text(m, lang) for m in e["matched"][:4]))
                evid.append(R(f" ({'; '.join(why)})"))
            rows.append(
                [
                    c(n),
                    [R(name, r["iri"], bold=True)],
                    insts or c("–"),
                    c(f"{r['score']:.3f}", f"#{r['src']}"),
                    evid or c("–"),
                    src(r["src"]),
                ]
            )
        out.append(Table(hdr, rows, [0.4, 1.6, 2.0, 0.7, 5.0, 0.4]))
    return out
