"""Hostile variants of replica article pages through the spider's article callback: every page
gives a valid, storable item or a counted drop with its reason (issue 9), and where a mutation
has a known right answer, the item is exactly that."""

import random

import pytest

from mayadeen.downloadermiddlewares.truncated import is_truncated_html
from mayadeen.extraction.metadata import Metadata
from mayadeen.spiders.short_body import declared_word_count
from testground.replica import fuzzing, mutations, strategies

PAGES = 12  # one of each (content type, template, layers) combination comes first


@pytest.fixture(scope="module")
def pages() -> list[fuzzing.ReplicaPage]:
    return fuzzing.replica_pages(PAGES)


def _run(page: fuzzing.ReplicaPage, kind: str, seed: int) -> fuzzing.Outcome:
    return fuzzing.run_page(page.url, mutations.mutate(kind, page.html, seed))


def _item(outcome: fuzzing.Outcome) -> dict:
    assert outcome.status == fuzzing.ITEM, f"{outcome.status}: {outcome.reason}"
    item = dict(outcome.item)
    assert item.pop("scraped_at")
    return item


@pytest.mark.parametrize("kind", mutations.kinds())
def test_every_mutation_gives_a_valid_item_or_a_counted_drop(pages, kind):
    tally = fuzzing.Tally()
    for number, page in enumerate(pages[:6]):
        tally.add(_run(page, kind, number), f"{kind} page {number}")
    assert tally.failures == []
    assert tally.tried == 6


def test_the_pages_cover_every_template_content_type_and_missing_layer(pages):
    kinds = {(p.article.content_type, p.article.variant.template) for p in pages}
    assert {t for _, t in kinds} == {0, 1, 2}
    assert {c for c, _ in kinds} >= {"news", "opinion", "blog", "gallery", "analysis", "video"}
    assert {p.article.variant.has_metadata for p in pages} == {True, False}


@pytest.mark.parametrize(
    "kind", ["delete_metadata", "metadata_invalid_json", "metadata_not_an_object"]
)
def test_a_missing_or_unreadable_metadata_block_gives_the_item_of_a_page_without_one(pages, kind):
    for number, page in enumerate(pages):
        if page.article.variant.has_metadata and page.article.variant.has_meta_tags:
            expected = fuzzing.expected_without(page, has_metadata=False)
            assert _item(_run(page, kind, number)) == expected


def test_a_second_metadata_block_of_wrong_values_falls_through_to_the_next_layers(pages):
    # The first block is read: the original (the item is unchanged), or the impostor whose
    # title 12, date "yesterday" and post id "not-a-number" are all invalid, so every field
    # comes from the meta tags and the page: the item of a page without metadata.
    seen = set()
    for number, page in enumerate(pages):
        if not page.article.variant.has_metadata:
            continue
        item = _item(_run(page, "metadata_duplicated", number))
        without = fuzzing.expected_without(page, has_metadata=False)
        assert item in (page.expected, without)
        seen.add(item == page.expected)
    assert seen == {True, False}


def test_without_meta_tags_the_metadata_and_page_give_the_same_item(pages):
    for number, page in enumerate(pages):
        if page.article.variant.has_metadata:
            item = _item(_run(page, "delete_meta_tags", number))
            assert item == fuzzing.expected_without(page, has_meta_tags=False)


@pytest.mark.parametrize("kind", ["delete_headline", "delete_byline", "bom_mismatch"])
def test_mutations_that_lose_nothing_the_layers_cannot_give_back(pages, kind):
    # No headline: the title is in the metadata or meta tags. No byline: so are the authors.
    # A BOM wins over a wrong declared charset, as browsers do.
    for number, page in enumerate(pages):
        assert _item(_run(page, kind, number)) == page.expected, (kind, number)


def _declares_words(page: fuzzing.ReplicaPage) -> bool:
    """Whether the page's metadata declares a word count (then a lost body is noticed)."""
    return bool(declared_word_count(Metadata(mutations.metadata_of(page.html))))


def test_a_page_without_its_body_is_retried_or_an_item_without_a_body(pages):
    # Against the metadata's word count the missing body is seen (short_body: retried, then
    # dropped and counted); without one the page is an article without text, as a video is.
    seen = set()
    for number, page in enumerate(pages):
        outcome = _run(page, "delete_body", number)
        seen.add(_declares_words(page))
        if _declares_words(page):
            assert (outcome.status, outcome.reason) == (fuzzing.DROP, "short_body")
            continue
        item = _item(outcome)
        assert (item["body"], item["word_count"], item["related_urls"]) == ("", 0, [])
        for field in ("url", "post_id", "title", "published_at", "tags", "authors"):
            assert item[field] == page.expected[field], field
    assert seen == {True, False}


