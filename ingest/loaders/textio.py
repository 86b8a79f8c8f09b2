"""Reading text files the way real data arrives: BOMs, UTF-16, GBK/GB18030 from Excel in China.

Never stores replacement characters silently: undecodable bytes raise an ``InputError``
that names the file and says to pass ``--encoding``.
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
from collections.abc import Iterator
from pathlib import Path

from kg.errors import InputError, LimitError

log = logging.getLogger("ikg")

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def decode_complete(data: bytes, enc: str) -> tuple[str, int]:
    """The characters of ``data`` up to the last complete one, and how many bytes after it
    begin a character that the buffer cuts short (a head read of a file, or a file cut at a
    byte count). Invalid bytes anywhere else raise ``UnicodeDecodeError``."""
    dec = codecs.getincrementaldecoder(enc)()
    text = dec.decode(data, final=False)
    return text, len(dec.getstate()[0])


def detect_encoding(data: bytes) -> str:
    """The encoding of a text file: its BOM, else UTF-8, else GB18030 when the bytes read as
    Chinese text from the first non-ASCII byte on (Excel in China). Anything else is refused
    (``InputError`` naming the byte offset): a guessed code page would garble the text."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc
    try:
        decode_complete(data, "utf-8")  # the buffer may end inside a character
        return "utf-8"
    except UnicodeDecodeError as e:
        bad = e.start
    first_high = next((i for i, b in enumerate(data) if b > 127), len(data))
    if bad == first_high and _reads_as_chinese(data):
        return "gb18030"
    # UTF-8 text up to a corrupt byte, or another single-byte code page: never guess
    raise InputError(f"byte {bad} (0x{data[bad]:02x}) is not valid UTF-8")


def _reads_as_chinese(data: bytes) -> bool:
    try:
        text = decode_complete(data, "gb18030")[0]
    except UnicodeDecodeError:
        return False
    high = [c for c in text if ord(c) > 127]
    cjk = sum(
        1
        for c in high
        if "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"
    )
    return bool(high) and cjk >= 0.8 * len(high)


def read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as e:
        raise InputError(f"{path}: cannot read the file ({e.strerror})") from None
    if size > max_bytes:
        raise LimitError(
            f"{path}: {size} bytes is over the limit of {max_bytes} bytes "
            "(raise it with IKG_MAX_FILE_BYTES)"
        )
    try:
        return path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read the file ({e.strerror})") from None


def decode(data: bytes, path: Path | str, encoding: str | None = None) -> str:
    """The text of a file. Undecodable bytes are an ``InputError`` naming the file and the byte
    offset; nothing is replaced or guessed."""
    enc = encoding or None
    if enc is None:
        try:
            enc = detect_encoding(data)
        except InputError as e:
            raise InputError(
                f"{path}: {e}; save the file as UTF-8, or pass --encoding NAME if it is in "
                "another encoding (e.g. --encoding gb18030 for Excel files saved in China, "
                "--encoding latin-1)"
            ) from None
    try:
        text, cut = decode_complete(data, enc)
    except UnicodeDecodeError as e:
        raise InputError(
            f"{path}: byte {e.start} (0x{data[e.start]:02x}) is not valid {enc}; pass the right "
            "--encoding (e.g. --encoding gb18030 for Excel files saved in China)"
        ) from None
    except LookupError:
        raise InputError(f"{path}: unknown encoding {enc!r}; pass e.g. --encoding utf-8") from None
    if cut:
        # the file was cut at a byte count inside its last character: say so, keep the rest
        log.warning(
            "%s: the file ends inside a %s character; its last %d byte(s) were left out",
            path,
            enc,
            cut,
        )
    if "\ufffd" in text and "\ufffd".encode(enc, errors="ignore") not in data:
        raise InputError(f"{path}: decoding as {enc} produced replacement characters")
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        raise InputError(f"{path}: contains NUL bytes; it is binary, not {enc} text")
    return text


def read_text(path: Path, max_bytes: int, encoding: str | None = None) -> str:
    return decode(read_bytes(path, max_bytes), path, encoding)


def read_csv(
    path: Path, max_bytes: int, max_field: int, encoding: str | None = None
) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """Header (normalised: stripped, lower-case) and ``(line_number, row)`` pairs."""
    text = read_text(path, max_bytes, encoding)
    # the csv module reads a long field whole; the loaders quarantine a row with a field over
    # the field limit, so the module's own limit is only the file-size limit
    csv.field_size_limit(max(max_bytes, max_field, 1024))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delim = dialect.delimiter
    except csv.Error:
        delim = ","
    # strict: an unbalanced quote is an error naming the line, never rows swallowed silently
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        return [], iter(())
    except csv.Error as e:
        raise InputError(f"{path}: line 1: not a readable CSV header ({e})") from None
    header = [h.strip().lower() for h in header]

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        try:
            for row in reader:
                line = reader.line_num
                if not any(c.strip() for c in row):
                    continue
                rec = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}
                if len(row) > len(header):
                    rec["__extra__"] = ";".join(row[len(header) :])
                yield line, rec
        except csv.Error as e:
            raise InputError(
                f"{path}: line {reader.line_num}: CSV error ({e}); fix the quoting on that line"
            ) from None

    return header, rows()


def split_list(value: str) -> list[str]:
    """Split a ``;``-separated list cell."""
    return [v.strip() for v in value.split(";") if v.strip()]
