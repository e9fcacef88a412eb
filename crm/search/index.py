"""Keeps search_entries current: a flush hook for every save, and a full rebuild for the CLI.

The entry for a company holds its name, former names and credit code; for a contact the name and
phone; for a project the name and code name. Pinyin initials are computed here, on save (about
70 µs a name), never at query time.
"""

import sqlalchemy as sa
from sqlalchemy import inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from crm.extensions import listen_once
from crm.models import Company, CompanyFormerName, Contact, Project, SearchEntry
from crm.models.search import GIN_INDEX
from crm.names import pinyin_initials
from crm.search.text import entity_tokens, key

# Model -> the columns whose change alters its entry.
_WATCHED = {
    Company: ("name", "uscc"),
    CompanyFormerName: ("name", "company_id"),
    Contact: ("name", "phone"),
    Project: ("name", "code_name"),
}
_CHUNK = 500  # ids per statement: well under SQLite's bound-parameter limit
entries = SearchEntry.__table__


def _targets_of(obj, changed_only: bool) -> set[tuple[str, int]]:
    watched = _WATCHED[type(obj)]
    state = inspect(obj)
    if changed_only and not any(state.attrs[k].history.has_changes() for k in watched):
        return set()
    if isinstance(obj, CompanyFormerName):
        # A former name moved to another company (a merge) changes both companies.
        ids = {obj.company_id, *state.attrs["company_id"].history.deleted}
        return {("company", i) for i in ids if i is not None}
    entity = {Company: "company", Contact: "contact", Project: "project"}[type(obj)]
    return {(entity, obj.id)}


def init_app(_app) -> None:
    """Keep search_entries current: a flush hook re-indexes what changed."""
    listen_once(Session, "after_flush", _index_after_flush)


def _index_after_flush(session: Session, _context) -> None:
    targets: set[tuple[str, int]] = set()
    for objects, changed_only in ((session.new, False), (session.deleted, False),
                                  (session.dirty, True)):
        for obj in objects:
            if type(obj) in _WATCHED:
                targets |= _targets_of(obj, changed_only)
    if targets:
        refresh(session.connection(), targets)


def _initials(name: str | None, stored: str = "") -> str:
    # Main names carry name_initials (crm.derived keeps it on save); others are computed here.
    return stored or pinyin_initials(name or "")


def _entry(entity: str, entity_id: int, values: list, initials: list,
           project_id=None) -> dict:
    keys = [k for k in map(key, values) if k]
    initials = [i for i in initials if i]
    return {"entity": entity, "entity_id": entity_id, "project_id": project_id,
            "text": " ".join(keys), "initials": " ".join(initials),
            "grams": entity_tokens(entity, keys + initials)}


def _companies(connection, ids: list[int]) -> list[dict]:
    former: dict[int, list[str]] = {}
    rows = connection.execute(sa.select(CompanyFormerName.company_id, CompanyFormerName.name)
                              .where(CompanyFormerName.company_id.in_(ids))
                              .order_by(CompanyFormerName.id))
    for company_id, name in rows:
        former.setdefault(company_id, []).append(name)
    rows = connection.execute(sa.select(Company.id, Company.name, Company.uscc,
                                        Company.name_initials).where(Company.id.in_(ids)))
    return [_entry("company", i, [name, *former.get(i, []), uscc],
                   [_initials(name, stored), *map(_initials, former.get(i, []))])
            for i, name, uscc, stored in rows]


def _contacts(connection, ids: list[int]) -> list[dict]:
    rows = connection.execute(sa.select(Contact.id, Contact.name, Contact.phone,
                                        Contact.name_initials).where(Contact.id.in_(ids)))
    return [_entry("contact", i, [name, phone], [_initials(name, stored)])
            for i, name, phone, stored in rows]


def _projects(connection, ids: list[int]) -> list[dict]:
    rows = connection.execute(sa.select(Project.id, Project.name, Project.code_name,
                                        Project.name_initials).where(Project.id.in_(ids)))
    return [_entry("project", i, [name, code], [_initials(name, stored), _initials(code)],
                   project_id=i)
            for i, name, code, stored in rows]


_BUILDERS = {"company": _companies, "contact": _contacts, "project": _projects}


def _upsert(connection, rows: list[dict]) -> None:
    # An upsert rather than delete-and-insert: two transactions refreshing the same company
    # (say, each adding a former name) must not collide on the unique (entity_id, entity).
    insert = (postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert)
    statement = insert(entries)
    connection.execute(statement.on_conflict_do_update(
        index_elements=["entity_id", "entity"],
        set_={name: statement.excluded[name] for name in ("project_id", "text", "initials",
                                                          "grams")}), rows)


def refresh(connection, targets: set[tuple[str, int]], *, empty: bool = False) -> None:
    """Rewrite the entries of these (entity, id) pairs; a record that is gone loses its entry.
    `empty`: the table holds no entry for them (a rebuild), so plain inserts do."""
    for entity, build in _BUILDERS.items():
        ids = sorted(i for e, i in targets if e == entity)
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start:start + _CHUNK]
            rows = build(connection, chunk)
            if rows and empty:
                connection.execute(entries.insert(), rows)
            elif rows:
                _upsert(connection, rows)
            gone = set(chunk) - {row["entity_id"] for row in rows}
            if gone:
                connection.execute(entries.delete().where(entries.c.entity == entity,
                                                          entries.c.entity_id.in_(gone)))


def rebuild(connection) -> int:
    """Re-create every entry (for data written before the hook existed or behind its back)."""
    postgresql = connection.dialect.name == "postgresql"
    if postgresql:
        # Building a GIN index in one go is several times faster than 20k row-by-row updates
        # (fastupdate is off); the same definition as the migration's.
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {GIN_INDEX}")
    connection.execute(entries.delete())
    total = 0
    for entity, model in (("company", Company), ("contact", Contact), ("project", Project)):
        ids = list(connection.scalars(sa.select(model.id).order_by(model.id)))
        refresh(connection, {(entity, i) for i in ids}, empty=True)
        total += len(ids)
    if postgresql:
        connection.exec_driver_sql(f"CREATE INDEX {GIN_INDEX} ON search_entries USING gin (grams) "
                                   "WITH (fastupdate = off)")
    else:
        # Re-reads search_entries into the FTS5 index, repairing it if it ever drifted.
        connection.exec_driver_sql("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
    return total
