"""Downloader middlewares: the crawl stays on its site and never mistakes a block for a page."""
