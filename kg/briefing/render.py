"""Briefing writers: HTML (one self-contained file, charts inline), Markdown (charts as PNG
files beside it), and the dispatcher to PDF/DOCX (``kg.briefing.office``); the index page of
``ikg brief --all``."""

from __future__ import annotations

import base64
import html
from pathlib import Path
from typing import Any

from kg.briefing.document import Block, H, Img, P, R, Sources, Table, document
from kg.briefing.office import to_docx, to_pdf
from kg.briefing.words import t
from kg.errors import ConfigError

FORMATS = ("html", "md", "pdf", "docx")
IRIS_SHOWN = 25

CSS = """
body{font-family:"Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei",
 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em;border-bottom:3px solid #2c5d8f;padding-bottom:.3em}
h2{font-size:1.3em;color:#2c5d8f;border-bottom:1px solid #ccd;margin-top:1.8em}
h3{font-size:1.05em;margin-top:1.2em}
table{border-collapse:collapse;width:100%;font-size:.86em;margin:.5em 0 1em}
th,td{border:1px solid #d5d9e0;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#eef2f7}
a{color:#1f5fa0;text-decoration:none} a:hover{text-decoration:underline}
.meta{color:#666;font-size:.85em} .note{color:#555;font-size:.85em}
.missing{background:#fff6e0;border-left:4px solid #e0a000;padding:.4em .8em}
figure{margin:1em 0} figure img{max-width:100%} figcaption{font-size:.85em;color:#555}
ol.sources{font-size:.8em;color:#333} ol.sources li{margin-bottom:.5em}
ol.sources code{background:#f3f3f3;padding:0 3px}
ol.sources li:target{background:#fff6c0}
"""


def _runs_html(runs: list[R]) -> str:
    out = []
    for r in runs:
        text = html.escape(r.text)
        if r.bold:
            text = f"<b>{text}</b>"
        if r.href:
            text = f'<a href="{html.escape(r.href, quote=True)}">{text}</a>'
        out.append(text)
    return "".join(out)


def _sources_html(trace: list[dict[str, Any]], lang: str) -> str:
    items = []
    for s in trace:
        parts = [f"<b>{html.escape(s['what'])}</b>"]
        if s.get("query"):
            parts.append(f"{t('named_query', lang)}: <code>{html.escape(s['query'])}</code>")
        if s.get("params"):
            p = ", ".join(f"{k}={v}" for k, v in s["params"].items())
            parts.append(f"{t('parameters', lang)}: <code>{html.escape(p)}</code>")
        if s.get("command"):
            parts.append(f"{t('command', lang)}: <code>{html.escape(s['command'])}</code>")
        iris = s.get("iris") or []
        if iris:
            links = ", ".join(
                f'<a href="{html.escape(i, quote=True)}">{html.escape(i)}</a>'
                for i in iris[:IRIS_SHOWN]
            )
            more = iris[IRIS_SHOWN:]
            extra = (
                f"<details><summary>+{len(more)} {t('more', lang)}</summary>"
                + ", ".join(html.escape(i) for i in more)
                + "</details>"
                if more
                else ""
            )
            parts.append(f"{t('entities', lang)} ({len(iris)}): {links}{extra}")
        items.append(f'<li id="{s["id"]}">[{s["id"]}] ' + "<br>".join(parts) + "</li>")
    return '<ol class="sources">' + "\n".join(items) + "</ol>"


def to_html(data: dict[str, Any], blocks: list[Block] | None = None) -> str:
    lang = data["lang"]
    blocks = blocks if blocks is not None else document(data)
    body = []
    for b in blocks:
        if isinstance(b, H):
            anchor = f' id="{b.anchor}"' if b.anchor else ""
            body.append(f"<h{b.level}{anchor}>{html.escape(b.text)}</h{b.level}>")
        elif isinstance(b, P):
            cls = f' class="{b.style}"' if b.style else ""
            body.append(f"<p{cls}>{_runs_html(b.runs)}</p>")
        elif isinstance(b, Table):
            head = "".join(f"<th>{html.escape(h)}</th>" for h in b.headers)
            rows = "".join(
                "<tr>" + "".join(f"<td>{_runs_html(cell)}</td>" for cell in row) + "</tr>"
                for row in b.rows
            )
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        elif isinstance(b, Img):
            b64 = base64.b64encode(b.png).decode("ascii")
            ref = f' <a href="#{b.sid}">[{b.sid}]</a>' if b.sid else ""
            body.append(
                f'<figure><img alt="{html.escape(b.caption, quote=True)}" '
                f'src="data:image/png;base64,{b64}"><figcaption>{html.escape(b.caption)}{ref}'
                "</figcaption></figure>"
            )
        elif isinstance(b, Sources):
            body.append(_sources_html(b.trace, lang))
    title = blocks[0].text if blocks and isinstance(blocks[0], H) else "ikg briefing"
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}"><head>'
        f'<meta charset="utf-8"><title>{html.escape(title)}</title><style>{CSS}</style>'
        "</head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").replace("[", "\\[").replace("]", "\\]")


