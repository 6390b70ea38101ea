"""The bounds on reading a handover pack that may have been made to do harm: the limits, the
zip's own directory and entries checked before any data is read, each file read with a cap
whatever its header says, and ``handover.json`` parsed with bounded numbers and nesting.
"""

from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path
from typing import Any, BinaryIO

from csdesk.errors import CsdeskError
from csdesk.services.handover_checks import MAX_NUMBER_CHARS, shown

DATA_NAME = "handover.json"

# The limits. Measured on the demo book of 2,000 accounts (`csdesk demo --accounts 2000`, then
# `csdesk handover export`): the pack is 199 MB, 249 MB uncompressed, in 2,001 files;
# handover.json is 48.8 MB holding 200,000 records and 3.7 million JSON values (4 s to read
# and check); each success plan .docx is about 100 KB (117 KB at most). Each limit allows five
# times that book or more, and stops a crafted pack long before memory, time or disk run out.
MAX_PACK_BYTES = 2 * 2**30  # the .zip file itself
MAX_ENTRIES = 50_000  # files in the zip: handover.json and one plan per account
MAX_DIRECTORY_BYTES = 64 * 2**20  # the zip's list of files, read whole before anything else
MAX_UNCOMPRESSED_BYTES = 4 * 2**30  # every file once uncompressed (a zip bomb: 1 MB → 1 GB)
MAX_DATA_BYTES = 256 * 2**20  # handover.json: read into memory and parsed whole
MAX_DOCUMENT_BYTES = 50 * 2**20  # one Word document, as saved to disk
MAX_JSON_VALUES = 16_000_000  # objects, lists, keys and values: each takes memory once parsed
MAX_DEPTH = 32  # the export nests 7 deep (a QBR snapshot's facts)
MAX_INT_DIGITS = 18  # the largest amount is 10**15 cents; 10**400 fits no database column
MAX_ACCOUNTS = 10_000
MAX_RECORDS = 1_000_000  # records of every kind together


# Bounds before parsing


