"""Hostile and odd input (issue 13 item 5): undecodable bytes are refused with the file and the
byte offset (no guessed code page), a field of the wrong type is a warning or a quarantine that
names the field, an unreadable file in a folder is quarantined whole while the rest lands, and
jieba's cache lives in a per-user directory. Inputs are generated here, a few bytes each."""

from __future__ import annotations

import json
import pathlib
from pathlib import Path

import pytest

from ingest.extract.nlp import configure_jieba, jieba_cache_dir
from ingest.loaders.textio import decode
from kg.errors import InputError
from kg.store.oxigraph import OxigraphStore

EXPERTS_HEAD = "expert_id,name,name_zh,orcid,country\n"


def _work(wid: str, title: str, **extra) -> dict:
    return {
        "id": f"https://openalex.org/{wid}",
        "title": title,
        "publication_year": 2021,
        "authorships": [
            {
                "author": {"display_name": "Li Wei"},
                "institutions": [{"display_name": "Jilin University", "country_code": "CN"}],
            }
        ],
        **extra,
    }


def _bad_utf8_json(path: Path) -> int:
    """An OpenAlex work whose title holds bytes that are no UTF-8; returns their offset."""
    raw = json.dumps(_work("W1", "café XX"), ensure_ascii=False).encode()
    offset = raw.index(b"XX")
    path.write_bytes(raw.replace(b"XX", b"\xff\xfe\xc3"))
    return offset


def _titles(store_path: Path) -> list[str]:
    st = OxigraphStore(store_path)
    rows = st.select("SELECT ?t WHERE { ?w <http://purl.org/dc/terms/title> ?t }")
    return sorted(r["t"].value for r in rows)


def test_textio_invalid_utf8_json_refused_with_byte_offset(cli, tmp_path):
    f = tmp_path / "bad.json"
    offset = _bad_utf8_json(f)
    r = cli("ingest", str(f), "--store", str(tmp_path / "store"))
    assert r.code == 2, r.stderr
    assert f"{f}: byte {offset} (0xff) is not valid UTF-8" in r.stderr
    assert "Traceback" not in r.stderr


def test_textio_corrupt_utf8_chinese_is_not_read_as_gb18030():
    """UTF-8 Chinese with one bad byte in the middle would decode as GB18030 mojibake."""
    good = "纤维素乙醇预处理技术，吉林大学与中粮生化合作研究。".encode()
    data = good[:30] + b"\xa0" + good[30:]
    with pytest.raises(InputError, match=r"x\.csv: byte 30 \(0xa0\) is not valid UTF-8"):
        decode(data, "x.csv")
    assert decode("纤维素".encode("gb18030"), "gbk.csv") == "纤维素"  # real GBK still reads


def test_textio_latin1_csv_refused_then_read_with_encoding(cli, tmp_path):
    f = tmp_path / "experts.csv"
    f.write_bytes((EXPERTS_HEAD + "e1,José Núñez,,,CHL\n").encode("latin-1"))
    r = cli("ingest", str(f), "--store", str(tmp_path / "store"))
    assert r.code == 2 and "byte " in r.stderr and "--encoding" in r.stderr, r.stderr
    ok = cli("ingest", str(f), "--encoding", "latin-1", "--store", str(tmp_path / "s2"))
    assert ok.code == 0, ok.stderr
    st = OxigraphStore(tmp_path / "s2")
    names = [
        r["n"].value
        for r in st.select("SELECT ?n WHERE { ?e <http://xmlns.com/foaf/0.1/name> ?n }")
    ]
    assert "José Núñez" in names


def test_openalex_wrong_field_types_warn_or_quarantine_naming_the_field(cli, tmp_path):
    d = tmp_path / "works"
    d.mkdir()
    (d / "a.json").write_text(
        json.dumps(_work("W2", "Authorships as text", authorships="Li Wei; Zhang San"))
    )
    (d / "b.json").write_text(json.dumps(_work("W3", ["a", "list"], keywords="cellulose")))
    (d / "c.json").write_text(json.dumps(_work("W4", "A fine work")))
    r = cli("ingest", str(d), "--store", str(tmp_path / "store"))
    assert r.code == 1, r.stderr
    assert "field 'authorships' is str 'Li Wei; Zhang San', not a list of objects" in r.stderr
    assert "b.json: record 1 (id=W3): not an OpenAlex work: field 'title' is list" in r.stderr
    assert _titles(tmp_path / "store") == ["A fine work", "Authorships as text"]


def test_pipeline_unreadable_file_in_folder_is_quarantined_whole(cli, tmp_path, monkeypatch):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.json").write_text(json.dumps(_work("W5", "Readable work")))
    locked = d / "locked.json"
    locked.write_text(json.dumps(_work("W6", "Locked work")))
    real_open = pathlib.Path.open

    def deny(self, *args, **kwargs):  # EACCES as for a file of another user (tests run as root)
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", deny)
    r = cli("ingest", str(d), "--store", str(tmp_path / "store"))
    assert r.code == 1, r.stderr
    assert f"quarantined: {locked}: whole file: {locked}: cannot read the file" in r.stderr
    assert "Traceback" not in r.stderr
    monkeypatch.undo()
    assert _titles(tmp_path / "store") == ["Readable work"]


def test_nlp_jieba_cache_is_per_user_not_shared_tmp(tmp_path, monkeypatch):
    import jieba

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(jieba.dt, "tmp_dir", None)
    configure_jieba()
    assert jieba.dt.tmp_dir == str(tmp_path / "cache" / "ikg" / "jieba") == str(jieba_cache_dir())
    tok = jieba.Tokenizer()
    tok.tmp_dir = str(jieba_cache_dir())
    tok.initialize()
    assert (tmp_path / "cache" / "ikg" / "jieba" / "jieba.cache").is_file()
    assert oct((tmp_path / "cache" / "ikg" / "jieba").stat().st_mode & 0o777) == "0o700"
