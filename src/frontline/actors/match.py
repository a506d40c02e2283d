"""Token-trie matcher: find every registered term in a text, leftmost-longest and non-overlapping.

Terms are split into word tokens the same way as texts, folded to lower-case ASCII, and stored in a
trie, so a scan costs one dict walk per token whatever the number of terms. Hyphens, commas,
slashes and apostrophes are not tokens ("Kurdish-led" == "Kurdish led", "YPG/PKK" == "YPG PKK");
sentence punctuation is, so terms never run across it unless they contain it ("U.S.").
Short all-capital tokens (acronyms such as IS, SAA, US) must match with their exact case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Generic, TypeVar

from anyascii import anyascii

T = TypeVar("T")

_TOKEN = re.compile(r"[^\W_]+|[.!?;:()\[\]\"“”«»]")
_MAX_ACRONYM = 5


class Tokens:
    """A tokenized text: parallel lists of offsets, surface forms and folded keys."""

    __slots__ = ("ends", "keys", "starts", "texts")

    def __init__(self, text: str) -> None:
        matches = list(_TOKEN.finditer(text))
        self.starts = [m.start() for m in matches]
        self.ends = [m.end() for m in matches]
        self.texts = [m.group() for m in matches]
        self.keys = [t.lower() if t.isascii() else anyascii(t).lower() for t in self.texts]

    def __len__(self) -> int:
        return len(self.texts)


def fold(token: str) -> str:
    """Return the matching key of a token: lower-case, transliterated to ASCII when needed."""
    if token.isascii():
        return token.lower()
    return anyascii(token).lower()


def tokenize(text: str) -> Tokens:
    """Split a text into matching tokens with their character offsets."""
    return Tokens(text)


def is_acronym(token: str) -> bool:
    """Return whether a term token must match with its exact case (IS, SAA, U, S)."""
    return token.isupper() and token.isalpha() and len(token) <= _MAX_ACRONYM


def term_variants(term: str) -> list[tuple[str, ...]]:
    """Return the token sequences a term matches: itself plus the plural or singular of a final common noun."""
    tokens = tuple(tokenize(term).texts)
    if not tokens:
        return []
    variants = [tokens]
    last = tokens[-1]
    # Only common nouns inflect ("militias", "warplane"); a capitalised last word is a proper name.
    if last.isalpha() and last.islower() and len(last) > 2:
        if last.lower().endswith("s"):
            if not last.lower().endswith("ss") and len(last) > 3:
                variants.append(tokens[:-1] + (last[:-1],))
        else:
            variants.append(tokens[:-1] + (last + "s",))
    return variants


@dataclass(frozen=True, slots=True)
class _Entry(Generic[T]):
    exact: tuple[tuple[int, str], ...]  # (position, surface) pairs that must match case-exactly
    value: T
    explicit: bool


@dataclass(frozen=True, slots=True)
class Hit(Generic[T]):
    """A matched term: token span [first, last], character span and the value it was registered with."""

    first: int
    last: int
    start: int
    end: int
    value: T


class _Node(Generic[T]):
    __slots__ = ("children", "entries")

    def __init__(self) -> None:
        self.children: dict[str, _Node[T]] = {}
        self.entries: list[_Entry[T]] = []


class Matcher(Generic[T]):
    """A trie of terms, each registered with a value; scan() finds them in texts."""

    def __init__(self) -> None:
        self._root: _Node[T] = _Node()
        self.size = 0

    def add(self, term: str, value: T, *, explicit: bool = True) -> list[T]:
        """Register a term (and its plural/singular); return values it clashes with.

        A generated term (explicit=False) never replaces a term already there; an explicit term
        replaces generated ones. Two explicit terms with the same tokens are a clash.
        """
        clashes: list[T] = []
        for variant in term_variants(term):
            node = self._root
            for token in variant:
                node = node.children.setdefault(fold(token), _Node())
            exact = tuple((i, tok) for i, tok in enumerate(variant) if is_acronym(tok))
            same = [e for e in node.entries if e.exact == exact]
            if same:
                if not explicit:
                    continue
                generated = [e for e in same if not e.explicit]
                clashes.extend(e.value for e in same if e.explicit and e.value != value)
                for e in generated:
                    node.entries.remove(e)
                if any(e.explicit for e in same):
                    continue
            node.entries.append(_Entry(exact, value, explicit))
            self.size += 1
        return clashes

    def scan(self, tokens: Tokens) -> list[Hit[T]]:
        """Return leftmost-longest, non-overlapping hits over a tokenized text."""
        hits: list[Hit[T]] = []
        root = self._root.children
        keys, texts = tokens.keys, tokens.texts
        n = len(keys)
        i = 0
        while i < n:
            node = root.get(keys[i])
            if node is None:
                i += 1
                continue
            best: tuple[int, T] | None = None
            j = i
            while True:
                for entry in node.entries:
                    if all(texts[i + k] == surface for k, surface in entry.exact):
                        best = (j, entry.value)
                        break
                j += 1
                if j >= n:
                    break
                nxt = node.children.get(keys[j])
                if nxt is None:
                    break
                node = nxt
            if best is None:
                i += 1
                continue
            last, value = best
            hits.append(Hit(i, last, tokens.starts[i], tokens.ends[last], value))
            i = last + 1
        return hits
