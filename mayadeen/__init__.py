"""mayadeen: a Scrapy crawler for Al Mayadeen English (english.almayadeen.net)."""
