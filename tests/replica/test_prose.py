"""Generated English: no repeated sentence in a body, "a"/"an" by sound, sentence form, variety."""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterator

import pytest

from testground.replica import grammar, prose
from testground.replica import prose_templates as templates
from testground.replica.catalog import Catalog

BASE = "http://127.0.0.1:8089"
# A sentence ends at . ! or ? (and a closing quote) followed by a space and a new sentence.
_SENTENCE_END = re.compile(r'(?<=[.!?])"? (?=["A-Z0-9])|(?<=[.!?]") (?=["A-Z0-9])')
_ARTICLE = re.compile(r"\b(a|an|A|An) [\"'(]?([\w'+-]+)")
# The checker's own table of acronyms (the generator has its rule; this is the answer key).
ACRONYMS = {
    "SCO": "an", "IMF": "an", "UN": "a", "US": "a", "NATO": "a", "IRGC": "an", "FIFA": "a",
    "OPEC": "an", "WHO": "a", "AI": "an", "PMF": "a", "CSTO": "a", "ANC": "an", "MAS": "a",
    "PIJ": "a", "ICE": "an", "UNRWA": "an", "ASEAN": "an", "AUKUS": "an", "ECOWAS": "an",
    "BRICS": "a", "CELAC": "a", "PLO": "a", "EU": "an", "UK": "a", "FM": "an", "PDVSA": "a",
    "ANSAR": "an",
}  # fmt: skip
A_BEFORE_VOWEL = ("one", "once", "uni", "use", "usu", "uti", "eu", "ukr", "uru", "ura")
AN_BEFORE_CONSONANT = ("hour", "honest", "honor", "heir")


def article_errors(text: str) -> list[str]:
    """Every "a"/"an" of ``text`` that does not agree with the next word's first sound."""
    errors = []
    for art, word in _ARTICLE.findall(text):
        if word[0].isdigit():
            lead = re.match(r"\d+", word).group()
            want = "an" if lead.startswith("8") or lead in ("11", "18") else "a"
        elif re.match(r"[A-Z]{2,}(?![a-z])", word):
            want = ACRONYMS.get(re.match(r"[A-Z]+", word).group(), "unknown acronym")
        elif word.lower().startswith(A_BEFORE_VOWEL):
            want = "a"
        elif word.lower().startswith(AN_BEFORE_CONSONANT):
            want = "an"
        else:
            want = "an" if word[0].lower() in "aeiou" else "a"
        if art.lower() != want:
            errors.append(f"{art} {word} (want {want}): {text}")
    return errors


def sentences(text: str) -> list[str]:
    return _SENTENCE_END.split(text)


def form_errors(text: str) -> list[str]:
    """Sentences that do not start with a capital and end with punctuation; doubled marks."""
    errors = [f"doubled: {text}" for bad in ("  ", "..", ",,", " ,", " .", "{", "}") if bad in text]
    for s in sentences(text):
        first = s.lstrip("\"'(")[:1]
        if not (first.isupper() and s.rstrip('"').endswith((".", "!", "?"))):
            errors.append(f"form: {s!r}")
    return errors


@pytest.fixture(scope="module")
def articles() -> list:
    cat = Catalog(600, seed=11, base_url=BASE)
    return [a for a in (cat.article(i) for i in range(600)) if a.top in ("news", "articles")]


def test_no_body_repeats_a_sentence(articles: list) -> None:
    assert len(articles) > 400
    longest = 0
    for a in articles:
        said = [s for b in a.blocks if b.kind == "p" for s in sentences(b.text)]
        repeated = [s for s, n in Counter(said).items() if n > 1]
        assert repeated == [], a.title
        longest = max(longest, len(said))
    assert longest >= 30  # long bodies exist, and still say nothing twice


def test_sentences_are_formed_and_articles_agree(articles: list) -> None:
    texts: list[str] = []
    for a in articles:
        texts.append(a.summary)
        texts += [b.text for b in a.blocks if b.kind in ("p", "blockquote")]
    errors = [e for t in texts for e in form_errors(t) + article_errors(t)]
    assert errors == []
    short = [a.title for a in articles] + [a.image.caption for a in articles if a.image]
    short += [b.text for a in articles for b in a.blocks if b.kind == "tweet"]  # "1/" threads
    short += [a.image.alt for a in articles if a.image]
    short += [b.text for a in articles for b in a.blocks if b.kind in ("h2", "h3")]
    assert [e for t in short if t for e in article_errors(t)] == []
    assert all(t[0].isupper() or t[0].isdigit() or t[0] in "'\"" for t in short if t)


