"""``ikg_fast_gazetteer``: the ``ikg_gazetteer`` spaCy component's entities, by FastGazetteer.

The English model pipeline runs the gazetteer twice a line (names before ``ner``, places after
it). spaCy's EntityRuler there cost ~11 % of the pipeline's time; this component sets the same
``doc.ents`` (label = type, ``kb_id_`` = the IRI when one entity has the name, ``id_`` =
``"gaz:" + candidate IRIs``) from ``FastGazetteer`` matches over the doc's own tokens, with the
ruler's rules: longest match first, then leftmost; ``overwrite_ents`` drops the entities a match
overlaps, without it a match over a token already in an entity is skipped. Patterns are
tokenized with the pipeline's tokenizer, as the EntityRuler does.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.attrs import ENT_TYPE, IDX, ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span

from ingest.extract.ents import Label
from ingest.extract.gazmatch import FastGazetteer, builtin_patterns
from ingest.extract.gazpatterns import GAZ_PREFIX, GazPattern, gazetteer_patterns

FAST_GAZETTEER = "ikg_fast_gazetteer"


class FastGazetteerPipe:
    """A spaCy component over groups of gazetteer patterns (added in order, like
    ``Gazetteer.add_labels`` calls)."""

    def __init__(self, nlp: Language, lang: str, overwrite_ents: bool) -> None:
        self.nlp = nlp
        self.lang = lang
        self.overwrite = overwrite_ents
        self.groups: list[list[GazPattern]] = []
        self.size = 0
        self.gaz: FastGazetteer | None = None

    def add_patterns(self, group: list[GazPattern]) -> int:
        self.groups.append(group)
        self.size += len(group)
        self.gaz = None  # built on the next doc, once for all groups added before it
        return len(group)

    def add_labels(self, labels: Iterable[Label]) -> int:
        """Add names; several entities with one name become one ambiguous pattern."""
        return self.add_patterns(gazetteer_patterns(labels, self.lang))

    def __call__(self, doc: Doc) -> Doc:
        if not self.size or not len(doc):
            return doc
        if self.gaz is None:
            self.gaz = FastGazetteer(self.lang, self.groups, tokenizer=self.nlp.tokenizer)
        strings = doc.vocab.strings  # not doc.text: it builds a Token object per token
        arr = doc.to_array([ORTH, IDX, ENT_TYPE]).tolist()
        toks = [(strings[o], a) for o, a, _ in arr]
        blocked = None
        if not self.overwrite:  # a match over a token already in an entity is skipped
            typed = [t for _, _, t in arr]
            if any(typed):
                blocked = lambda a, b: any(typed[a:b])  # noqa: E731
        new = [_span(doc, a, b, p) for a, b, p in self.gaz.spans(toks, blocked)]
        if new:
            old = doc.ents
            keep = [e for e in old if not any(e.start < s.end and e.end > s.start for s in new)]
            doc.ents = keep + new
        return doc


def _span(doc: Doc, a: int, b: int, p: GazPattern) -> Span:
    iris = p.pid[len(GAZ_PREFIX) :].split()
    kb = iris[0] if len(iris) == 1 else ""
    return Span(doc, a, b, p.kind, kb_id=kb, span_id=p.pid)


@Language.factory(
    FAST_GAZETTEER,
    default_config={"lang": "en", "overwrite_ents": True, "builtin_places": True},
)
def make_fast_gazetteer(
    nlp: Language, name: str, lang: str, overwrite_ents: bool, builtin_places: bool
) -> FastGazetteerPipe:
    pipe = FastGazetteerPipe(nlp, lang, overwrite_ents)
    if builtin_places:
        pipe.add_patterns(builtin_patterns(lang))
    return pipe
