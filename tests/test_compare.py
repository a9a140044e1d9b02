"""compare_to_manifest: the yardstick every crawl test uses must itself catch each defect."""

from testground.replica.compare import compare_to_manifest


def entry(post_id, **fields):
    base = {"post_id": post_id, "url": f"http://r/news/politics/{post_id}", "title": "T"}
    return {**base, **fields}


def test_exact_crawl_is_ok():
    manifest = [entry("1"), entry("2")]
    result = compare_to_manifest([entry("2", scraped_at="now"), entry("1")], manifest)
    assert result.ok and result.exact == 2 and result.expected == 2


def test_each_defect_is_reported():
    manifest = [entry("1"), entry("2"), entry("3")]
    items = [entry("1"), entry("1"), entry("2", title="Wrong"), entry("9")]
    result = compare_to_manifest(items, manifest)
    assert not result.ok
    assert result.missing == ["3"]
    assert result.unexpected == ["9"]
    assert result.duplicates == ["1"]
    assert result.mismatches == {"2": [("title", "T", "Wrong")]}
    assert result.exact == 0
    assert result.crawled == 4
    assert "0 of 3 manifest articles" in result.describe()
