"""Count reported deaths the way ACLED coders do: the lowest stated figure, fixed numbers for vague words."""

from __future__ import annotations

import re

# ACLED's conventions for vague quantities.
VAGUE = {
    "a dozen": 12, "dozens": 12, "dozens of": 12, "scores": 12, "scores of": 12,
    "several": 3, "a few": 3, "few": 3, "some": 3, "many": 10, "numerous": 10,
    "a number of": 3, "hundreds": 100, "hundreds of": 100, "a hundred": 100,
    "tens of": 10, "thousands": 1000, "thousands of": 1000,
}
WORDS = {
    "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100,
}
_NUMBER = r"(\d[\d,]*|" + "|".join(sorted(list(WORDS) + list(VAGUE), key=len, reverse=True)) + r")"
_DEATH_NOUNS = r"(?:people|persons|civilians|soldiers|fighters|militants|members|troops|children|women|men|personnel|officers|gunmen|jihadists|rebels|insurgents|policemen|others)"
_PATTERNS = (
    # "killing 12 people", "killed at least 20 civilians", "executed 12 civilians"
    re.compile(rf"\b(?:kill(?:ed|ing|s)?|execut(?:ed|ing|es)|behead(?:ed|ing|s)|massacr(?:ed|ing|es))\s+(?:at least |some |about |around |nearly |more than |over |up to )?{_NUMBER}(?:(?:\s+\w+){{0,3}}?\s+{_DEATH_NOUNS})?", re.I),
    # "20 people were killed", "12 dead", "dozens of fighters died"
    re.compile(rf"\b(?:at least |some |about |around |nearly |more than |over |up to )?{_NUMBER}\s+(?:\w+\s+){{0,3}}?(?:were |was |have been |had been |are )?(?:killed|dead|died|slain|lost their lives|executed|beheaded)\b", re.I),
    # "left 12 dead", "leaving five people dead": only with the word that says they died
    re.compile(rf"\b(?:left|leaving)\s+(?:at least |some |about |around |nearly |more than |over |up to )?{_NUMBER}\s+(?:\w+\s+){{0,2}}?dead\b", re.I),
    # "a death toll of 30", "the toll rose to 14"
    re.compile(rf"\b(?:death toll|toll)\s+(?:of|rose to|reached|climbed to|stands at|stood at)\s+(?:at least )?{_NUMBER}", re.I),
)


def to_number(word: str) -> int | None:
    """Read a number written in digits, words or a vague quantity."""
    w = word.lower().strip()
    if w.replace(",", "").isdigit():
        return int(w.replace(",", ""))
    if w in VAGUE:
        return VAGUE[w]
    return WORDS.get(w)


def count_fatalities(text: str) -> int:
    """Return the fatalities a clause reports (0 when none); several figures give the lowest, per ACLED."""
    figures = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            number = to_number(match.group(1))
            if number is not None and number < 100000:
                figures.append(number)
    return min(figures) if figures else 0
