"""Bytes to text: BOMs first, then charset-normalizer's detection."""

import codecs

from charset_normalizer import from_bytes

from kb import KBError

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def decode(data: bytes, name: str, declared: str | None = None) -> str:
    """Decode a source file; refuse binary or undecodable input with an error naming the file."""
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError) as exc:
            raise KBError(f"{name}: cannot decode as declared encoding {declared!r}: {exc}") from None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096] and not _looks_utf16(data):
        raise KBError(f"{name}: binary file (NUL bytes), not an article")
    best = from_bytes(data).best()
    if best is None:
        raise KBError(f"{name}: cannot detect the text encoding (binary or corrupt file)")
    text = str(best)
    if _control_ratio(text) > 0.01:
        raise KBError(f"{name}: decodes as {best.encoding} only to control characters: binary file?")
    return text


def _looks_utf16(data: bytes) -> bool:
    """BOM-less UTF-16 text has a NUL in every other byte of its ASCII characters."""
    sample = data[:4096]
    return sample[1::2].count(0) > len(sample) // 4 or sample[0::2].count(0) > len(sample) // 4


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls / len(sample)
