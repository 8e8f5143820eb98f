"""Read the entry names of an OLE2 compound file (legacy .doc/.xls/.ppt, also .msi and .msg).

Only as much of [MS-CFB] as naming the streams needs: the header, the FAT (through the DIFAT),
and the directory chain. Every offset and chain is bounds- and loop-checked, because the bytes
come from an untrusted upload; anything malformed gives None.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import IO

__all__ = ["OLE_MAGIC", "entry_names"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_HEADER_SIZE = 512
_HEADER_DIFAT_ENTRIES = 109
_END_OF_CHAIN = 0xFFFFFFFE
_FREE_SECTOR = 0xFFFFFFFF
_MAX_REGULAR_SECTOR = 0xFFFFFFFA
_DIRECTORY_ENTRY_SIZE = 128
_MAX_DIRECTORY_ENTRIES = 100_000


class _Malformed(Exception):
    pass


def entry_names(file: IO[bytes]) -> set[str] | None:
    """The names of all storages and streams in the compound file, or None if it is malformed."""
    try:
        return _entry_names(file)
    except (_Malformed, struct.error, OSError, ValueError):
        return None


def _entry_names(file: IO[bytes]) -> set[str]:
    file.seek(0, 2)
    file_size = file.tell()
    header = _read_at(file, 0, _HEADER_SIZE)
    if header[:8] != OLE_MAGIC or header[0x1C:0x1E] != b"\xfe\xff":
        raise _Malformed
    (sector_shift,) = struct.unpack_from("<H", header, 0x1E)
    if sector_shift not in (9, 12):
        raise _Malformed
    sector_size = 1 << sector_shift
    sector_count = max(0, (file_size - sector_size) // sector_size)

    def read_sector(number: int) -> bytes:
        if number >= sector_count:
            raise _Malformed
        return _read_at(file, (number + 1) * sector_size, sector_size)

    fat = _read_fat(header, sector_size, sector_count, read_sector)
    (first_directory_sector,) = struct.unpack_from("<I", header, 0x30)
    names: set[str] = set()
    for number in _chain(first_directory_sector, fat):
        sector = read_sector(number)
        for offset in range(0, sector_size, _DIRECTORY_ENTRY_SIZE):
            entry = sector[offset : offset + _DIRECTORY_ENTRY_SIZE]
            (name_length,) = struct.unpack_from("<H", entry, 0x40)
            if entry[0x42] in (1, 2, 5) and 2 <= name_length <= 64:
                names.add(entry[: name_length - 2].decode("utf-16-le", "replace"))
            if len(names) > _MAX_DIRECTORY_ENTRIES:
                raise _Malformed
    return names


def _read_fat(
    header: bytes, sector_size: int, sector_count: int, read_sector: Callable[[int], bytes]
) -> list[int]:
    (fat_sector_count,) = struct.unpack_from("<I", header, 0x2C)
    (difat_sector, difat_sector_count) = struct.unpack_from("<II", header, 0x44)
    if fat_sector_count > sector_count or difat_sector_count > sector_count:
        raise _Malformed
    fat_sectors = list(struct.unpack_from(f"<{_HEADER_DIFAT_ENTRIES}I", header, 0x4C))
    per_difat_sector = sector_size // 4 - 1
    seen: set[int] = set()
    while len(fat_sectors) < fat_sector_count and difat_sector <= _MAX_REGULAR_SECTOR:
        if difat_sector in seen:
            raise _Malformed
        seen.add(difat_sector)
        values = struct.unpack(f"<{per_difat_sector + 1}I", read_sector(difat_sector))
        fat_sectors.extend(values[:-1])
        difat_sector = values[-1]
    if len(fat_sectors) < fat_sector_count:
        raise _Malformed
    fat: list[int] = []
    for number in fat_sectors[:fat_sector_count]:
        fat.extend(struct.unpack(f"<{sector_size // 4}I", read_sector(number)))
    return fat


def _chain(start: int, fat: list[int]) -> list[int]:
    chain: list[int] = []
    seen: set[int] = set()
    number = start
    while number != _END_OF_CHAIN:
        if number > _MAX_REGULAR_SECTOR or number >= len(fat) or number in seen:
            raise _Malformed
        seen.add(number)
        chain.append(number)
        number = fat[number]
        if number == _FREE_SECTOR:
            raise _Malformed
    return chain


def _read_at(file: IO[bytes], offset: int, size: int) -> bytes:
    file.seek(offset)
    data = file.read(size)
    if len(data) != size:
        raise _Malformed
    return data
