"""company_tallies, kept by database triggers, equals a count of the companies; the company
list's count read from it equals a count of the filtered companies."""

import random

import sqlalchemy as sa

from crm.extensions import db
from crm.models import Company, CompanyTally, DictKind
from tests.companies.conftest import item, text


def _counted() -> dict:
    keyed = sa.select(sa.func.coalesce(Company.nature_id, 0).label("nature"),
                      sa.func.coalesce(Company.cluster_id, 0).label("cluster")).subquery()
    rows = db.session.execute(sa.select(keyed.c.nature, keyed.c.cluster, sa.func.count())
                              .group_by(keyed.c.nature, keyed.c.cluster)).all()
    return {(nature, cluster): n for nature, cluster, n in rows}


def _tallied() -> dict:
    return {(row.nature_id, row.cluster_id): row.companies
            for row in db.session.scalars(sa.select(CompanyTally)) if row.companies}


def test_the_triggers_keep_the_company_tallies_exact(app):
    rng = random.Random(3)
    with app.app_context():
        natures = [None, item(DictKind.nature, "private"), item(DictKind.nature, "central_soe")]
        clusters = [None, item(DictKind.cluster, "building")]
        companies = [Company(name=f"企业{n}有限公司", nature_id=rng.choice(natures),
                             cluster_id=rng.choice(clusters)) for n in range(30)]
        db.session.add_all(companies)
        db.session.commit()
        assert _tallied() == _counted() and sum(_tallied().values()) == 30
        for company in rng.sample(companies, 15):
            company.nature_id, company.cluster_id = rng.choice(natures), rng.choice(clusters)
        db.session.delete(companies[0])
        db.session.commit()
        db.session.execute(sa.update(Company).where(Company.nature_id.is_(None))
                           .values(nature_id=natures[1]))
        db.session.commit()
        assert _tallied() == _counted() and sum(_tallied().values()) == 29


def test_the_list_counts_from_the_tallies_what_a_count_gives(login_as, make_company, app):
    make_company("北京央建有限公司", nature="central_soe", cluster="building")
    make_company("深圳民营电子有限公司", nature="private")
    make_company("天津民营建材有限公司", nature="private", cluster="building")
    make_company("无性质企业有限公司")
    client = login_as("bob")
    with app.app_context():
        private, building = item(DictKind.nature, "private"), item(DictKind.cluster, "building")
    expected = {"": 4, f"nature={private}": 2, f"cluster={building}": 2,
                f"nature={private}&cluster={building}": 1}
    for query, count in expected.items():
        page = text(client.get(f"/companies?{query}"))
        assert f'<span id="company-total">{count}</span>' in page, query
