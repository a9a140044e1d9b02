"""Run monitors: field coverage counting, the checks, the spidermon suite and the run report."""