def _runs_md(runs: list[R]) -> str:
    out = []
    for r in runs:
        text = _md_escape(r.text)
        if r.bold and text.strip():
            text = f"**{text}**"
        if r.href and text:
            href = r.href.lower() if r.href.startswith("#") else r.href
            text = f"[{text}](<{href}>)" if not r.href.startswith("#") else f"[{text}]({href})"
        out.append(text)
    return "".join(out)


def to_markdown(data: dict[str, Any], path: Path | None = None) -> str:
    """Markdown; charts are written as PNG files in ``<stem>_files/`` beside ``path``."""
    lang = data["lang"]
    lines: list[str] = []
    for b in document(data, charts=path is not None):
        if isinstance(b, H):
            if b.anchor:
                lines.append(f'<a id="{b.anchor}"></a>')
            lines += ["#" * b.level + " " + b.text, ""]
        elif isinstance(b, P):
            text = _runs_md(b.runs)
            lines += [f"> {text}" if b.style == "missing" else text, ""]
        elif isinstance(b, Table):
            lines.append("| " + " | ".join(_md_escape(h) for h in b.headers) + " |")
            lines.append("|" + "---|" * len(b.headers))
            for row in b.rows:
                lines.append("| " + " | ".join(_runs_md(cell) for cell in row) + " |")
            lines.append("")
        elif isinstance(b, Img) and path is not None:
            folder = path.with_name(f"{path.stem}_files")
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{b.name}.png").write_bytes(b.png)
            ref = f" [{b.sid}](#{b.sid.lower()})" if b.sid else ""
            lines += [f"![{_md_escape(b.caption)}]({folder.name}/{b.name}.png){ref}", ""]
        elif isinstance(b, Sources):
            for s in b.trace:
                lines.append(f'<a id="{s["id"].lower()}"></a>')
                bits = [f"**[{s['id']}]** {_md_escape(s['what'])}"]
                if s.get("query"):
                    bits.append(f"{t('named_query', lang)} `{s['query']}`")
                if s.get("params"):
                    p = ", ".join(f"{k}={v}" for k, v in s["params"].items())
                    bits.append(f"{t('parameters', lang)} `{p}`")
                if s.get("command"):
                    bits.append(f"{t('command', lang)} `{s['command']}`")
                if s.get("iris"):
                    iris = s["iris"]
                    shown = ", ".join(f"<{i}>" for i in iris[:IRIS_SHOWN])
                    more = f" (+{len(iris) - IRIS_SHOWN})" if len(iris) > IRIS_SHOWN else ""
                    bits.append(f"{t('entities', lang)}: {shown}{more}")
                lines += ["- " + "; ".join(bits), ""]
    return "\n".join(lines)


def write(data: dict[str, Any], fmt: str, path: Path) -> Path:
    """Write the briefing in ``fmt`` (html, md, pdf, docx) to ``path``."""
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ConfigError(f"--format {fmt}: give one of {', '.join(FORMATS)}")
    path = Path(path)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "html":
        path.write_text(to_html(data), encoding="utf-8")
    elif fmt == "md":
        path.write_text(to_markdown(data, path), encoding="utf-8")
    elif fmt == "pdf":
        path.write_bytes(to_pdf(data))
    else:
        path.write_bytes(to_docx(data))
    return path


def render_bytes(data: dict[str, Any], fmt: str) -> bytes:
    """The briefing as bytes (for downloads); Markdown without chart files."""
    if fmt == "html":
        return to_html(data).encode("utf-8")
    if fmt == "md":
        return to_markdown(data, None).encode("utf-8")

    return to_pdf(data) if fmt == "pdf" else to_docx(data)


def index_html(entries: list[dict[str, Any]], lang: str, title: str) -> str:
    """The index page of ``ikg brief --all``: one row per briefing with what is missing."""
    rows = []
    for e in entries:
        miss = ", ".join(t(k, lang) for k in e.get("missing", [])) or "–"
        link = (
            f'<a href="{html.escape(e["file"], quote=True)}">{html.escape(e["label"])}</a>'
            if e.get("file")
            else html.escape(e["label"])
        )
        err = f' <span class="missing">{html.escape(e["error"])}</span>' if e.get("error") else ""
        rows.append(
            f"<tr><td>{link}{err}</td><td>{html.escape(e.get('kind', ''))}</td>"
            f"<td><code>{html.escape(e['iri'])}</code></td><td>{html.escape(miss)}</td></tr>"
        )
    head = f"{t('index_title', lang)}: {title}"
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}"><head>'
        f'<meta charset="utf-8"><title>{html.escape(head)}</title><style>{CSS}</style></head>'
        f"<body><h1>{html.escape(head)}</h1><table><thead><tr><th>{t('briefing', lang)}</th>"
        f"<th>{t('kind', lang)}</th><th>IRI</th><th>{t('missing', lang)}</th></tr></thead>"
        "<tbody>" + "\n".join(rows) + "</tbody></table></body></html>\n"
    )
