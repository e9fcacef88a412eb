"""The search index: one row per searchable project, company or contact, kept by a flush hook.

`grams` holds the character bigrams (and unigrams) of the searchable names. On SQLite the
migration adds an FTS5 table `search_fts` over this column (external content, kept in sync by
triggers); on PostgreSQL the column is a text[] with a GIN index. Both live outside this
metadata because they are dialect-specific: INDEX_OBJECTS names them so that autogenerate and
the migration test leave them alone.
"""

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Mapped, mapped_column

from crm.extensions import db

# Created by the migration for one dialect only (see crm/migrations/versions/*search_index*).
FTS_TABLE = "search_fts"
GIN_INDEX = "ix_search_entries_grams"
# Indexes whose definition differs by dialect, made by migrations only: the GIN index, and the
# list's stage + amount sort and the board's stage + latest change ("x DESC NULLS LAST" is
# SQLite's natural DESC order, but must be spelled out for PostgreSQL).
DIALECT_INDEXES = frozenset({GIN_INDEX, "ix_projects_stage_amount", "ix_projects_stage_board"})


def include_name(name, type_, _parent_names) -> bool:
    """Alembic name filter: skip the FTS5 table and its shadow tables, and DIALECT_INDEXES."""
    if type_ == "table" and name and name.startswith(FTS_TABLE):
        return False
    return not (type_ == "index" and name in DIALECT_INDEXES)


class Grams(sa.types.TypeDecorator):
    """A list of tokens: space-separated TEXT on SQLite (FTS5 tokenises it); text[] on PG."""

    impl = sa.Text
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.ARRAY(sa.Text()))
        return dialect.type_descriptor(sa.Text())

    def process_bind_param(self, value, dialect):
        if value is None or dialect.name == "postgresql":
            return value
        return " ".join(value)

    def process_result_value(self, value, dialect):
        if value is None or dialect.name == "postgresql":
            return value
        return value.split()


class SearchEntry(db.Model):
    __tablename__ = "search_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(sa.String(10))  # project, company, contact
    entity_id: Mapped[int]
    # For project rows: the project, so the access rules (readable_clause) can join on it.
    project_id: Mapped[int | None] = mapped_column(index=True)
    # Normalised searchable strings (NFKC, case-folded, letters and digits only), space-joined.
    text: Mapped[str] = mapped_column(sa.Text, default="")
    initials: Mapped[str] = mapped_column(sa.Text, default="")  # pinyin initials, space-joined
    grams: Mapped[list[str]] = mapped_column(Grams(), default=list)

    # entity_id first: an index led by entity would tempt both planners to walk every entry of
    # one kind instead of starting from the gram index.
    __table_args__ = (sa.UniqueConstraint("entity_id", "entity"),)
