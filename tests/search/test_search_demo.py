"""seed-demo (run by `make run`) is indexed by the flush hook as it loads, exactly as a rebuild."""

import sqlalchemy as sa

from crm.extensions import db
from crm.models import Company, Contact, Project, SearchEntry


def _index() -> list[tuple]:
    return sorted(db.session.execute(sa.select(
        SearchEntry.entity, SearchEntry.entity_id, SearchEntry.project_id, SearchEntry.text,
        SearchEntry.initials, SearchEntry.grams)).all())


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_the_demo_county_is_indexed_as_it_loads(app, runner):
    with app.app_context():
        assert runner.invoke(args=["seed-demo"]).exit_code == 0
        loaded = _index()
        assert len(loaded) == _count(Company) + _count(Contact) + _count(Project) > 100
        db.session.commit()  # end the read, so the command's connection may write
        assert runner.invoke(args=["reindex-search"]).exit_code == 0
        db.session.expire_all()
        assert _index() == loaded