def check_size(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError as error:
        raise CsdeskError(f"cannot read {path}: {error.strerror or error}") from None
    if size > MAX_PACK_BYTES:
        raise CsdeskError(f"{path.name} is {size / 2**20:,.0f} MB: a handover pack is at most "
                          f"{MAX_PACK_BYTES // 2**20:,} MB")


def check_directory(handle: BinaryIO, name: str) -> None:
    """Refuse a zip whose directory lists too many files, before ``zipfile`` builds an object
    for each of them (a 500 MB directory of empty entries would take gigabytes)."""
    counts = _directory_counts(handle)
    if counts is None:
        return  # not a zip: zipfile says so in its own words
    entries, size = counts
    if entries > MAX_ENTRIES:
        raise CsdeskError(f"{name} lists {entries:,} files: a handover pack holds at most "
                          f"{MAX_ENTRIES:,}")
    if size > MAX_DIRECTORY_BYTES:
        raise CsdeskError(f"{name} has a list of files of {size / 2**20:,.0f} MB: a handover "
                          f"pack's takes at most {MAX_DIRECTORY_BYTES // 2**20} MB")


def _directory_counts(handle: BinaryIO) -> tuple[int, int] | None:
    """(entries, directory size) from the zip's end record (zip64 too), or None."""
    handle.seek(0, 2)
    end = handle.tell()
    start = max(0, end - (22 + 65_535))  # the end record, then a comment of up to 64 KB
    handle.seek(start)
    tail = handle.read(end - start)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    _sig, _disk, _cd_disk, _here, entries, size, offset, _comment = struct.unpack(
        "<4s4H2LH", tail[at:at + 22])
    if entries == 0xFFFF or size == 0xFFFFFFFF or offset == 0xFFFFFFFF:
        locator = tail[at - 20:at] if at >= 20 else b""
        if len(locator) == 20 and locator[:4] == b"PK\x06\x07":
            record_at = struct.unpack("<4sLQL", locator)[2]
            handle.seek(record_at)
            record = handle.read(56)
            if len(record) == 56 and record[:4] == b"PK\x06\x06":
                entries, size = struct.unpack("<QQ", record[32:48])
    return entries, size


def check_entries(pack: zipfile.ZipFile, name: str) -> list[zipfile.ZipInfo]:
    """The files of the pack, refused when too many or too big once uncompressed (as the
    directory says; ``read_member`` holds every file to its size while reading, as headers
    can lie)."""
    infos = pack.infolist()
    if len(infos) > MAX_ENTRIES:
        raise CsdeskError(f"{name} holds {len(infos):,} files: a handover pack holds at most "
                          f"{MAX_ENTRIES:,}")
    for info in infos:  # a document too big is refused before anything is imported
        if info.filename.startswith("documents/") and info.file_size > MAX_DOCUMENT_BYTES:
            raise CsdeskError(_too_big(name, info.filename, MAX_DOCUMENT_BYTES))
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise CsdeskError(f"{name} would take {total / 2**30:,.1f} GB once uncompressed: a "
                          f"handover pack takes at most {MAX_UNCOMPRESSED_BYTES // 2**30} GB")
    return infos


def read_member(pack: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, name: str) -> bytes:
    """One file of the pack, never more than ``limit`` bytes read whatever its header says."""
    if info.file_size > limit:
        raise CsdeskError(_too_big(name, info.filename, limit))
    with pack.open(info) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise CsdeskError(_too_big(name, info.filename, limit))
    return data


def copy_member(pack: zipfile.ZipFile, info: zipfile.ZipInfo, target: BinaryIO, limit: int,
                name: str) -> None:
    """Stream one file of the pack into ``target``, stopping at ``limit`` bytes."""
    if info.file_size > limit:
        raise CsdeskError(_too_big(name, info.filename, limit))
    written = 0
    with pack.open(info) as stream:
        while chunk := stream.read(min(2**20, limit + 1 - written)):
            written += len(chunk)
            if written > limit:
                raise CsdeskError(_too_big(name, info.filename, limit))
            target.write(chunk)


def _too_big(name: str, member: str, limit: int) -> str:
    return (f"{name}: {shown(member)} is larger than {limit // 2**20:,} MB once uncompressed, "
            "more than a handover pack holds")


class _NumberError(ValueError):
    pass


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _NumberError(f"has a number of {len(text):,} digits ({text[:12]}…): numbers "
                           f"in a pack have at most {MAX_INT_DIGITS}")
    return int(text)


def _float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise _NumberError(f"has a number written with {len(text):,} characters "
                           f"({text[:12]}…)")
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _NumberError(f"has a number too large to hold ({text[:24]})")
    return value


def _constant(text: str) -> Any:
    raise _NumberError(f"has {text}, which is not a number JSON allows")


def parse(raw: bytes, name: str) -> Any:
    """JSON with bounded work: counted before parsing, integers bounded while parsing, and
    nesting bounded (Python's parser raises RecursionError past ~1,000 levels)."""
    values = raw.count(b",") + raw.count(b":") + raw.count(b"[") + raw.count(b"{")
    if values > MAX_JSON_VALUES:
        raise CsdeskError(f"{name}: {DATA_NAME} holds over {MAX_JSON_VALUES:,} values, more "
                          "than a handover pack holds")
    try:
        data = json.loads(raw.decode("utf-8"), parse_int=_int, parse_float=_float,
                          parse_constant=_constant)
    except RecursionError:
        raise CsdeskError(f"{name}: {DATA_NAME} is too deeply nested") from None
    except _NumberError as error:
        raise CsdeskError(f"{name}: {DATA_NAME} {error}") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise CsdeskError(f"{name}: {DATA_NAME} is not valid JSON ({error})") from None
    if _depth_over(data, MAX_DEPTH):
        raise CsdeskError(f"{name}: {DATA_NAME} is too deeply nested (more than {MAX_DEPTH} "
                          "levels)")
    return data


def _depth_over(data: Any, limit: int) -> bool:
    """Whether objects and lists nest more than ``limit`` deep (level by level, no recursion;
    0.2 s for the 2,000-account book)."""
    level = [data] if isinstance(data, dict | list) else []
    depth = 0
    while level:
        depth += 1
        if depth > limit:
            return True
        below: list[Any] = []
        for value in level:
            below += [child for child in (value.values() if type(value) is dict else value)
                      if type(child) is dict or type(child) is list]
        level = below
    return False
