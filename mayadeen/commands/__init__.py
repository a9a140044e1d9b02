"""Project commands (COMMANDS_MODULE): `crawl` overridden to exit non-zero on failed monitors."""