@pytest.mark.parametrize(
    ("kind", "reason"),
    [("delete_title_everywhere", "no_title"), ("delete_date_everywhere", "no_date")],
)
def test_a_page_without_title_or_date_in_any_layer_is_a_counted_drop(pages, kind, reason):
    for number, page in enumerate(pages):
        outcome = _run(page, kind, number)
        assert (outcome.status, outcome.reason) == (fuzzing.DROP, reason)


def test_garbage_bodies_are_counted_drops(pages):
    reasons = {_run(pages[0], "garbage", seed).reason for seed in range(12)}
    assert reasons == {"not_html", "no_title"}


def test_injected_markup_is_stored_as_literal_text(pages):
    for number, page in enumerate(pages):
        if not page.article.variant.has_metadata or not page.expected["body"]:
            continue
        injection = _injection_of(page, number)
        item = _item(_run(page, "script_injection", number))
        assert item["title"] == f"{page.expected['title']} {injection}"
        assert item["summary"] == f"{page.expected['summary']} {injection}"
        assert item["authors"][-1].endswith(f" {injection}")
        # The injection starts the first <p> of the body; when that <p> repeats the lede, it is
        # no repeat any more and becomes a block. The <script> after it adds no text.
        blocks = page.expected["body"].split("\n\n")
        if page.article.variant.lede_repeated:
            blocks.insert(0, page.expected["summary"])
        blocks[0] = f"{injection} {blocks[0]}"
        assert item["body"].split("\n\n") == blocks
        assert "pwned" not in item["body"]


def _injection_of(page: fuzzing.ReplicaPage, number: int) -> str:
    """The injection string the mutation picked for this page (its first random draw)."""
    return random.Random(f"{number}:script_injection").choice(mutations.INJECTIONS)


def test_lone_surrogates_and_nul_in_the_metadata_never_reach_the_item(pages):
    for number, page in enumerate(pages):
        if not page.article.variant.has_metadata:
            continue
        item = _item(_run(page, "lone_surrogates", number))
        # "1874690\ud83d" is no post id: the postid meta tag gives it.
        assert item["post_id"] == page.expected["post_id"]
        assert item["title"] in (page.expected["title"], page.expected["title"] + "\ufffd")
        assert "\x00" not in str(item)
        assert fuzzing.storage_problem(item) is None


def test_a_flood_of_paragraphs_is_read_whole_and_in_order(pages):
    page = pages[0]
    item = _item(_run(page, "many_paragraphs", 0))
    flood = [f"Paragraph {i} of the flood." for i in range(mutations.SMALL.paragraphs)]
    assert item["body"] == "\n\n".join([*flood, page.expected["body"]])
    assert item["word_count"] == page.expected["word_count"] + 5 * len(flood)


def test_a_huge_paragraph_is_read_whole(pages):
    page = pages[0]
    item = _item(_run(page, "huge_text", 0))
    first, rest = item["body"].split("\n\n", 1)
    assert len(first) > mutations.SMALL.huge_text_bytes * 0.9
    assert rest == page.expected["body"]


def test_nesting_past_the_parser_depth_loses_the_visible_page_not_the_head(pages):
    # libxml2 stops nesting at about 2,000 levels: what lies deeper (here the whole visible
    # article) is lost. A declared word count shows the body missing (short_body: retried,
    # dropped); otherwise the metadata and meta tags in <head> still make a valid item.
    for number, page in enumerate(pages):
        outcome = _run(page, "deep_nesting", number)
        if _declares_words(page):
            assert (outcome.status, outcome.reason) == (fuzzing.DROP, "short_body")
            continue
        item = _item(outcome)
        for field in ("url", "post_id", "title", "summary", "published_at", "tags"):
            assert item[field] == page.expected[field], field


def test_a_truncated_page_is_seen_as_truncated_before_extraction(pages):
    # Extraction makes a valid but partial item of it; in a crawl TruncatedPageMiddleware
    # retries it first, because its </html> is missing.
    for number, page in enumerate(pages):
        mutated = mutations.mutate("truncated", page.html, number)
        assert not mutated.body.rstrip().endswith(b"</html>")
        assert is_truncated_html(fuzzing.response_for(page.url, mutated))


@pytest.mark.parametrize(
    "url", ["https://elsewhere.example/news/politics/x", "javascript:alert(1)", "http://[::1"]
)
def test_a_page_cannot_name_another_site_or_a_non_web_url_as_its_address(pages, url):
    # The metadata's url is refused: the canonical link (same host) gives the item's URL.
    page = next(p for p in pages if p.article.variant.has_metadata)
    document = {**mutations.metadata_of(page.html), "url": url}
    outcome = strategies.check_metadata_document(page, document, True)
    assert outcome.item["url"] == page.expected["url"]
