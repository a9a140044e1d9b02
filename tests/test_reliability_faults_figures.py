"""bench/reliability_faults.py's figures from a crawl's stats and the replica's fault counts
(the crawls are `make reliability`'s; tests/spider/test_crawl_faults.py runs one)."""

from bench.reliability_faults import retry_figures, served_figures


def test_every_fault_kind_is_a_row_and_none_served_fails() -> None:
    served = {"error": 5, "throttle": 2, "slow": 3, "hang": 1, "truncate": 1, "short": 1,
              "challenge": 1, "redirect": 2, "tracking": 0}  # fmt: skip
    rows = {f.check: f for f in served_figures(served, 100)}
    assert len(rows) == 9
    assert rows["faults served: hanging"].measured == "1 of 100 page answers (1.0%)"
    assert rows["faults served: hanging"].expected == "> 0 (a quarter of 0.02)"
    assert [c for c, f in rows.items() if not f.ok] == ["faults served: tracking-query link"]


def test_retries_must_match_the_faults_served() -> None:
    served = {"error": 4, "throttle": 2, "hang": 1, "truncate": 1, "short": 2, "challenge": 1}
    stats = {
        "retry/reason_count/500 Internal Server Error": 3,
        "retry/reason_count/503 Service Unavailable": 1,
        "retry/reason_count/429 Unknown Status": 2,
        "retry/reason_count/scrapy.exceptions.DownloadTimeoutError": 2,  # one slow page too
        "retry/reason_count/truncated_html": 1,
        "retry/reason_count/short_body": 1,  # one short page not seen: must fail
        "retry/reason_count/cloudflare_challenge": 1,
    }
    rows = {f.check.removeprefix("retries: "): (f.measured, f.expected, f.ok)
            for f in retry_figures(stats, served)}  # fmt: skip
    assert rows == {
        "500 Internal Server Error + 503 Service Unavailable": ("4", "= 4 (500/503 served)", True),
        "429 Unknown Status": ("2", "= 2 (429 + Retry-After served)", True),
        "scrapy.exceptions.DownloadTimeoutError": ("2", "≥ 1 (hanging served)", True),
        "truncated_html": ("1", "= 1 (truncated in transit served)", True),
        "short_body": ("1", "= 2 (whole page, body cut short served)", False),
        "cloudflare_challenge": ("1", "= 1 (challenge served)", True),
    }
