"""Find the stretches of a text that name places: gazetteer matching, spaCy NER and context cues.

spaCy's small English model misses or mislabels many conflict towns (it tags "Mayadin" as a
PERSON), so recognition does not lean on NER: every run of capitalised words is matched against
the gazetteer (longest first), words such as "Province" or "city" around a name are read as
hints, and NER is used to add names the gazetteer lacks and to veto matches inside person
names. Common words that happen to be village names somewhere ("March", "Police") need NER
support before they count.
"""

from __future__ import annotations

import bisect
import functools
import logging
import re
from collections.abc import Sequence
from importlib import resources
from typing import TYPE_CHECKING, Protocol

from frontline.geo.types import Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from frontline.model import Place

log = logging.getLogger(__name__)

MAX_WORDS = 6

# Lower-case words allowed inside a multi-word place name ("Deir ez-Zor", "Isle of Man").
CONNECTORS = frozenset(
    "of de del della di da do dos das du des la le les el al ad ar as ash az ez es en ibn bin "
    "and upon on the y van von den der sur am im an zum zur".split()
)
# Words after a name that make it an administrative area, a city or water, and are not part of the lookup.
ADMIN_WORDS = frozenset(
    "province governorate governate region district county parish oblast prefecture canton "
    "municipality subdistrict".split()
)
# Type words of second-level units (counties, districts); the rest of ADMIN_WORDS name first-level ones.
DISTRICT_WORDS = frozenset("district county parish municipality subdistrict".split())
CITY_WORDS = frozenset("city town village".split())
WATER_WORDS = frozenset("river lake sea".split())
DIRECTION_PREFIXES = frozenset(
    "north south east west northern southern eastern western central northeast northwest southeast "
    "southwest northeastern northwestern southeastern southwestern greater upper lower".split()
)
# Titles before a capitalised word make it a person, not a place.
PERSON_TITLES = frozenset(
    "mr mrs ms miss dr sen gov rep gen col lt capt sgt pres president senator governor mayor judge "
    "rev father sister brother sheikh imam prince king queen lord lady sir minister commander "
    "officer detective coach chief".split()
)
NER_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Words that make a name an organisation whatever label NER gives it ("Syrian Observatory for Human Rights").
ORG_WORDS = frozenset(
    "observatory rights ministry council committee commission agency organization organisation association "
    "party army forces front brigade brigades battalion movement union coalition company corporation bank "
    "institute foundation network news press agency court police department office university".split()
)
SAINT_WORDS = frozenset({"St", "Ste", "Mt", "Ft", "Pt"})

# Lower-case feature words that belong to the name before them when the gazetteer knows the whole:
# "al-Omar oil field", "Tabqa dam", "Kuweires air base" (else "al-Omar" alone matches a village).
_FEATURE_TAIL = re.compile(
    r"[ -](?:oil ?fields?|gas ?fields?|air ?base|airbase|military airport|airport|dam|border crossing|crossing)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_](?:[\w'’\-]*\w)?", re.UNICODE)
_CITY_OF = re.compile(r"\b(?:city|town|village|province|governorate|region|district) of\s+$", re.IGNORECASE)


class NameIndex(Protocol):
    """The part of the gazetteer recognition needs."""

    def is_name(self, name: str) -> bool: ...


