"""The 2-character query goes through the gram index: FTS5 on SQLite, GIN on PostgreSQL."""

import sqlalchemy as sa

from crm.extensions import db
from crm.models import SearchEntry, User
from crm.search.query import company_select, project_select
from crm.search.text import entity_tokens


def _plan(statement) -> str:
    compiled = statement.compile(db.engine, compile_kwargs={"literal_binds": True})
    if db.engine.dialect.name == "sqlite":
        rows = db.session.execute(sa.text(f"EXPLAIN QUERY PLAN {compiled}")).all()
        return "\n".join(row[-1] for row in rows)
    # PostgreSQL picks by cost: give it a table worth indexing and fresh statistics.
    filler = [{"entity": entity, "entity_id": 10_000 + i, "text": f"东方{i}材料",
               "initials": "dfcl", "grams": entity_tokens(entity, [f"东方{i}材料", "dfcl"])}
              for i in range(1000) for entity in ("company", "project", "contact")]
    db.session.execute(sa.insert(SearchEntry.__table__), filler)
    db.session.execute(sa.text("ANALYZE search_entries"))
    return "\n".join(db.session.scalars(sa.text(f"EXPLAIN {compiled}")))


def test_a_two_character_company_query_uses_the_gram_index(app, records):
    with app.app_context():
        plan = _plan(company_select(["建筑"]))
        if db.engine.dialect.name == "sqlite":
            assert "VIRTUAL TABLE INDEX" in plan and "search_fts" in plan, plan
        else:
            assert "ix_search_entries_grams" in plan, plan


def test_a_two_character_project_query_uses_the_gram_index_within_the_access_rules(
        app, users, records):
    with app.app_context():
        plan = _plan(project_select(db.session.get(User, users["alice"]), ["建筑"]))
        if db.engine.dialect.name == "sqlite":
            assert "VIRTUAL TABLE INDEX" in plan, plan
        else:
            assert "ix_search_entries_grams" in plan, plan
