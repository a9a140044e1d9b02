"""Everything about the per-run feeds: their paths, exporters, the open files, the crash journal."""
