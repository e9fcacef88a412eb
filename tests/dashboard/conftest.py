"""A hand-built county whose cockpit figures are worked out in the tests.

2022, the year of the source article (磁县): in 1-6月 ten projects are signed worth 32.98亿元
in all, three of them have started (开工率 30%). Around them:
- 项目4 signed a 框架协议 (2亿) in 2021's fourth quarter and its 投资协议 (3.2亿) in 2022's first;
- 项目5's 补充协议 of September 2022 raises its total from 3亿 to 4亿 (+1亿 in September);
- 项目6 is 终止 after signing (it stays in its cohort);
- 项目8 has a second 投资协议 typed in twice and voided (作废): it counts nothing;
- 项目11 is confidential, signed in March for 1亿, on no one's team but bob's (and the leader's);
- 项目12 was signed in March 2021 (2亿): 同比 has one project a year earlier.
Fund arrivals: 项目1 1亿 (May), 项目2 0.5亿 (June), 项目11 0.3亿 (June).
Agreed start dates: 项目1 2022-06-01 (started 05-20: on time), 项目2 04-01 (started 05-01: late),
项目3 08-01 (started 07-15: on time), 项目7 09-01 (not started). 履约率 2/4 = 50%.
"""

from dataclasses import dataclass
from datetime import date

import pytest

from crm.domain.stages import AgreementKind, Stage, Status
from crm.extensions import db
from crm.models import Agreement, FundArrival, Project, ProjectInvestor, ProjectMember, utcnow
from crm.projects import lifecycle
from tests.projects.conftest import company_named

YI = 100_000_000
FRAME, INVEST, SUPPL = (AgreementKind.framework, AgreementKind.investment,
                        AgreementKind.supplement)
TODAY = date(2022, 12, 31)

# name -> (amount of the 投资协议 in 亿, signed on, started on, agreed start date)
SIGNED = {
    "项目1": (5, date(2022, 1, 10), date(2022, 5, 20), date(2022, 6, 1)),
    "项目2": (4, date(2022, 2, 14), date(2022, 5, 1), date(2022, 4, 1)),
    "项目3": (3.5, date(2022, 3, 3), date(2022, 7, 15), date(2022, 8, 1)),
    "项目4": (3.2, date(2022, 2, 15), None, None),
    "项目5": (3, date(2022, 4, 6), None, None),
    "项目6": (3, date(2022, 4, 20), None, None),
    "项目7": (3, date(2022, 5, 9), None, date(2022, 9, 1)),
    "项目8": (2.98, date(2022, 5, 30), None, None),
    "项目9": (2.8, date(2022, 6, 8), None, None),
    "项目10": (2.5, date(2022, 6, 30), None, None),
}


@dataclass
class County:
    ids: dict[str, int]


def _yuan(yi) -> int:
    return round(yi * YI)


@pytest.fixture
def county(app, users, orgs) -> County:
    with app.app_context():
        ids = {}

        def project(name, **columns):
            columns = {"owner_id": users["alice"], "org_id": orgs["bureau"], **columns}
            row = Project(name=name, stage=Stage.negotiation, status=Status.normal, **columns)
            row.investors = [ProjectInvestor(company_id=company_named(f"{name}投资方"),
                                             is_lead=True)]
            db.session.add(row)
            db.session.flush()
            ids[name] = row.id
            return row

        def agree(row, kind, day, yi, start=None, voided=False):
            db.session.add(Agreement(project_id=row.id, kind=kind, signed_on=day,
                                     amount=_yuan(yi), agreed_start_date=start,
                                     voided_at=utcnow() if voided else None))
            db.session.flush()
            assert lifecycle.follow_signing(row, by=None) == []

        for index, (name, (yi, signed, started, agreed_start)) in enumerate(SIGNED.items()):
            row = project(name, org_id=orgs["bureau"] if index < 6 else orgs["park"])
            if name == "项目4":
                agree(row, FRAME, date(2021, 12, 10), 2)
            agree(row, INVEST, signed, yi, agreed_start)
            if started:
                row.started_on = started
                row.stage = Stage.started
        rows = {name: db.session.get(Project, pid) for name, pid in ids.items()}
        agree(rows["项目5"], SUPPL, date(2022, 9, 15), 4)
        agree(rows["项目8"], INVEST, date(2022, 5, 30), 2.98, voided=True)
        rows["项目6"].status = Status.terminated
        secret = project("项目11", confidential=True, code_name="代号十一",
                         owner_id=users["bob"], org_id=orgs["park"])
        secret.members = [ProjectMember(user_id=users["bob"])]
        agree(secret, INVEST, date(2022, 3, 18), 1)
        agree(project("项目12"), INVEST, date(2021, 3, 5), 2)
        for name, day, yi in (("项目1", date(2022, 5, 5), 1), ("项目2", date(2022, 6, 6), 0.5),
                              ("项目11", date(2022, 6, 16), 0.3)):
            db.session.add(FundArrival(project_id=ids[name], arrived_on=day, amount=_yuan(yi)))
        db.session.commit()
        return County(ids)
