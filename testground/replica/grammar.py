"""Small English fixes for generated text: "a"/"an" by sound, possessives, capitalisation.

Templates write "a {slot}" whatever fills the slot; ``fix_articles`` then picks "a" or "an" from
how the next word is spoken (letters of "SCO" are read one by one, "NATO" as a word, "an hour",
"a union", "an 18-month", "a 1,000-strong"), so no template has to know its slot's first sound.
"""

from __future__ import annotations

import re

# Acronyms read as words, with whether they take "an".
WORD_ACRONYMS = {
    "NATO": False,
    "OPEC": True,
    "ASEAN": True,
    "UNRWA": True,
    "AUKUS": True,
    "ECOWAS": True,
    "CELAC": False,
    "MAS": False,
    "ICE": True,
    "FIFA": False,
    "BRICS": False,
    "UNESCO": False,
    "UNICEF": False,
    "AIDS": True,
}
# Letters whose spoken name starts with a vowel sound (an FBI, an SCO, an MP).
VOWEL_LETTERS = frozenset("AEFHILMNORSX")
# Lower-case word starts that break the vowel-letter rule; the "an" list is checked first.
AN_STARTS = ("hour", "honest", "honor", "honour", "heir", "unin", "unid", "unim", "unus", "uzb")
A_STARTS = ("one", "once", "uni", "use", "usu", "uti", "eu", "ukr", "uru", "ura", "ewe", "u-")

_ARTICLE_RE = re.compile(r"\b([Aa]n?) ([\"'(]?)([A-Za-z0-9][\w'+.-]*)")
_ACRONYM_RE = re.compile(r"([A-Z]{2,})(?![a-z])")
_SENTENCE_START_RE = re.compile(r"([.!?][\"')]? )([a-z])")


def takes_an(word: str) -> bool:
    """Whether ``word`` is preceded by "an" rather than "a" (by its first spoken sound)."""
    if word[0].isdigit():
        lead = re.match(r"\d+", word).group()  # type: ignore[union-attr]
        return lead.startswith("8") or lead in ("11", "18")
    acronym = _ACRONYM_RE.match(word)
    if acronym:
        core = acronym.group(1)
        return WORD_ACRONYMS[core] if core in WORD_ACRONYMS else core[0] in VOWEL_LETTERS
    low = word.lower()
    if low.startswith(AN_STARTS):
        return True
    if low.startswith(A_STARTS):
        return False
    return low[0] in "aeiou"


def _article(match: re.Match[str]) -> str:
    art, opener, word = match.groups()
    right = "an" if takes_an(word) else "a"
    if art[0] == "A":
        right = right.capitalize()
    return f"{right} {opener}{word}"


def fix_articles(text: str) -> str:
    """Every "a"/"an" in ``text`` made to agree with the sound of the word after it."""
    return _ARTICLE_RE.sub(_article, text)


def capitalize(text: str) -> str:
    """The first letter upper-cased (after any opening quote), the rest untouched."""
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :] if ch.islower() else text
        if ch not in "\"'(":
            return text
    return text


def sentence_case(text: str) -> str:
    """The first letter of the text and of every sentence inside it upper-cased."""
    return _SENTENCE_START_RE.sub(lambda m: m.group(1) + m.group(2).upper(), capitalize(text))


def possessive(name: str) -> str:
    """ "Iran's", "the Philippines'"."""
    return name + ("'" if name.endswith("s") and not name.endswith("ss") else "'s")
