"""Baidu LAC (lexical analysis: words, part of speech, PER/ORG/LOC/TIME) run directly on paddle's
inference API.

The ``lac`` package (Apache-2.0) ships the trained model and its dictionaries, but its Python
wrapper imports ``paddle.fluid``, which paddlepaddle 2.6 and later no longer have. This module
reads the same files from the installed package and runs the model the way the wrapper does:
the wrapper's dictionary segmentation (mixed word/character input ids), one LoD batch per call,
the CRF decoding's B/I tags folded back into words.
"""

from __future__ import annotations

import importlib.util
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from math import log
from pathlib import Path

from kg.errors import MissingDependency

INSTALL_HINT = "run scripts/install.sh (or .venv/bin/pip install lac paddlepaddle)"
_MAX_CHARS = 400  # a longer line is cut at a sentence end (or hard) before tagging
_BATCH_CHARS = 2000
_SENT_END = "。！？；!?;"
_LINE_END = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_NAME_TAGS = ("PER", "ORG", "LOC")


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    tag: str  # LAC tag: PER, ORG, LOC, TIME, n, nr, nz, v, w, ...


def _model_dir() -> Path:
    spec = importlib.util.find_spec("LAC")
    if spec is None or not spec.submodule_search_locations:
        raise MissingDependency(
            f"Chinese extraction needs Baidu LAC (the Python package 'lac'): {INSTALL_HINT}"
        )
    root = Path(next(iter(spec.submodule_search_locations))) / "lac_model"
    if not (root / "model" / "__model__").is_file():
        raise MissingDependency(f"the LAC model files are missing under {root}: {INSTALL_HINT}")
    return root


def _kv(path: Path) -> list[tuple[str, str]]:
    out = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        parts = line.split("\t")
        if len(parts) == 2:
            out.append((parts[0], parts[1]))
    return out


class _Segmenter:
    """LAC's dictionary segmenter (max-route over a prefix dictionary), as in LAC/segment.py."""

    def __init__(self, path: Path) -> None:
        tree: dict[str, int | None] = {}
        total = 0
        for line in path.read_text(encoding="utf-8").split("\n"):
            if not line.strip():
                continue
            word, count = line.strip().split(" ")
            tree[word] = len(word)
            for i in range(1, len(word)):
                tree.setdefault(word[:i], None)
            total += int(count)
        self.tree = tree
        self.logtotal = log(total)

    def cut(self, text: str) -> list[str]:
        n, tree = len(text), self.tree
        dag: list[list[int]] = []
        for i in range(n):
            ends = [i]
            j = i + 1
            while j <= n and text[i:j] in tree:
                if tree[text[i:j]]:
                    ends.append(j - 1)
                j += 1
            dag.append(ends)
        route: list[tuple[float, int]] = [(0.0, 0)] * (n + 1)
        for i in range(n - 1, -1, -1):
            route[i] = max(
                (log(tree.get(text[i : j + 1]) or 1) - self.logtotal + route[j + 1][0], j)
                for j in dag[i]
            )
        words, buf, i = [], "", 0
        while i < n:
            j = route[i][1] + 1
            w = text[i:j]
            if len(w) == 1 and w.isascii() and w.isalnum():
                buf += w
            else:
                if buf:
                    words.append(buf)
                    buf = ""
                words.append(w)
            i = j
        if buf:
            words.append(buf)
        return words