@functools.cache
def not_places() -> frozenset[str]:
    """Return the curated capitalised words that need NER support before they count as places."""
    text = resources.files("frontline.geo").joinpath("data/not_places.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@functools.cache
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _is_cap(word: str) -> bool:
    """Return True for a word that can start or end a name: "Homs", "U.S.", "ez-Zor", "al-Bab"."""
    if word[:1].isupper():
        return True
    head, _, tail = word.partition("-")
    return bool(tail) and head.lower() in CONNECTORS and tail[:1].isupper()


def _strip_apostrophe_s(text: str) -> str:
    for suffix in ("'s", "’s"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def _sentence_initial(text: str, start: int) -> bool:
    """Return True when only punctuation, quotes or nothing stands between `start` and a sentence end."""
    i = start - 1
    while i >= 0 and text[i] in " \t\"'“‘(«":
        i -= 1
    return i < 0 or text[i] in ".!?\n:"


def _after_title(text: str, start: int) -> bool:
    before = text[max(0, start - 14) : start].rstrip()
    word = re.findall(r"([A-Za-z]+)\.?$", before)
    return bool(word) and word[-1].lower() in PERSON_TITLES


_LOWER_AFTER_HYPHEN = re.compile(r"-(?=[a-z])")
# Signs that transliterations of Arabic write for the letters ayn and hamza, at the start of a word.
_AYN_MARKS = frozenset("‘’'ʿʾ`")


class _Words:
    """Word tokens of a text with their offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.words: list[str] = []
        for m in _WORD.finditer(text):
            word = m.group()
            # "Gainesville-area", "Homs-based": the name ends at the hyphen; "ez-Zor", "Winston-Salem" do not.
            cut = _LOWER_AFTER_HYPHEN.search(word) if "-" in word else None
            if cut and word[: cut.start()].lower() not in CONNECTORS:
                word = word[: cut.start()]
            self.starts.append(m.start())
            self.ends.append(m.start() + len(word))
            self.words.append(word)

    def joinable(self, i: int) -> bool:
        """Return True when word i and word i+1 are separated by a single space or hyphen ("St. Louis" too)."""
        gap = self.text[self.ends[i] : self.starts[i + 1]]
        if len(gap) == 2 and gap[0] in " -" and gap[1] in _AYN_MARKS:
            return True  # "‘Ayn ‘Issa", "Ra’s al-‘Ayn": a word may open with the ayn or hamza sign
        return gap in (" ", "-", "- ", " - ") or (gap == ". " and self.words[i] in SAINT_WORDS)


def _hint_for(words: Sequence[str]) -> tuple[str, int]:
    """Return (hint, number of trailing words to drop) from a name's last word."""
    last = words[-1].lower()
    if last in DISTRICT_WORDS:
        return "district", 1
    if last in ADMIN_WORDS:
        return "admin", 1
    if last in CITY_WORDS:
        return "city", 1
    if last in WATER_WORDS:
        return "water", 1
    return "", 0


@functools.cache
def _abbreviation_pattern() -> "re.Pattern[str]":
    from frontline.geo.resolve import abbreviations

    keys = sorted(abbreviations(), key=len, reverse=True)
    # "W. Va." and "W.Va." are one abbreviation: a space may follow each inner period.
    alts = "|".join(re.escape(k).replace(r"\.", r"\.\ ?").rstrip("?").rstrip("\\ ") for k in keys)
    return re.compile(rf"(?<![\w.])(?:{alts})(?![\w])")


def abbreviation_mentions(text: str) -> list[Mention]:
    """Find place abbreviations: countries ("U.S.", "UK") anywhere, states ("Ga.") after a comma."""
    from frontline.geo.resolve import abbreviations

    table = abbreviations()
    found: list[Mention] = []
    for m in _abbreviation_pattern().finditer(text):
        key = m.group().replace(" ", "")
        entry = table.get(key)
        if entry is None:
            continue
        if entry[1] and not re.search(r"(?:, |\b(?:in|of|from|near) )$", text[max(0, m.start() - 6) : m.start()]):
            continue  # "Ga." or "Ind." alone is too often something else
        found.append(Mention(m.start(), m.end(), m.group(), key, "abbreviation"))
    return found


_STREET = re.compile(
    r"\b((?:[A-Z][\w'’.-]*\s+){0,3}(?:[A-Z][\w'’.-]*|\d+(?:st|nd|rd|th)))\s+"
    # "Court" and "Highway" are left out: "Superior Court", "Florida Highway Patrol" are institutions.
    r"(Street|St\.|Avenue|Ave\.|Road|Rd\.|Drive|Boulevard|Blvd\.|Lane|Parkway|Pkwy\.|"
    r"Square|Trail|Pike|Circle|Terrace)(?![\w-])"
)


def street_mentions(text: str) -> list[Mention]:
    """Find named streets and squares ("Main Street", "North Cooper St.", "Washington Square").

    The gazetteer holds no streets; resolution places one at the town the text names nearest
    to it. Leading sentence words ("On Main Street") are not part of the name.
    """
    found: list[Mention] = []
    stops = _stop_words()
    for m in _STREET.finditer(text):
        start = m.start(1)
        words = m.group(1).split()
        while words and (words[0].lower() in stops or words[0].lower() in PERSON_TITLES):
            start = text.index(words[1], start + len(words[0])) if len(words) > 1 else m.end(1)
            words = words[1:]
        if not words:
            continue
        found.append(Mention(start, m.end(), text[start : m.end()], text[start : m.end()], "street", "street", "", 0.6))
    return found


def gazetteer_mentions(text: str, index: NameIndex) -> list[Mention]:
    """Match runs of capitalised words against the gazetteer, longest first, without any NLP model."""
    w = _Words(text)
    n = len(w.words)
    blocked = not_places()
    stops = _stop_words()
    mentions: list[Mention] = abbreviation_mentions(text)
    taken = [(m.start, m.end) for m in mentions]
    i = 0
    while i < n:
        if any(s <= w.starts[i] < e for s, e in taken):
            i += 1
            continue
        if not _is_cap(w.words[i]):
            i += 1
            continue
        # The longest run of joinable words starting here, capitalised or connectors.
        j = i
        while j + 1 < n and j + 1 - i < MAX_WORDS and w.joinable(j):
            nxt = w.words[j + 1]
            if _is_cap(nxt) or nxt.lower() in CONNECTORS or "-" in w.text[w.ends[j] : w.starts[j + 1]]:
                j += 1
            else:
                break
        if _after_title(w.text, w.starts[i]) or w.words[i].lower() == "the":
            i += 1  # "Gen. Jackson", "The Hill": no run starting here is a place
            continue
        before = w.text[max(0, w.starts[i] - 30) : w.starts[i]]
        type_hint = ""
        if _CITY_OF.search(before):
            type_hint = "city" if re.search(r"(city|town|village) of\s+$", before, re.I) else "admin"
        found: Mention | None = None
        for k in range(j, i - 1, -1):
            if not _is_cap(w.words[k]):
                continue  # a name never ends on a connector
            found = _feature_match(w, i, k, index)
            if found is not None:
                break
            found = _match(w, i, k, index, blocked, stops, type_hint)
            if found is not None:
                break
        if found is None:
            i += 1
            continue
        mentions.append(found)
        while i < n and w.starts[i] < found.end:
            i += 1
    mentions.sort(key=lambda m: m.start)
    return mentions


def _feature_match(w: _Words, i: int, k: int, index: NameIndex) -> Mention | None:
    """Return a mention for words i..k plus a following feature word ("oil field") the gazetteer knows."""
    tail = _FEATURE_TAIL.match(w.text, w.ends[k])
    if tail is None:
        return None
    surface = w.text[w.starts[i] : tail.end()]
    if not index.is_name(surface):
        return None
    return Mention(w.starts[i], tail.end(), surface, surface, "gazetteer", "", "", 1.0)


def _match(
    w: _Words, i: int, k: int, index: NameIndex, blocked: frozenset[str], stops: frozenset[str], hint: str = ""
) -> Mention | None:
    """Return a mention for words i..k when they (or they less a type word) name a gazetteer place.

    The caller has ruled out runs after a title or starting with "the"; `hint` is what the words
    before the run say ("the city of" gives "city").
    """
    text = w.text
    start, end = w.starts[i], w.ends[k]
    surface = _strip_apostrophe_s(text[start:end])
    end = start + len(surface)
    words = w.words[i : k + 1]
    single = k == i
    if index.is_name(surface):
        low = surface.lower()
        if single and (low in blocked or low in stops):
            return None
        if single and _sentence_initial(text, start) and (low in stops or surface.isupper() and len(surface) <= 2):
            return None
        word_hint, _ = _hint_for(words) if not single else ("", 0)
        weight = 0.6 if single and _sentence_initial(text, start) else 1.0
        if not (word_hint or hint) and _city_suffix(text, end):
            hint = "city"
        return Mention(start, end, surface, surface, "gazetteer", word_hint or hint, "", weight)
    if not single:
        word_hint, drop = _hint_for(words)
        if drop:
            query_end = w.ends[k - drop]
            query = text[start:query_end]
            if index.is_name(query):
                return Mention(start, end, surface, query, "pattern", word_hint)
        if words[0].lower() in DIRECTION_PREFIXES:
            query = _strip_apostrophe_s(text[w.starts[i + 1] : end])
            if index.is_name(query):
                return Mention(w.starts[i + 1], end, query, query, "gazetteer", hint)
    return None


# A lower-case first-level unit word right after a name ("Idlib province"); the capitalised form is read
# with the name. Not "district": a district is most often written for the town it is named after.
_ADMIN_AFTER = re.compile(r"(?:['’]s)?\s+(?:province|governorate|governate|oblast)\b")


def _city_suffix(text: str, end: int) -> bool:
    return bool(re.match(r"\s+(?:city|town|village)\b", text[end : end + 10]))


# Entity labels under which a capitalised word is not a place, whatever the gazetteer says.
NOT_PLACE_LABELS = frozenset(
    {"PERSON", "ORG", "NORP", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW", "LANGUAGE", "DATE", "TIME", "MONEY",
     "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL"}
)  # fmt: skip
# Words before a name that make it a place: "in Mayadin", "the city of Mayadin", "near Homs".
LOCATIVE_CUES = frozenset(
    "in at near from outside inside across into toward towards around between throughout outskirts on "
    "entered captured seized shelled bombed liberated reached besieged target targets targeted targeting "
    "hit hits struck attacked stormed bombarded raided shelling bombing airstrikes strikes "
    "northern southern eastern western rural north south east west northeast northwest southeast southwest "
    "countryside desert".split()
)
# "the countryside of X", "the outskirts of X": "of" after these nouns is locative too.
PLACE_NOUNS = frozenset(
    "city town village province governorate region district area areas countryside outskirts vicinity "
    "suburbs edge center centre desert north south east west neighbourhood neighborhood "
    "battle siege people residents front fronts road axis massacre northeast northwest southeast southwest".split()
)
# A name followed by one of these is a place: "Manbij countryside", "Homs desert", "Jobar neighborhood".
_PLACE_WORD_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:(?:north|south|east|west)(?:ern)?\s+)?"
    r"(?:countryside|countrysides|desert|outskirts|suburbs|neighbou?rhoods?|district|governorate|province|area|"
    r"massacre|fronts?)\b",
    re.IGNORECASE,
)
# A name in apposition to a seat is a place: "el-Fula, the capital of West Kordofan state".
_CAPITAL_OF_AFTER = re.compile(
    r",\s+(?:the\s+)?(?:(?:state|provincial|regional|district|county|administrative)\s+)?(?:capital|seat)\s+of\b", re.IGNORECASE
)
# Labels of names that may hold a place ("the Texas Forest Service", "Gainesville Police").
PART_OK_LABELS = frozenset({"ORG", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW", "FAC"})
STRONG_CODES = frozenset({"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "TERR", "ADM1", "PPLC", "PPLA", "CONT"})
STRONG_POPULATION = 100_000
COMMON_STRONG_POPULATION = 300_000  # the bar for a name that is also an ordinary English word
COUNTRY_CODES = frozenset({"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "TERR"})


class PlaceIndex(NameIndex, Protocol):
    """The part of the gazetteer recognition with a parse needs."""

    def lookup(self, name: str, *, country: str | None = None, limit: int = 25) -> "list[Place]": ...

    def demonym(self, word: str) -> "Place | None": ...


def _strong(index: PlaceIndex, query: str) -> bool:
    """Return True when a bare name is prominent enough to be a place without other evidence.

    Only a place whose own name this is counts: GeoNames lists odd alternate names ("Way" for
    Weifang, "Youth" for Bayanhongor) that would make ordinary words prominent places. An
    ordinary English word ("Metro", "Reading") must name a very large place to stand alone.
    """
    from frontline.gazetteer import normalize_name

    key = normalize_name(query)
    common = _common_word(query)
    for place in index.lookup(query, limit=5):
        if normalize_name(place.name) != key:
            continue
        if common and place.population < COMMON_STRONG_POPULATION and place.feature_code not in COUNTRY_CODES:
            continue
        if place.feature_code in STRONG_CODES or place.population >= STRONG_POPULATION:
            return True
    return False


def _curated(index: PlaceIndex, query: str) -> bool:
    """Return True when a name belongs to a feature of a theatre supplement (curated, not a GeoNames row)."""
    return any(not place.gazetteer_id.startswith("geonames:") for place in index.lookup(query, limit=5))


_ACRONYM = re.compile(r"[A-Z]{2,5}|[A-Z][A-Za-z]*[a-z][A-Z][A-Za-z]*")
COMMON_ZIPF = 4.0  # a word at least this frequent in English (Zipf scale) is an ordinary word first


def _acronym(surface: str) -> bool:
    """Return True for a short all-capitals word or one with capitals inside ("NATO", "UConn", "MoD")."""
    return " " not in surface and bool(_ACRONYM.fullmatch(surface))


def _written_so(index: PlaceIndex, query: str, surface: str) -> bool:
    """Return True when a place is written exactly `surface`, capitals and all ("NoMa", "NYC")."""
    return any(surface == p.name or surface in p.alternate_names for p in index.lookup(query, limit=10))


@functools.cache
def _common_word(surface: str) -> bool:
    """Return True for a single word common in English ("Easter", "Competition", "Central").

    Such a word after "in" or "at" is still most often not a place unless NER says so; the
    frequency table comes from the wordfreq package and is read on first use.
    """
    if " " in surface or "-" in surface:
        return False
    from wordfreq import zipf_frequency

    return zipf_frequency(surface.lower(), "en") >= COMMON_ZIPF


class _Tokens:
    """Token lookup by character offset for one parsed document (Doc.char_span scans every token)."""

    def __init__(self, doc: "Doc") -> None:
        self.doc = doc
        self.starts = doc.to_array("IDX").tolist()  # one array, not a Token object per word

    def index(self, char: int) -> int:
        """Return the index of the token that holds character `char`."""
        return max(0, bisect.bisect_right(self.starts, char) - 1)

    def proper(self, start: int, end: int) -> bool:
        """Return True when a token over [start, end) is a proper noun."""
        first, last = self.index(start), self.index(max(start, end - 1))
        return any(self.doc[i].pos_ == "PROPN" for i in range(first, last + 1))


def _cue_before(tokens: _Tokens, start: int) -> bool:
    """Return True when a locative word comes just before the character offset `start`."""
    doc = tokens.doc
    at = tokens.index(start)
    if at == 0:
        return False
    i = at - 1
    if doc[i].lower_ in ("the", "a", "an") and i >= 1:
        i -= 1
    if doc[i].lower_ == "of" and i >= 1:
        return doc[i - 1].lower_ in PLACE_NOUNS
    return doc[i].lower_ in LOCATIVE_CUES


def _comma_after(text: str, end: int, accepted: Sequence[tuple[int, int]]) -> bool:
    """Return True for "X, <place already accepted>" ("Paris, Tenn.")."""
    if not text.startswith(", ", end):
        return False
    return any(s == end + 2 for s, _ in accepted)


_CONJUNCTION = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s+)")


def _coordinated(text: str, m: Mention, accepted: Sequence[tuple[int, int]]) -> bool:
    """Return True when `m` is listed with an accepted place ("Hama and Idlib", "Douma, Harasta")."""
    for s, e in accepted:
        if e <= m.start and _CONJUNCTION.fullmatch(text[e : m.start]):
            return True
        if m.end <= s and _CONJUNCTION.fullmatch(text[m.end : s]):
            return True
    return False


def recognize(text: str, index: PlaceIndex, doc: "Doc | None" = None, *, demonyms: bool = False) -> list[Mention]:
    """Return the place mentions of `text`, using the parsed `doc` for evidence when given.

    With a parse, a gazetteer match counts when NER calls it a place, when it has several words
    or a type word, or when it is a proper noun with a locative word before it, a place after
    it ("X, Ga."), or a prominent reading (a country, a province, a city of 100k). Matches inside
    names of people or organisations do not count, except a one-word "person" after a
    locative word (the small model's usual mistake on Arabic town names). A name accepted once
    is accepted wherever else the document uses it.
    """
    mentions = gazetteer_mentions(text, index)
    if doc is None:
        return _finish(text, mentions)
    ner_places: list[tuple[int, int, str]] = []
    other_ents: list[tuple[int, int, str, int]] = []
    person_words: set[str] = set()
    for ent in doc.ents:
        if ent.label_ in NER_PLACE_LABELS:
            ner_places.append((ent.start_char, ent.end_char, ent.label_))
        elif ent.label_ in NOT_PLACE_LABELS:
            other_ents.append((ent.start_char, ent.end_char, ent.label_, len(ent)))
            if ent.label_ == "PERSON" and len(ent) >= 2:
                person_words.update(t.text for t in ent)
    tokens = _Tokens(doc)
    accepted: list[tuple[Mention, float]] = []
    pending: list[Mention] = []
    for m in mentions:
        if " " not in m.text and is_demonym(m.text, index):
            continue  # "Syrian", "Ukrainians": the people or a side; --demonyms reads them through NER
        if m.kind == "abbreviation":
            accepted.append((m, 1.0))
            continue
        if _acronym(m.text) and not _written_so(index, m.query, m.text):
            continue  # "NATO", "MoD": an organisation's letters that match a village's name by accident
        supported = any(s <= m.start and m.end <= e or m.start <= s and e <= m.end for s, e, _ in ner_places)
        label = next((lab for s, e, lab in ner_places if s <= m.start and m.end <= e), "")
        # An ordinary word NER calls a building ("at Easter", "at Metro stores") is not a place either.
        weak = _common_word(m.text) and not _strong(index, m.query) and (label == "FAC" or not _cue_before(tokens, m.start))
        if supported and not weak:
            accepted.append((_with(m, label=label), 1.0))
            continue
        blocker = next(((s, e, lab, n) for s, e, lab, n in other_ents if s <= m.start and m.end <= e), None)
        cue = (
            _cue_before(tokens, m.start)
            or m.hint in ("city", "admin")
            or bool(_PLACE_WORD_AFTER.match(text, m.end))
            or bool(_CAPITAL_OF_AFTER.match(text, m.end))
            or (text.startswith(", ", m.end) and any(s == m.end + 2 for s, _, _ in ner_places))
        )
        if blocker is not None:
            s, e, lab, n = blocker
            whole = (s, e) == (m.start, m.end) or text[s:e].lower() == "the " + m.text.lower()
            # "the city of Khan Shaykhun", "al-Bab city" or a theatre's own feature ("Jabal al-Akrad")
            # read as a person: the cue or the curated name outweighs the label.
            curated = whole and (" " in m.text.strip() or "-" in m.text) and _curated(index, m.query)
            if lab == "PERSON" and (n > 1 or m.text in person_words) and not (whole and cue or curated):
                continue
            if lab in ("PERSON", "NORP", "LANGUAGE") or (whole and lab in PART_OK_LABELS):
                # "Mayadin" tagged PERSON after "city of", "Lancaster" tagged ORG after "in": the small
                # model's mistakes on bare town names; a locative word or a prominent place overrules it.
                if (cue and not _common_word(m.text)) or curated or (lab != "ORG" and _strong(index, m.query)):
                    accepted.append((_with(m, label=lab), 0.8))
                else:
                    pending.append(m)
                continue
            if whole and cue:
                # "the town of Mayadeen" or "in Mayadeen" read as a DATE: the cue outweighs the label.
                accepted.append((_with(m, label=lab), 0.8))
                continue
            if lab not in PART_OK_LABELS:
                continue
            # A place inside an organisation's name ("Texas Forest Service") is still that place.
        if " " not in m.text and m.text in person_words:
            continue  # a surname met again alone ("Henry's arrest") is the person
        multi = " " in m.text or m.kind == "pattern" or bool(m.hint)
        proper = tokens.proper(m.start, m.end)
        if multi and proper:
            accepted.append((m, 0.9))
        elif proper and _strong(index, m.query):
            accepted.append((m, 0.8))
        elif proper and cue and not _common_word(m.text):
            accepted.append((m, 0.9))
        else:
            pending.append(m)
    # A name accepted once is the same place elsewhere in the document.
    names = {m.query for m, _ in accepted}
    spans = [(m.start, m.end) for m, _ in accepted]
    kept: list[Mention] = [_with(m, weight=min(m.weight, w)) for m, w in accepted]
    # Lists grow one link at a time: "Zabadani, Madaya, Beqin and Kafriya" once Zabadani is in.
    rest = list(pending)
    while rest:
        taken = [m for m in rest if m.query in names or _comma_after(text, m.end, spans) or _coordinated(text, m, spans)]
        if not taken:
            break
        for m in taken:
            kept.append(_with(m, weight=min(m.weight, 0.8)))
            spans.append((m.start, m.end))
        rest = [m for m in rest if m not in taken]
    covered = [(m.start, m.end) for m in kept]
    for s, e, label in ner_places:
        if any(cs < e and s < ce for cs, ce in covered):
            continue
        surface = _strip_apostrophe_s(text[s:e])
        if surface.lower().startswith("the "):
            s += 4
            surface = surface[4:]
        if not surface or surface.lower() in not_places():
            continue
        words = surface.split()
        if len(words) > 1 and any(word.lower() in ORG_WORDS for word in words):
            continue
        hint, drop = _hint_for(words)
        query = " ".join(words[:-drop]) if drop and len(words) > drop else surface
        if len(words) == 1 and is_demonym(surface, index):
            # "Ukrainian" tagged GPE names a side, not Ukrainian Village, Illinois: a demonym or nothing.
            if demonyms:
                kept.append(Mention(s, s + len(surface), surface, surface, "demonym", "demonym", "NORP", 0.6))
            continue
        if len(words) == 1 and not index.lookup(query, limit=1):
            continue  # a one-word "place" no gazetteer knows is most often a mislabelled name
        if len(words) == 1 and label == "FAC" and _common_word(surface) and not _strong(index, query):
            continue  # "at Easter", "at Metro stores": an ordinary word NER took for a building
        kept.append(Mention(s, s + len(surface), surface, query, "ner", hint, label, 0.7))
    kept.extend(street_mentions(text))
    if demonyms:
        from frontline.geo.resolve import demonym_places

        for ent in doc.ents:
            if ent.label_ != "NORP" or any(m.start < ent.end_char and ent.start_char < m.end for m in kept):
                continue
            if demonym_places(ent.text, index):  # type: ignore[arg-type]
                kept.append(Mention(ent.start_char, ent.end_char, ent.text, ent.text, "demonym", "demonym", "NORP", 0.6))
    return _finish(text, kept)


def is_demonym(word: str, index: PlaceIndex) -> bool:
    """Return True for a word for a people or a side ("Syrian", "Ukrainians", "Kurdish"), not a place name.

    A town somewhere called "Ukrainian" never wins over the people: the country table's demonyms
    and the curated words of geo/data/demonyms.tsv decide.
    """
    from frontline.geo.resolve import region_demonyms

    w = word.strip().strip("'’").lower()
    if not w.isalpha() or not word[:1].isupper():
        return False
    for form in (w, w[:-1] if w.endswith("s") else ""):
        if form and (index.demonym(form) is not None or form in region_demonyms()):
            return True
    return False


def _with(m: Mention, **changes: object) -> Mention:
    from dataclasses import replace

    return replace(m, **changes)  # type: ignore[arg-type]


def _finish(text: str, mentions: list[Mention]) -> list[Mention]:
    """Sort mentions and add the 'city' hint that follows a name ("Deir ez-Zor city")."""
    out: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if out and m.start < out[-1].end:
            continue
        if not m.hint and _city_suffix(text, m.end):
            m = _with(m, hint="city")
        elif not m.hint and m.kind not in ("demonym", "street", "abbreviation"):
            unit = _ADMIN_AFTER.match(text, m.end)
            if unit is not None:
                # "Idlib province", "Hasakah governorate": the unit, which yields to a town named with it.
                m = _with(m, hint="admin")
        out.append(m)
    return out
