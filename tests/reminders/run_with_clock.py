"""`flask --app crm ARGS...` on a shifted wall clock: FAKE_NOW (ISO 8601) was the time at the
real Unix time FAKE_EPOCH, and the clock ticks on from there.

The process tests start real scheduler processes; this puts them on a working-day morning
whatever the hour CI runs at. Every process derives its clock from the same (FAKE_NOW,
FAKE_EPOCH) pair, so their clocks agree however long each one took to start, as NTP keeps
real hosts' clocks together (the outbox lease compares times written by different processes).
"""

import os
import sys
import time
from datetime import datetime, timedelta

import time_machine

shift = time.time() - float(os.environ["FAKE_EPOCH"])
start = datetime.fromisoformat(os.environ["FAKE_NOW"]) + timedelta(seconds=shift)
time_machine.travel(start, tick=True).start()

from flask.cli import main  # noqa: E402  (after the clock is set)

sys.argv = ["flask", "--app", "crm", *sys.argv[1:]]
main()
