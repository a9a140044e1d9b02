"""The web archive of the crawl: WARC files (ISO 28500) of the pages fetched, written by
mayadeen.extensions.archive, indexed in the database and read again by `scrapy reparse`."""
