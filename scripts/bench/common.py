"""What the bench's generator and runner share: where the counties live, who signs in.

The generated counties are throw-away data for `make bench` only; the accounts below exist in
them alone (never in a real database), so their password can be a constant.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE_DIR = ROOT / "instance" / "bench"
PG_BASE = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432")

# The signed-in staff user every page is measured as (a 招商局 staff member with a unit, who
# owns some projects and is on the team of some confidential ones), and a leader.
STAFF_EMAIL = "bench.staff@bench.invalid"
LEADER_EMAIL = "bench.leader@bench.invalid"
PASSWORD = "Bench-county-2026!"  # noqa: S105 (generated bench data only)

QUICK_SIZES = (10_000, 100_000)
FULL_SIZES = (100_000, 1_000_000)


def sqlite_url(size: int) -> str:
    return f"sqlite:///{CACHE_DIR / f'crm-{size}.sqlite3'}"


def pg_url(size: int) -> str:
    return f"{PG_BASE}/crm_bench_{size}"


def url_for(dialect: str, size: int) -> str:
    return sqlite_url(size) if dialect == "sqlite" else pg_url(size)


def rebuild_derived(connection) -> None:
    """Rebuild every table the app derives from the others, after a bulk load that bypassed
    the ORM's flush hooks: the search index, the project tallies (database triggers keep
    those even through bulk inserts; recounting them is cheap and repairs a load made with the
    triggers off) and the signing facts the cockpit sums (each agreement's counted amount)."""
    from crm.projects import signing, tallies
    from crm.search.index import rebuild

    rebuild(connection)
    tallies.rebuild(connection)
    signing.rebuild(connection)
