"""Turn a place name as written into the key the gazetteer matches on.

The key survives the ways one Arabic (or other) name is written in English reporting: diacritics,
ayn and hamza marks, hyphens, the article in its assimilated forms (al-, ad-, ash-, ez- ...), Deir /
Dayr / Dair, Tal / Tell, Jabal / Jebel, Kafr / Kfar, ou / u, ee / i, ei / ai / ay, doubled
letters, final -ah / -eh, and Abu Kamal / Albukamal / Bukamal.
A trailing type word (Province, city, district ...) is not part of the key but kept as a hint of
which kind of place is meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

# Marks that stand for ayn, hamza or an apostrophe: dropped, never turned into a space.
_MARKS = re.compile("['`\u2018\u2019\u201b\u02bb\u02bc\u02bd\u02be\u02bf\u02c8\u00b4\u0060\u05f3]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_POSSESSIVE = re.compile("(?<=\\w\\w)['\u2019]s$")
_DOUBLED = re.compile(r"([a-z])\1+")

ARTICLES: frozenset[str] = frozenset(
    {
        "al", "el", "il", "ul", "ad", "adh", "ar", "as", "ash", "at", "ath", "az",
        "an", "ed", "er", "es", "esh", "et", "ez", "en",
    }
)  # fmt: skip

# Type words a writer appends to a name, mapped to the kind of place they point at.
SUFFIX_HINTS: dict[str, str] = {
    "province": "admin",
    "governorate": "admin",
    "governorat": "admin",
    "muhafazah": "admin",
    "countryside": "admin",
    "region": "region",
    "area": "region",
    "district": "district",
    "subdistrict": "district",
    "municipality": "district",
    "city": "populated",
    "town": "populated",
    "village": "populated",
}
# "the city of X", "province of X": the same hints, written in front.
PREFIX_HINTS: dict[str, str] = {
    "city of": "populated",
    "town of": "populated",
    "village of": "populated",
    "province of": "admin",
    "governorate of": "admin",
}
# Words that place an event inside a named area ("eastern Homs", "rural Idlib"): tried away only
# when the whole name does not match, since "North Korea" and "West Bank" are names themselves.
DIRECTION_WORDS: frozenset[str] = frozenset(
    {
        "north", "south", "east", "west", "northern", "southern", "eastern", "western",
        "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern",
        "southeastern", "southwestern", "central", "rural", "greater", "outer", "inner",
    }
)  # fmt: skip

_DEIR = frozenset({"deir", "dayr", "dair", "deyr", "der", "dier"})
# Common first words of Levantine place names, each written several ways.
_WORD_FORMS: dict[str, str] = {
    **dict.fromkeys(("tal", "tel", "tell", "tall", "til"), "tal"),  # hill, mound
    **dict.fromkeys(("jabal", "jebel", "jabel", "djebel", "gebel", "jbel"), "jabal"),  # mountain
    **dict.fromkeys(("kafr", "kfar", "kafar", "kefr", "kfr"), "kafr"),  # village
    **dict.fromkeys(("khirbat", "khirbet", "khirbit", "khirbeh", "kherbet"), "khirbat"),  # ruin
    **dict.fromkeys(("shaykh", "sheikh", "sheik", "shaikh", "cheikh", "shekh"), "shaykh"),
    **dict.fromkeys(("qalat", "qalaat", "kalaat", "kalat", "qalaa"), "qalat"),  # castle
}
_ABU = ("albu", "abou", "abu", "bou")
_ABU_START = re.compile(r"(?:^| )(?:ab|al|bu|bo)")


@dataclass(frozen=True, slots=True)
class NameKey:
    """A name split into its matching key, its full key (article and type word kept) and a type hint."""

    key: str
    full: str
    hint: str | None = None
    article: bool = False  # an article was dropped to form `key`


def _ascii_tokens(name: str) -> list[str]:
    name = _POSSESSIVE.sub("", name)  # "Syria's" -> "Syria"; "Ra's al-Ayn" keeps its apostrophe
    if name.isascii():
        text = name.lower()
    else:
        text = anyascii(_MARKS.sub("", name)).lower()
    # Apostrophes stand for ayn and hamza (and anyascii writes some marks that way): dropped.
    text = text.replace("'", "").replace("`", "")
    return _NON_ALNUM.sub(" ", text).split()


@lru_cache(maxsize=131072)
def _spell(token: str) -> str:
    """Fold the spelling variants of one word onto one form."""
    if token in _DEIR:
        return "dayr"
    if token in _WORD_FORMS:
        return _WORD_FORMS[token]
    if token.isdigit():
        return token
    t = token.replace("ou", "u").replace("oo", "u").replace("ee", "i")
    t = t.replace("ei", "ay").replace("ai", "ay")
    t = _DOUBLED.sub(r"\1", t)
    if len(t) > 3 and (t.endswith("ah") or t.endswith("eh")):
        t = t[:-2] + "a"
    return t


def _merge_abu(tokens: list[str]) -> list[str]:
    """Write every Abu / Albu / Bou form as one word starting with "bu" ("Abu Kamal" -> "bukamal")."""
    if not _ABU_START.search(" ".join(tokens)):
        return tokens
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok in ("abu", "abou", "bu", "bou", "albu") and i + 1 < len(tokens):
            nxt = tokens[i + 1]
            if nxt in ARTICLES and i + 2 < len(tokens):  # "Abu al-Duhur" -> "buduhur"
                nxt = tokens[i + 2]
                i += 1
            out.append("bu" + nxt)
            i += 2
            continue
        for prefix in _ABU:
            if tok.startswith(prefix) and len(tok) > len(prefix) + 2:
                tok = "bu" + tok[len(prefix) :]
                break
        out.append(tok)
        i += 1
    return out


@lru_cache(maxsize=200_000)
def name_key(name: str) -> NameKey:
    """Split `name` into its matching key, full key and type hint."""
    tokens = _ascii_tokens(name)
    hint: str | None = None
    if len(tokens) > 1 and tokens[0] == "the":
        tokens = tokens[1:]
    spelled = [_spell(t) for t in tokens]
    full = " ".join(_merge_abu(spelled))
    if len(tokens) > 2 and tokens[1] == "of" and f"{tokens[0]} of" in PREFIX_HINTS:
        hint = PREFIX_HINTS[f"{tokens[0]} of"]
        tokens, spelled = tokens[2:], spelled[2:]
    while len(tokens) > 1 and tokens[-1] in SUFFIX_HINTS:
        hint = hint or SUFFIX_HINTS[tokens[-1]]
        tokens = tokens[:-1]
    last = len(tokens) - 1
    kept = [spelled[i] for i, t in enumerate(tokens) if not (t in ARTICLES and i < last)]
    if hint is None and len(kept) == len(spelled):  # nothing dropped: the key is the full form
        return NameKey(full, full, None, False)
    return NameKey(" ".join(_merge_abu(kept)), full, hint, len(kept) != len(tokens))


def normalize_name(name: str) -> str:
    """Return the matching key of `name`: lower-case ASCII, robust to transliteration."""
    return name_key(name).key


# Feature words written after a name ("Kweires airbase", "Omar oil field"): when the whole phrase
# is not a known name, the name alone is looked up and only features of these codes are kept.
FEATURE_SUFFIXES: dict[str, frozenset[str]] = {
    "airbase": frozenset({"AIRB", "AIRF", "AIRP", "AIRH"}),
    "air base": frozenset({"AIRB", "AIRF", "AIRP", "AIRH"}),
    "airport": frozenset({"AIRB", "AIRF", "AIRP", "AIRH"}),
    "military airport": frozenset({"AIRB", "AIRF", "AIRP", "AIRH"}),
    "airfield": frozenset({"AIRB", "AIRF", "AIRP", "AIRH"}),
    "dam": frozenset({"DAM"}),
    "oil field": frozenset({"OILF", "GASF"}),
    "oilfield": frozenset({"OILF", "GASF"}),
    "gas field": frozenset({"OILF", "GASF"}),
    "field": frozenset({"OILF", "GASF"}),
    "crossing": frozenset({"PSTB"}),
    "border crossing": frozenset({"PSTB"}),
    "base": frozenset({"MILB", "AIRB", "NVB"}),
    "military base": frozenset({"MILB", "AIRB", "NVB"}),
    "camp": frozenset({"CMPRF", "MILB"}),
    "island": frozenset({"ISL"}),
    "river": frozenset({"STM"}),
    "castle": frozenset({"CSTL"}),
    "citadel": frozenset({"CSTL"}),
}


def strip_feature_word(name: str) -> tuple[str, frozenset[str]] | None:
    """Split "Kweires airbase" into ("Kweires", airbase codes); None without such a trailing word."""
    words = name.split()
    for n in (2, 1):
        if len(words) > n:
            tail = " ".join(words[-n:]).lower()
            if tail in FEATURE_SUFFIXES:
                return " ".join(words[:-n]), FEATURE_SUFFIXES[tail]
    return None


def strip_direction(name: str) -> str | None:
    """Return `name` without a leading direction word ("eastern Homs" -> "Homs"), or None."""
    parts = name.split(None, 1)
    if len(parts) == 2 and parts[0].lower() in DIRECTION_WORDS:
        return parts[1]
    return None


# The fallback key: the name with the vowels English writes a dozen ways for one Arabic, Kurdish or
# Turkish vowel folded into three (a/e, i, o/u), consonants kept in place and no vowel dropped:
# "Adra" (adra) and "Dar'a" (dara) stay apart. Chosen on the name-variant test set
# (`frontline eval name-variants`): one vowel for all joins more spellings but merges twice as many
# different places ("Jaza" and "Jiza").
_SKELETON_CONSONANTS = (("dj", "j"), ("q", "k"), ("ph", "f"), ("ch", "sh"), ("gh", "g"), ("x", "ks"))
_SKELETON_VOWELS = {"a": "a", "e": "a", "i": "i", "o": "u", "u": "u"}
_VOWEL_RUN = re.compile(r"[aeiou]+")
_DIPHTHONG = re.compile(r"aw(?![aeiou])")  # "Zawr" / "Zor"
_GLIDE = re.compile(r"(?<=[^aeiou])y(?=[aeiou])|(?<=i)y(?=[aeiou])")  # "Abyad" / "Abiad", "-iyah" / "-ieh"
_JOINED_ARTICLE = re.compile(r"^(?:al|el|ul)(?=[a-z]{3})|^([aeu])([tdrszln])\2(?=[a-z]{2})")
SKELETON_PREFIX = "~"  # skeleton keys share the index's key table; the prefix keeps them apart


def _skeleton_token(token: str, first: bool) -> str:
    if not token.isalpha():
        return token
    if not first:
        token = _JOINED_ARTICLE.sub(lambda m: m.group(2) or "", token)  # "Elfijeh", "Ezzor", "Assukkariya"
    for old, new in _SKELETON_CONSONANTS:
        token = token.replace(old, new)
    if len(token) > 3 and token.endswith("e") and token[-2] not in "aeiouy":
        token = token[:-1]  # French spellings: "Afrine", "Akhtareine"
    token = _GLIDE.sub("i", _DIPHTHONG.sub("o", token))
    token = _VOWEL_RUN.sub(lambda m: _SKELETON_VOWELS[m.group(0)[0]], token)
    return _DOUBLED.sub(r"\1", token)


@lru_cache(maxsize=200_000)
def skeleton_key(name: str) -> str:
    """Return the vowel-folded fallback key of `name` ("Qodsayya" and "Qudsaya" -> "kudsaya"), or "".

    Built on the matching key (articles and type words gone, Deir/Tal/Kafr folded), then q/k,
    dj/j, ch/sh folded, a joined article dropped inside the name ("Ein Elfijeh"), y between a
    consonant and a vowel read as i, "aw" before a consonant as o, and each run of vowels written
    by the class of its first (a/e, i, o/u). Names of fewer than four letters get none.
    """
    return skeleton_from_key(name_key(name).key)


@lru_cache(maxsize=200_000)
def skeleton_from_key(key: str) -> str:
    """Return the skeleton of a matching key (see `skeleton_key`)."""
    out = " ".join(_skeleton_token(t, i == 0) for i, t in enumerate(key.split()))
    return out if len(out.replace(" ", "")) >= 4 else ""
