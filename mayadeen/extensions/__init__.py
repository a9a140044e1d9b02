"""Scrapy extensions (EXTENSIONS): reusable JOBDIRs, field coverage, the final stats file."""
