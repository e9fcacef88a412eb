"""The search queries: candidates through the gram index, then a substring check on the text.

SQLite: FTS5 phrase query over the bigram table (search_fts). PostgreSQL: `grams @> tokens`
through the GIN index. Containment ignores order (国建中国 holds 中国 and 国建, yet not 中国建),
and an FTS5 phrase may run from one name of a row into the next, so every candidate must also
contain each query run in its text or its pinyin initials.
"""

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from crm.access import contact_details_clause, readable_clause
from crm.extensions import db
from crm.models import Company, Contact, Org, Project, SearchEntry, User
from crm.search.text import entity_terms, fts_match, query_runs

LIMIT = 20
_fts = sa.table("search_fts", sa.column("rowid"), sa.column("search_fts"))


# At most this many matches are counted and ranked: a broader term (a tenth of all companies
# contain 建) shows "500+" and a hint to narrow it, and costs the same at any table size.
CAP = 500


@dataclass
class Group:
    rows: list = field(default_factory=list)
    count: int = 0
    more: bool = False  # over CAP matches


def _exact(runs: list[str]) -> list:
    return [sa.or_(SearchEntry.text.contains(run, autoescape=True),
                   SearchEntry.initials.contains(run, autoescape=True)) for run in runs]


def _fts_match(entity: str, runs: list[str]):
    return _fts.c.search_fts.op("MATCH", is_comparison=True)(fts_match(entity, runs))


def _postgresql() -> bool:
    return db.engine.dialect.name == "postgresql"


def matches(entity: str, runs: list[str]):
    """The WHERE condition for entries of one entity that contain every run."""
    if _postgresql():
        wanted = list(dict.fromkeys(t for terms in entity_terms(entity, runs) for t in terms))
        indexed = SearchEntry.grams.op("@>", is_comparison=True)(
            sa.literal(wanted, postgresql.ARRAY(sa.Text)))
    else:
        indexed = SearchEntry.id.in_(sa.select(_fts.c.rowid).where(_fts_match(entity, runs)))
    return sa.and_(SearchEntry.entity == entity, indexed, *_exact(runs))


def ids_matching(entity: str, text: str) -> sa.Select | None:
    """The ids of every entity of this kind the search box would find for `text` (Chinese
    substring, pinyin initials, part of a credit code), for a list's own text filter; None when
    the text has no letters or digits to look for."""
    runs = query_runs(text)
    if not runs:
        return None
    return sa.select(SearchEntry.entity_id).where(matches(entity, runs))


def _hits(entity: str, runs: list[str], *where, join=None):
    """Up to CAP + 1 matching ids, in index order (no sort, so the scan stops at CAP + 1).

    On SQLite the FTS5 table drives the join and yields its matches one by one; as an IN
    (subquery) it would first collect every match of the term, however common."""
    if _postgresql():
        statement = sa.select(SearchEntry.entity_id).where(matches(entity, runs))
    else:
        statement = (sa.select(SearchEntry.entity_id).select_from(_fts)
                     .join(SearchEntry, SearchEntry.id == _fts.c.rowid)
                     .where(_fts_match(entity, runs), SearchEntry.entity == entity,
                            *_exact(runs)))
    if join is not None:
        statement = statement.join(*join)
    return statement.where(*where).limit(CAP + 1).subquery()


def project_select(user: User, runs: list[str]):
    hits = _hits("project", runs, readable_clause(user),
                 join=(Project, Project.id == SearchEntry.project_id))
    return (sa.select(Project.id, Project.name, Project.confidential, Project.code_name,
                      Project.stage, Project.status, Org.name.label("org_name"),
                      sa.func.count().over().label("total"))
            .join(hits, hits.c.entity_id == Project.id)
            .outerjoin(Org, Org.id == Project.org_id)
            .order_by(sa.func.length(Project.name), Project.id).limit(LIMIT))


def company_select(runs: list[str]):
    hits = _hits("company", runs)
    return (sa.select(Company.id, Company.name, Company.uscc, Company.origin,
                      sa.func.count().over().label("total"))
            .join(hits, hits.c.entity_id == Company.id)
            .order_by(sa.func.length(Company.name), Company.id).limit(LIMIT))


def contact_select(user: User, runs: list[str]):
    """Contacts whose personal data the user may see (a phone number is searchable, so a
    contact the user may not see must not be found by it either)."""
    hits = _hits("contact", runs)
    return (sa.select(Contact.id, Contact.name, Contact.title, Contact.phone,
                      Contact.company_id, Company.name.label("company_name"),
                      sa.func.count().over().label("total"))
            .join(hits, hits.c.entity_id == Contact.id)
            .join(Company, Company.id == Contact.company_id)
            .where(contact_details_clause(user, Contact.company_id))
            .order_by(sa.func.length(Contact.name), Contact.id).limit(LIMIT))


def _group(statement) -> Group:
    rows = db.session.execute(statement).all()
    total = rows[0].total if rows else 0
    return Group(rows=rows[:CAP], count=min(total, CAP), more=total > CAP)


def search(user: User, runs: list[str]) -> dict[str, Group]:
    """Projects the user may read, companies, and contacts the user may see (the view checks
    the role)."""
    return {"projects": _group(project_select(user, runs)),
            "companies": _group(company_select(runs)),
            "contacts": _group(contact_select(user, runs))}
