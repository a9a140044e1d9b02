"""`TruncatedPageMiddleware`: a page cut off mid-transfer but delivered as a clean 200 would give
a partial body: HTML pages that do not end with </html> are retried."""

from __future__ import annotations

from scrapy.http import Response

from mayadeen.downloadermiddlewares.pageretry import PageRetryMiddleware


def is_truncated_html(response: Response) -> bool:
    """An HTML page whose document never closes: cut off in transit."""
    content_type = response.headers.get(b"Content-Type", b"").lower()
    if response.status != 200 or b"html" not in content_type:
        return False
    return b"</html>" not in response.body[-2048:].lower()


class TruncatedPageMiddleware(PageRetryMiddleware):
    """Retries truncated HTML pages (RETRY_TIMES), then drops them with an error log; stats:
    mayadeen/truncated, mayadeen/truncated_dropped."""

    detect = staticmethod(is_truncated_html)
    reason = "truncated_html"
    seen_stat = "mayadeen/truncated"
    given_up_stat = "mayadeen/truncated_dropped"
    given_up_message = "truncated page, given up: {url}"