def _stories() -> Iterator[prose.Story]:
    """One story per beat group and voice, with a few regions."""
    rng = random.Random(3)
    for section in (*prose.BEATS, "Opinion", "Analysis", "NewsFeed"):
        for region in ("MENA", "US & Canada", "Asia-Pacific", None):
            yield prose.story(rng, region, section)


def test_every_template_renders_correct_english() -> None:
    pools = {
        "sentence": (
            templates.GENERAL_FACTS,
            templates.GENERAL_CONTEXT,
            templates.OPINION_SENTENCES,
            *templates.SENTENCES_BY_GROUP.values(),
        ),
        "lede": (templates.LEDES, templates.OPINION_LEDES),
        "short": (
            templates.HEADLINES_NEWS,
            templates.HEADLINES_OPINION,
            *templates.HEADLINES_BY_GROUP.values(),
            templates.SUBHEADINGS,
            *templates.SUBHEADINGS_BY_GROUP.values(),
            templates.CAPTIONS,
            templates.ALTS,
            templates.TICKER,
        ),
    }
    errors = []
    for st in _stories():
        writer = prose.writer(random.Random(7), st)
        for kind, groups in pools.items():
            for pool in groups:
                for template in pool:
                    text = writer.fill(template, headline=kind == "short")
                    errors += article_errors(text)
                    if kind != "short":
                        errors += form_errors(text)
                    elif text[0].islower():
                        errors.append(f"lower-case start: {text}")
        errors += form_errors(writer.pull_quote())
    assert errors == []


def test_variety() -> None:
    body = (
        templates.GENERAL_FACTS,
        templates.GENERAL_CONTEXT,
        templates.OPINION_SENTENCES,
        *templates.SENTENCES_BY_GROUP.values(),
    )
    assert sum(len(p) for p in body) >= 60
    assert set(templates.SENTENCES_BY_GROUP) == {
        "politics",
        "security",
        "economy",
        "sports",
        "culture",
        "health",
        "technology",
        "environment",
    }
    assert all(len(p) >= 8 for p in templates.SENTENCES_BY_GROUP.values())
    assert len(templates.LEDES) + len(templates.OPINION_LEDES) >= 12
    assert len(templates.QUOTES) >= 12 and len(templates.CAPTIONS) >= 10
    assert {b[4] for beats in prose.BEATS.values() for b in beats} == set(
        templates.SENTENCES_BY_GROUP
    )


def test_opinion_posts_argue() -> None:
    cat = Catalog(400, seed=4, base_url=BASE)
    opinion = [cat.article(i) for i in range(400) if cat.article(i).section == "Opinion"]
    own = set(templates.OPINION_SENTENCES)
    text = " ".join(b.text for a in opinion for b in a.blocks if b.kind == "p")
    assert opinion and "?" in text and " we " in text.lower()
    news = [cat.article(i) for i in range(400) if cat.article(i).top == "news"]
    news_text = " ".join(b.text for a in news for b in a.blocks if b.kind == "p")
    assert not any(t.split("{")[0] in news_text for t in own if len(t.split("{")[0]) > 30)


@pytest.mark.parametrize(
    ("word", "an"),
    [
        ("hour", True),
        ("union", False),
        ("unprecedented", True),
        ("uninterrupted", True),
        ("one-off", False),
        ("European", False),
        ("Ukrainian", False),
        ("SCO", True),
        ("NATO", False),
        ("UN", False),
        ("US-led", False),
        ("OPEC+", True),
        ("IMF", True),
        ("18-month", True),
        ("8.7", True),
        ("1,000-strong", False),
        ("11", True),
        ("historic", False),
        ("ill-timed", True),
    ],
)
def test_takes_an(word: str, an: bool) -> None:
    assert grammar.takes_an(word) is an
    assert (
        grammar.fix_articles(f"It was a {word} step.")
        == f"It was {'an' if an else 'a'} {word} step."
    )


def test_deterministic_writer() -> None:
    st = next(_stories())
    one, two = prose.writer(random.Random(5), st), prose.writer(random.Random(5), st)
    assert [one.paragraph() for _ in range(6)] == [two.paragraph() for _ in range(6)]
    drained = prose.writer(random.Random(5), st)
    said = []
    while text := drained.paragraph():
        said += sentences(text)
    assert len(said) == len(set(said)) and drained.paragraph() == ""
