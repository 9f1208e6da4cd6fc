"""The faster paths of reading (bench/run.py): an input file is read by the size it
has, yet what its size does not tell is still read whole and the limit holds; the
class of unprintable characters is spelled positively and means what it did."""

from __future__ import annotations

from pathlib import Path

import pytest

from hprules.domain.diagnostics import msg
from hprules.reading.regular_file import NotReadable, read_bytes


def test_a_file_of_exactly_the_limit_is_read_and_one_byte_more_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"x" * 100)
    assert read_bytes(path, limit=100) == b"x" * 100
    path.write_bytes(b"x" * 101)
    with pytest.raises(NotReadable) as refused:
        read_bytes(path, limit=100)
    assert refused.value.message == msg("file.too_large", limit=100)


def test_a_regular_file_whose_size_says_zero_is_read_whole() -> None:
    # /proc files are regular files of size 0 whose content is made when read.
    status = Path("/proc/self/status")
    if not status.is_file():
        pytest.skip("no /proc")
    data = read_bytes(status)
    assert len(data) > 100
    assert data.startswith(b"Name:")
    assert data.endswith(b"\n")


def test_the_unprintable_characters_are_those_outside_yaml_printable_set_and_the_bom() -> None:
    # The class is spelled positively (fast to compile); YAML 1.1's printable set,
    # negated as PyYAML's reader spells it, less the byte-order mark, is the same.
    import re

    from hprules.reading.yamlfile import _UNPRINTABLE

    printable = re.compile("[\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
    every = "".join(map(chr, range(0x110000)))
    expected = {c for c in every if not printable.match(c) or c == "\ufeff"}
    assert {m.group() for m in _UNPRINTABLE.finditer(every)} == expected
    assert {"\x00", "\x1f", "\x7f", "\ufeff", "\ud800", "\uffff"} <= expected
