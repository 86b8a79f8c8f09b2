"""CNIPA's Chinese IPC titles and the IPC <-> 战略性新兴产业 table (kg/ipc_cn.py), read from a
folder shaped like github roy-tian/cn-patent-ipc's data/ (small rows written for this test)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pyoxigraph import Literal

from ingest.pipeline import run_ingest
from kg.errors import ValidationError
from kg.ipc import build_ipc, ipc_iri, ipc_titles
from kg.ipc_cn import clean_zh_title, present, sei_iri, zh_titles
from kg.settings import PROJECT_ROOT
from kg.vocab import BROADER, INDUSTRY, PREF_LABEL, RELATED_INDUSTRY, TYPE

CN = Path(__file__).parent / "data" / "schemes" / "cn-patent-ipc"


def test_ipc_cn_titles_without_references() -> None:
    titles = zh_titles(CN)
    assert titles["H01M"] == "用于直接转变化学能为电能的方法或装置，例如电池组"
    assert titles["H"] == "电学" and titles["G06V"] == "图像或视频识别或理解"
    assert "H01M10/00" not in titles  # groups are not in the scheme
    assert clean_zh_title("犁架（简便运输工具入A01B73/00）；牵引装置") == "犁架；牵引装置"


def test_ipc_cn_build_adds_zh_labels_and_declared_sei_links() -> None:
    triples = build_ipc(CN)
    zh = {
        (t.subject, t.object.value)
        for t in triples
        if t.predicate == PREF_LABEL and isinstance(t.object, Literal) and t.object.language == "zh"
    }
    assert (ipc_iri("H01"), "基本电气元件") in zh and (ipc_iri("H"), "电学") in zh
    industries = {t.subject for t in triples if t.predicate == TYPE and t.object == INDUSTRY}
    assert {sei_iri("1"), sei_iri("1.5"), sei_iri("5"), sei_iri("5.1")} <= industries
    assert (sei_iri("5.1"), "新能源汽车装置、配件制造") in zh
    broader = {(t.subject, t.object) for t in triples if t.predicate == BROADER}
    assert (sei_iri("1.5"), sei_iri("1")) in broader
    links = {(t.subject, t.object) for t in triples if t.predicate == RELATED_INDUSTRY}
    # a subclass row links its subclass; group rows (H01M10/...) need main groups: none
    assert links == {(ipc_iri("G06V"), sei_iri("1.5"))}


def test_ipc_cn_absent_folder_builds_the_plain_ipc(tmp_path: Path) -> None:
    assert not present(tmp_path)
    plain = build_ipc(tmp_path)
    assert not any(t.predicate == RELATED_INDUSTRY for t in plain)
    assert len(plain) < len(build_ipc(CN))


def test_ipc_cn_bad_row_names_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "cn"
    shutil.copytree(CN, folder)
    with (folder / "ipc-sei.jsonl").open("a", encoding="utf-8") as fh:
        fh.write('{"ipcCode":"H01M","seiId":99}\n')
    with pytest.raises(ValidationError, match=r"ipc-sei.jsonl:4: seiId 99"):
        build_ipc(folder)


def test_ipc_cn_sei_table_without_titles(tmp_path: Path) -> None:
    folder = tmp_path / "sei-only"
    folder.mkdir()
    for name in ("sei.jsonl", "ipc-sei.jsonl"):
        shutil.copy(CN / name, folder / name)
    triples = build_ipc(folder)
    assert not present(folder)
    assert {(t.subject, t.object) for t in triples if t.predicate == RELATED_INDUSTRY} == {
        (ipc_iri("G06V"), sei_iri("1.5"))
    }
    assert not any(
        t.predicate == PREF_LABEL and t.subject == ipc_iri("H01") and t.object.language == "zh"
        for t in triples
    )


def test_ipc_cn_committed_table_links_whole_classes_and_subclasses() -> None:
    """The rows of CNIPA's table committed in data/vocab-src/cn-patent-ipc/ (classes and
    subclasses only) are in the built-in IPC scheme."""
    links = {(t.subject, t.object) for t in build_ipc() if t.predicate == RELATED_INDUSTRY}
    assert (ipc_iri("H04N"), sei_iri("1.1")) in links  # a subclass row
    assert (ipc_iri("C08"), sei_iri("3.6")) in links  # a class row
    assert (ipc_iri("A61B"), sei_iri("4.2")) in links
    assert not any(s == ipc_iri("H01M") for s, _ in links)  # its rows name groups only
    assert len(links) >= 100


COMMITTED = PROJECT_ROOT / "data" / "vocab-src" / "cn-patent-ipc"
# rows copied from CNIPA's 2026.01 edition (data/vocab-src/cn-patent-ipc/ipc.jsonl), cut as
# clean_zh_title cuts them
REAL_TITLES = {
    "H01M": "用于直接转变化学能为电能的方法或装置，例如电池组",
    "C12P": "发酵或使用酶的方法合成目标化合物或组合物或从外消旋混合物中分离旋光异构体",
    "A01B": "农业或林业的整地；一般农业机械或农具的部件、零件或附件",
    "H10D": "无机电子半导体器件",
    "A01": "农业；林业；畜牧业；狩猎；诱捕；捕鱼",
}


def test_ipc_cn_committed_titles_label_real_subclasses() -> None:
    zh = {
        t.subject: t.object.value
        for t in build_ipc()
        if t.predicate == PREF_LABEL and isinstance(t.object, Literal) and t.object.language == "zh"
    }
    for code, title in REAL_TITLES.items():
        assert zh[ipc_iri(code)] == title, code
    assert zh[ipc_iri("A")] == "人类生活必需"  # the section heading without "A部——"
    assert ipc_iri("H01L") not in zh  # the 2026.01 edition has no H01L row (moved to H10)


def test_ipc_cn_committed_file_is_a_subset_of_scheme_rows() -> None:
    """Only section, class and subclass rows of the built-in scheme, in the source's order, each
    giving a title but G09G (its reference lost the opening bracket) and C10N (its name is only
    its own code)."""
    rows = [json.loads(line) for line in (COMMITTED / "ipc.jsonl").read_text("utf-8").splitlines()]
    codes = [row["code"] for row in rows]
    assert codes == sorted(set(codes))
    assert {row["type"] for row in rows} <= {"部", "大类", "小类"}
    assert set(codes) <= set(ipc_titles())
    assert set(zh_titles(COMMITTED)) == set(codes) - {"G09G", "C10N"}
    assert all(set(row) == {"code", "type", "level", "name", "version"} for row in rows)


# read but deliberately not copied (SOURCE.md says why)
LEFT_OUT = frozenset(
    [
        "A23D",
        "A23F",
        "A23L",
        "A24C",
        "A45B",
        "A45D",
        "A46D",
        "A47C",
        "A61Q",
        "A63F",
        "B24B",
        "B62",
        "F23K",
        "F41A",
    ]
)


def test_ipc_cn_committed_file_leaves_out_garbled_rows() -> None:
    """Rows whose title has notes or a group heading glued on, or a broken bracket, were read but
    not copied (SOURCE.md lists them); no built title keeps an empty item or a numbered note."""
    titles = zh_titles(COMMITTED)
    assert not LEFT_OUT & set(titles)
    for code, title in titles.items():
        assert "；；" not in title and not title.endswith("；"), code
        assert "注意：" not in title and "1．" not in title, code


def test_ipc_cn_chain_technology_shows_the_zh_title(store, cli) -> None:
    lens = Path(__file__).parent / "data" / "schemes" / "exports" / "lens.csv"
    assert run_ingest(store, [lens]).exit_code == 0
    for code in ("H10D", "H01M"):
        res = cli("chain", "technology", code, "--json", "--store", str(store.path))
        assert res.code == 0, res.stderr
        tech = res.json()["technology"]
        assert (tech["iri"], tech["label_zh"]) == (ipc_iri(code).value, REAL_TITLES[code])


def test_ipc_cn_title_without_its_own_code_glued_on(tmp_path: Path) -> None:
    """A subclass title that starts with its own code (CNIPA's G21F row: "G21FX射线，…") loses it;
    a title that only mentions a code elsewhere keeps it."""
    row = {"code": "G21F", "type": "小类", "level": None, "version": "2006.01"}
    rows = [
        {**row, "name": "G21FX射线的防护（与反应堆结合的入G21C11/00）"},
        {**row, "code": "G21K", "name": "处理粒子；G21K类"},
    ]
    (tmp_path / "ipc.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8"
    )
    titles = zh_titles(tmp_path)
    assert titles["G21F"] == "X射线的防护" and titles["G21K"] == "处理粒子；G21K类"


def test_ipc_cn_title_without_a_glued_on_note() -> None:
    """CNIPA's B82B title carries the subclass note ("…其制造或处理注意：本小类不涵盖…"): the
    label stops before 注意."""
    title = "纳米结构；其制造或处理注意：本小类不涵盖由其他地方，例如C08或C12类中，提供的。"
    assert clean_zh_title(title) == "纳米结构；其制造或处理"
    assert clean_zh_title("电子计时器〔3〕") == "电子计时器"


def test_ipc_cn_mixed_and_unbalanced_brackets(tmp_path: Path) -> None:
    """A reference opened with a full-width bracket and closed with an ASCII one (CNIPA G05B) is
    cut; a title whose reference lost its opening bracket (CNIPA G09G) gets no Chinese label."""
    row = {"type": "小类", "level": None, "version": "2006.01"}
    rows = [
        {**row, "code": "G05B", "name": "一般的控制或调节系统（用于非电变量的系统G05D)"},
        {
            **row,
            "code": "G09G",
            "name": "控制的装置或电路传输数据的装置入G06F3/14；其零部件入H04N1/00）",
        },
    ]
    (tmp_path / "ipc.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8"
    )
    assert zh_titles(tmp_path) == {"G05B": "一般的控制或调节系统"}
