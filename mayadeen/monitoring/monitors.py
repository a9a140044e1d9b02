"""The spidermon suite run when the spider closes: one monitor per check of checks.py, then an
action writing the run report and recording the verdict in the stats (for the exit code).

Enabled by SPIDERMON_ENABLED with SPIDERMON_SPIDER_CLOSE_MONITORS = ["mayadeen.monitoring.
monitors.CloseSpiderMonitors"] (settings.py); thresholds: MAYADEEN_MONITOR_* settings.
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from spidermon import Monitor, MonitorSuite
from spidermon.core.actions import Action

from mayadeen.monitoring import checks
from mayadeen.monitoring.report import RunReport

logger = logging.getLogger(__name__)
MONITORS_FAILED = "mayadeen/monitors/failed"
REPORT_PATH = "mayadeen/monitors/report"


class CheckMonitor(Monitor):
    """A monitor asserting one check over the closing stats."""

    check: Any = None  # one function of checks.CHECKS

    def run_check(self) -> checks.Check:
        limits = checks.Thresholds.from_settings(self.data.crawler.settings)
        return type(self).check(self.data.stats, limits)

    def assert_check(self) -> None:
        result = self.run_check()
        if result.failed:
            self.fail(result.message)


def _monitor(check: Any) -> type[CheckMonitor]:
    """A CheckMonitor class for ``check``, its test method named after it (spidermon lists
    monitors by class and method name)."""

    def test(self: CheckMonitor) -> None:
        self.assert_check()

    name = check.__name__
    words = name.split("_")
    return type(
        "".join(w.capitalize() for w in words) + "Monitor",
        (CheckMonitor,),
        {"check": staticmethod(check), f"test_{name}": test, "__doc__": " ".join(words)},
    )


MONITORS = [_monitor(check) for check in checks.CHECKS]


class WriteRunReport(Action):
    """Writes output/reports/<run>.json and .txt (MAYADEEN_REPORTS_DIR) and records the verdict
    in the stats: mayadeen/monitors/failed (how many monitors failed)."""

    def run_action(self) -> None:
        crawler = self.data.crawler
        limits = checks.Thresholds.from_settings(crawler.settings)
        results = checks.run_checks(self.data.stats, limits)
        # A monitor that raised (not a failed assertion) fails the run as well.
        failed = len(self.result.monitors_failed_results)
        crawler.stats.set_value(MONITORS_FAILED, failed)
        report = RunReport.build(self.data.stats, results, failed=failed, crawler=crawler)
        written = report.write(crawler.settings)
        if written is not None:
            crawler.stats.set_value(REPORT_PATH, str(written))
            logger.info("Run report: %s", written)
        log = logger.error if failed else logger.info
        log("Monitors: %s", report.verdict_line())
        for result in results:
            if result.status == checks.WARNING:  # reported, never a failed run
                logger.warning("Monitor %s: %s", result.name, result.message)


class CloseSpiderMonitors(MonitorSuite):
    monitors: ClassVar[list[Any]] = MONITORS
    monitors_finished_actions: ClassVar[list[Any]] = [WriteRunReport]