class LacTagger:
    """The LAC model, loaded once; ``tag`` takes many lines at a time."""

    def __init__(self, threads: int = 1) -> None:
        try:
            import numpy as np
            import paddle.inference as pi
        except ImportError as exc:
            raise MissingDependency(
                f"Chinese extraction needs the Python package 'paddlepaddle' to run Baidu LAC: "
                f"{INSTALL_HINT}"
            ) from exc
        root = _model_dir()
        self._np = np
        self.word2id = {w: int(i) for i, w in _kv(root / "conf" / "word.dic")}
        self.id2tag = {int(i): t for i, t in _kv(root / "conf" / "tag.dic")}
        self.q2b = dict(_kv(root / "conf" / "q2b.dic"))
        self.oov = self.word2id["OOV"]
        self.seg = _Segmenter(root / "conf" / "small_seg.dic")
        config = pi.Config(str(root / "model"))
        config.disable_glog_info()
        config.disable_gpu()
        # paddle's oneDNN kernels gave a line different tags depending on the other lines of
        # its batch (about one batch in a hundred); the plain CPU kernels are deterministic
        config.disable_mkldnn()
        config.set_cpu_math_library_num_threads(threads)
        self.predictor = pi.create_predictor(config)
        self._lock = threading.Lock()

    def _ids(self, text: str) -> tuple[list[int], list[int]]:
        ids, lengths = [], []
        for word in self.seg.cut(text):
            if word in self.word2id:
                ids.append(self.word2id[self.q2b.get(word, word)])
                lengths.append(len(word))
            else:
                for ch in word:
                    ids.append(self.word2id.get(self.q2b.get(ch, ch), self.oov))
                    lengths.append(1)
        return ids, lengths

    def _run(self, texts: list[str]) -> list[list[Word]]:
        data: list[int] = []
        lod, lengths = [0], []
        for t in texts:
            ids, lens = self._ids(t)
            data += ids
            lod.append(lod[-1] + len(ids))
            lengths.append(lens)
        with self._lock:
            inp = self.predictor.get_input_handle(self.predictor.get_input_names()[0])
            inp.reshape([len(data), 1])
            inp.copy_from_cpu(self._np.array(data, dtype="int64").reshape(-1, 1))
            inp.set_lod([lod])
            self.predictor.run()
            out = self.predictor.get_output_handle(self.predictor.get_output_names()[0])
            tags = out.copy_to_cpu().reshape(-1).tolist()
        result = []
        for k, lens in enumerate(lengths):
            words: list[Word] = []
            pos = 0
            for tid, n in zip(tags[lod[k] : lod[k + 1]], lens, strict=True):
                tag = self.id2tag[int(tid)]
                kind, bio = (tag[:-2], tag[-1]) if tag[-2:] in ("-B", "-I") else ("x", "B")
                if words and bio == "I":
                    last = words[-1]
                    words[-1] = Word(last.start, pos + n, kind)
                else:
                    words.append(Word(pos, pos + n, kind))
                pos += n
            result.append(words)
        return result

    def tag(self, lines: Sequence[str]) -> list[list[Word]]:
        """Words with offsets into each line (a line end always ends a word)."""
        pieces: list[tuple[int, int, str]] = []  # (line index, offset, text)
        for i, line in enumerate(lines):
            for off, chunk in chunks(line):
                pieces.append((i, off, chunk))
        out: list[list[Word]] = [[] for _ in lines]
        batch: list[tuple[int, int, str]] = []
        size = 0
        for p in pieces + [(-1, 0, "")]:
            if batch and (p[0] < 0 or size + len(p[2]) > _BATCH_CHARS):
                for (i, off, _), words in zip(batch, self._run([b[2] for b in batch]), strict=True):
                    out[i].extend(Word(w.start + off, w.end + off, w.tag) for w in words)
                batch, size = [], 0
            if p[0] >= 0:
                batch.append(p)
                size += len(p[2])
        return out


def chunks(line: str, max_chars: int = _MAX_CHARS) -> list[tuple[int, str]]:
    """Non-blank pieces of a line, at most ``max_chars`` long, cut after a sentence end where
    there is one (else hard), as ``(offset, piece)``."""
    out, start = [], 0
    while start < len(line):
        end = min(len(line), start + max_chars)
        if end < len(line):
            cut = max(line.rfind(c, start, end) for c in _SENT_END)
            if cut > start:
                end = cut + 1
        if line[start:end].strip():
            out.append((start, line[start:end]))
        start = end
    return out


_TAGGER: LacTagger | None = None
_TAGGER_LOCK = threading.Lock()


def tagger() -> LacTagger:
    global _TAGGER
    with _TAGGER_LOCK:
        if _TAGGER is None:
            _TAGGER = LacTagger()
        return _TAGGER


def split_lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) for every line of ``text``; the line ends themselves are left out."""
    out, pos = [], 0
    for m in _LINE_END.finditer(text):
        out.append((pos, text[pos : m.start()]))
        pos = m.end()
    out.append((pos, text[pos:]))
    return out


def lac_spans(texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
    """Bare LAC, the baseline of the benchmark: its PER / ORG / LOC words as
    ``(start, end, tag)`` with offsets into each text, one line at a time."""
    lines = [(k, off, line) for k, t in enumerate(texts) for off, line in split_lines(t)]
    out: list[list[tuple[int, int, str]]] = [[] for _ in texts]
    for (k, off, _), words in zip(lines, tagger().tag([ln for _, _, ln in lines]), strict=True):
        out[k] += [(off + w.start, off + w.end, w.tag) for w in words if w.tag in _NAME_TAGS]
    return out


def lac_entities(text: str) -> list[tuple[int, int, str]]:
    """``lac_spans`` of one text."""
    return lac_spans([text])[0]
