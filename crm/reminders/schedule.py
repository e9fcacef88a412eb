"""The schedule, as data, and the process that runs it: `flask --app crm scheduler`.

APScheduler is only the clock (DESIGN.md "Scheduling"). It runs in this process alone, never in
a web worker, with its in-memory job store: two processes sharing a job store would run every
job twice. Everything the jobs do is claimed in the database, so starting a second scheduler
(a second host, a restart that overlaps) sends nothing twice.
"""

import logging
import signal
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask

from crm.extensions import db
from crm.imports import queue as import_queue
from crm.localtime import SHANGHAI
from crm.reminders import dispatch, housekeeping, outbox, plan

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[], object]
    every_seconds: int | None = None  # an interval job ...
    cron: dict | None = None  # ... or a daily one at a fixed Asia/Shanghai time


# Reminders are due at 08:00 and digests at 08:30 (crm/reminders/clock.py); the scans look
# for everything whose moment has passed, so a minute's tick is as good as an exact time and a
# scheduler that was stopped catches up on its first tick.
JOBS = (
    Job("plan reminders", plan.plan_all, every_seconds=60),
    Job("dispatch reminders", dispatch.dispatch_due, every_seconds=30),
    Job("send outbox", outbox.send_due, every_seconds=15),
    Job("housekeeping", housekeeping.run, cron={"hour": 3, "minute": 17}),
    # Ledgers too large for a web request (crm/imports/queue.py): its importer waits for it.
    Job("import ledgers", import_queue.run_queued, every_seconds=10),
)

# coalesce: runs missed while the process was stopped or busy collapse into one, since one
# scan catches up on everything. misfire_grace_time=None: a late run still runs however late
# (the default of one second would silently drop it). max_instances=1: a slow send batch is
# not overlapped by the next tick of the same job.
JOB_DEFAULTS = {"coalesce": True, "misfire_grace_time": None, "max_instances": 1}


def _guarded(app: Flask, job: Job) -> Callable[[], None]:
    def run() -> None:
        with app.app_context():
            try:
                result = job.run()
                if result and (not isinstance(result, dict) or any(result.values())):
                    log.info("%s: %s", job.name, result)  # only ticks that did something
            except Exception:  # a failing job must not stop the clock for the others
                log.exception("%s failed", job.name)
                db.session.rollback()
            finally:
                db.session.remove()
    return run


def build(app: Flask, tick: float | None = None) -> BlockingScheduler:
    """The scheduler with JOBS; `tick` shortens every interval (tests, trying it out)."""
    scheduler = BlockingScheduler(timezone=SHANGHAI, job_defaults=JOB_DEFAULTS)
    for job in JOBS:
        if job.every_seconds:
            trigger = IntervalTrigger(seconds=tick or job.every_seconds, timezone=SHANGHAI)
        else:
            trigger = CronTrigger(timezone=SHANGHAI, **job.cron)
        scheduler.add_job(_guarded(app, job), trigger, id=job.name, name=job.name,
                          # interval jobs run at once on start: that is the catch-up
                          next_run_time=None if job.cron else datetime.now(SHANGHAI))
    return scheduler


def run_forever(app: Flask, tick: float | None = None) -> None:
    scheduler = build(app, tick)

    def stop(signum, _frame):
        log.info("signal %s: stopping the scheduler", signum)
        scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    scheduler.start()


def drain(app: Flask, rounds: int = 1000) -> dict[str, int]:
    """Plan, dispatch and send until nothing is left that may go out now (ops and tests)."""
    totals = {"dispatched": 0, "sent": 0, "failed": 0}
    with app.app_context():
        plan.plan_all()
        for _ in range(rounds):
            claimed = dispatch.dispatch_due()
            sent = outbox.send_due()
            totals["dispatched"] += claimed
            totals["sent"] += sent["sent"]
            totals["failed"] += sent["failed"]
            db.session.remove()
            if not claimed and not sent["sent"] and not sent["failed"]:
                break  # failed messages wait out their backoff, so this ends too
    return totals
