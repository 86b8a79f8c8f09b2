"""Generate a synthetic store of ~N triples in three source graphs (10% of triples repeated in a
second graph) for the export and endpoint benchmarks.

    .venv/bin/python bench/gen_store.py --triples 1000000 --store /tmp/ikg-bench/store
"""

from __future__ import annotations

import argparse

import pyoxigraph as ox

from kg import vocab
from kg.store.oxigraph import OxigraphStore


def triples(n: int, offset: int = 0):
    xsd = vocab.XSD
    for i in range(offset, offset + n // 5):
        e = vocab.ID[f"expert/bench/{i}"]
        w = vocab.ID[f"work/bench/{i}"]
        yield ox.Triple(e, vocab.TYPE, vocab.EXPERT)
        yield ox.Triple(e, vocab.NAME, ox.Literal(f"Expert {i}", language="en"))
        yield ox.Triple(e, vocab.MEMBER_OF, vocab.ID[f"institution/bench/{i % 997}"])
        yield ox.Triple(w, vocab.CREATOR, e)
        yield ox.Triple(w, vocab.YEAR, ox.Literal(str(1990 + i % 35), datatype=xsd.integer))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--store", required=True)
    a = ap.parse_args()
    st = OxigraphStore(a.store)
    third = a.triples // 3
    with st.writer() as w:
        w.replace_source("bench-a", triples(third), records=third // 5)
        w.replace_source("bench-b", triples(third, third // 5), records=third // 5)
        # the last tenth of bench-b again in bench-c: duplicates across graphs
        w.replace_source(
            "bench-c",
            triples(third + third // 10, 2 * third // 5 - third // 50),
            records=third // 5,
        )
    print({k: v.triples for k, v in st.sources().items()})


if __name__ == "__main__":
    main()
