"""The text of a PDF FamilyHub wrote with WeasyPrint, for tests that check what a document says
(no PDF library is in the environment; pypdf and pdftotext are not installed). WeasyPrint's
fonts are Type0 fonts with a ToUnicode map; its page streams show glyph codes as hex strings
with Tj and TJ. Each font resource name is followed to its font object and that font's map."""

from __future__ import annotations

import re
import zlib

OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)
STREAM = re.compile(rb"^(.*?)stream\r?\n(.*?)\r?\nendstream", re.S)
TO_UNICODE = re.compile(rb"/ToUnicode (\d+) 0 R")
FONT_REF = re.compile(rb"/(F\d+|[A-Za-z][\w-]*) (\d+) 0 R")
BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
HEX = re.compile(rb"<([0-9A-Fa-f]*)>")
TOKENS = re.compile(
    rb"/([\w.-]+)\s+[\d.]+\s+Tf|\[(.*?)\]\s*TJ|<([0-9A-Fa-f]*)>\s*Tj|(ET|Tm)\b", re.S
)


def _objects(pdf: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    """Every object, streams decompressed, and the objects packed in object streams."""
    found: dict[int, tuple[bytes, bytes | None]] = {}
    for number, body in OBJECT.findall(pdf):
        match = STREAM.match(body)
        if match:
            head, data = match.groups()
            if b"FlateDecode" in head:
                data = zlib.decompress(data)
            found[int(number)] = (head, data)
            if b"/ObjStm" in head:
                found.update(_packed(head, data))
        else:
            found[int(number)] = (body, None)
    return found


def _packed(head: bytes, data: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    first = int(re.search(rb"/First (\d+)", head).group(1))
    pairs = [int(n) for n in data[:first].split()]
    numbers, offsets = pairs[::2], pairs[1::2]
    ends = offsets[1:] + [len(data) - first]
    return {
        n: (data[first + start : first + end], None)
        for n, start, end in zip(numbers, offsets, ends, strict=True)
    }


def _cmap(data: bytes) -> dict[str, str]:
    mapping = {}
    for block in BFCHAR.findall(data):
        codes = HEX.findall(block)
        for src, dst in zip(codes[::2], codes[1::2], strict=False):
            mapping[src.decode().upper()] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in BFRANGE.findall(data):
        codes = HEX.findall(block)
        for lo, hi, dst in zip(codes[::3], codes[1::3], codes[2::3], strict=False):
            start, width = int(dst, 16), len(lo)
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[f"{code:0{width}X}"] = chr(start + i)
    return mapping


def pdf_text(pdf: bytes) -> str:
    objects = _objects(pdf)
    maps = {}  # font object number -> its ToUnicode map
    for number, (head, _) in objects.items():
        ref = TO_UNICODE.search(head)
        if ref and objects.get(int(ref.group(1)), (b"", None))[1] is not None:
            maps[number] = _cmap(objects[int(ref.group(1))][1] or b"")
    fonts = {}  # resource name -> map
    for head, _ in objects.values():
        for name, number in FONT_REF.findall(head):
            if int(number) in maps:
                fonts[name.decode()] = maps[int(number)]
    words: list[str] = []
    for _, data in objects.values():
        if data is None or b"Tj" not in data and b"TJ" not in data:
            continue
        current: dict[str, str] = {}
        for font, array, single, end in TOKENS.findall(data):
            if font:
                current = fonts.get(font.decode(), {})
            elif end:
                words.append("\n" if end == b"ET" else " ")
            for code in HEX.findall(array) if array else [single] if single else []:
                text = code.decode().upper()
                step = 4 if len(text) % 4 == 0 else 2
                words.append(
                    "".join(current.get(text[i : i + step], "") for i in range(0, len(text), step))
                )
    return re.sub(r"[ \t]+", " ", "".join(words))
