"""Vietnamese text helpers: diacritic folding for search and a collation key for sorting.

Search must find "Đông Anh" from "dong anh"; lists must sort in Vietnamese alphabetical order
(a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, then by tone), which neither byte order nor
SQLite know. Both keys are stored on the rows so that the database can filter and sort on them.
"""

import unicodedata

_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
# Combining marks for the five tones, in the conventional dictionary order (ngang first).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
# Marks that form distinct letters rather than tones.
_LETTER_MARKS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}


def fold(text: str) -> str:
    """Lower-case, strip every diacritic (đ → d) and collapse whitespace."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.split())


# Each search word becomes a condition of its own; past a few they narrow nothing, and a pasted paragraph
# would build a query deeper than the database accepts (found by tests/security/test_fuzz_forms.py).
MAX_SEARCH_WORDS = 8


def search_words(text: str) -> list[str]:
    """The first few distinct words of a search box, folded; NUL dropped (PostgreSQL refuses it in text)."""
    return list(dict.fromkeys(fold(text.replace("\x00", "")).split()))[:MAX_SEARCH_WORDS]


def _letters(text: str) -> list[tuple[str, int]]:
    """Split text into (base letter, tone) pairs, keeping ă â ê ô ơ ư đ as letters of their own."""
    result: list[tuple[str, int]] = []
    for ch in text.lower():
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
        tone = 0
        for mark in marks:
            if mark in _TONES:
                tone = _TONES[mark]
            else:
                base = _LETTER_MARKS.get((base, mark), base)
        result.append((base, tone))
    return result


def sort_key(text: str) -> str:
    """A string whose byte order is Vietnamese dictionary order: letters first, tones break ties."""
    pairs = _letters(" ".join(text.split()))
    letters = "".join(_encode(base) for base, _ in pairs)
    tones = "".join(str(tone) for _, tone in pairs)
    # The separator must sort below every encoded letter, so that a name precedes its own extensions
    # ("Xã An" before "Xã Anh", "Xã Hòa" before "Xã Hoa Sơn"): the space is free for that since word gaps
    # are encoded as "!".
    return f"{letters} {tones}"[:250]


def _encode(base: str) -> str:
    if base in _RANK:
        return chr(0x41 + _RANK[base])  # 'A'.. in alphabet order
    if base == " ":
        return "!"  # sorts before digits and letters, so "Ba Vì" precedes "Bac..."
    if base.isdigit():
        return "0" + base  # digits before letters, as in dictionaries
    return "~" + base  # anything else after letters
