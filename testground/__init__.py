"""The test ground: the offline replica of the site, throw-away dev servers and the demo runner.

Not part of the crawler (the Scrapyd egg holds only `mayadeen/`), as Scrapy keeps its mock server
in `tests/`.
"""
