"""Every number on the cockpit clicks through to the projects behind it, and the list's count
and sum equal what was clicked: each link to /dashboard/projects on the page carries the number
it shows (data-count, data-total in 元), and the list it opens says the same."""

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import text

FIRST_HALF = "/dashboard?p=custom&from=2022-01-01&to=2022-06-30"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "a" and found.get("href", "").startswith("/dashboard/projects") and (
                "data-count" in found or "data-total" in found):
            self.links.append(found)


def drill_links(body: str) -> list[dict]:
    parser = _Links()
    parser.feed(body)
    return parser.links


def headline(body: str) -> tuple[int, int | None]:
    count = int(re.search(r'id="drill-count">(\d+)<', body).group(1))
    total = re.search(r'id="drill-total" data-yuan="(-?\d+)"', body)
    return count, int(total.group(1)) if total else None


@pytest.mark.parametrize("who", ["alice", "leader"])
def test_every_number_equals_the_list_it_opens(client_for, county, who):
    client = client_for(who)
    page = client.get(FIRST_HALF)
    assert page.status_code == 200
    links = drill_links(text(page))
    measures = {parse_qs(urlsplit(link["href"]).query)["measure"][0] for link in links}
    # Every tile, every rate's parts, the targets, breakdowns, matrix cells and lists.
    assert {"signed", "amount", "intent", "talks", "funds", "started", "producing",
            "cohort_started", "cohort_producing", "cohort_agreed", "cohort_funds",
            "cohort_due", "cohort_on_time", "signed_not_started", "red", "yellow",
            "overdue", "pipeline", "new_leads", "moved"} <= measures
    mismatches = []
    for link in links:
        listed = client.get(link["href"].replace("&amp;", "&"))
        assert listed.status_code == 200, link["href"]
        count, total = headline(text(listed))
        if "data-count" in link and int(link["data-count"]) != count:
            mismatches.append(f"{link['href']}: count {link['data-count']} != {count}")
        if "data-total" in link and total is not None and int(link["data-total"]) != total:
            mismatches.append(f"{link['href']}: total {link['data-total']} != {total}")
    assert not mismatches, "\n".join(mismatches)
    assert len(links) > 40


def test_tiles_show_the_worked_figures(client_for, county):
    body = text(client_for("alice").get(FIRST_HALF))
    assert 'id="tile-signed" data-count="10"' in body
    assert 'id="tile-amount" data-count="10" data-total="3298000000"' in body
    assert "32.98" in body and "30.0%" in body  # 签约金额 in 亿元, 开工率 3/10
    leader = text(client_for("leader").get(FIRST_HALF))
    assert 'id="tile-amount" data-count="11" data-total="3398000000"' in leader


def test_the_drill_list_shows_each_projects_share(client_for, county):
    body = text(client_for("alice").get(
        "/dashboard/projects?p=custom&from=2022-09-01&to=2022-09-30&measure=amount"))
    assert headline(body) == (1, 100_000_000)
    assert "项目5" in body and 'data-yuan="100000000"' in body  # the supplement's +1亿


def test_a_confidential_project_prints_under_its_code_name(client_for, county):
    body = text(client_for("leader").get(
        "/dashboard/projects?p=custom&from=2022-03-01&to=2022-03-31&measure=signed"))
    assert "项目11" in body and "代号十一" in body  # the name on screen, the code name in print
    assert re.search(r'class="d-print-none">项目11<', body)
    assert re.search(r'class="d-none d-print-inline">代号十一<', body)
    staff = text(client_for("alice").get(
        "/dashboard/projects?p=custom&from=2022-03-01&to=2022-03-31&measure=signed"))
    assert "项目11" not in staff and "代号十一" not in staff


@pytest.mark.parametrize("query", [
    "p=custom&from=2022-13-01&to=2022-06-30", "p=custom&from=2022-06-30&to=2022-01-01",
    "p=quarter&q=5", "p=month&m=0&y=2022", "y=abc", "y=99999", "p=weekly", "activity=x",
    "activity=999999", "p=custom&from=1900-01-01&to=2022-01-01",
])
def test_a_bad_period_says_what_to_fix_and_shows_the_default(client_for, county, query):
    page = client_for("leader").get(f"/dashboard?{query}")
    assert page.status_code == 422
    body = text(page)
    assert "invalid-feedback" in body and "所选期间有误" in body
    assert 'id="tile-signed"' in body  # the default period's figures are still there


@pytest.mark.parametrize("query", ["measure=nope", "measure=amount&by_cluster=x",
                                   "measure=amount&by_nothing=1", "measure=pipeline&by_key=x",
                                   "measure=talks&by_stage=nope", "measure=amount&by_org=0"])
def test_a_drill_link_that_names_nothing_is_a_404(client_for, county, query):
    assert client_for("leader").get(f"/dashboard/projects?{query}").status_code == 404


def test_leaders_land_on_the_cockpit_and_staff_on_their_workbench(app, users):
    from tests.conftest import email_of

    for who, landing in (("leader", "/dashboard"), ("alice", "/")):
        client = app.test_client()
        response = client.login(email_of(who))
        assert urlsplit(response.headers["Location"]).path == landing, who


def test_liaisons_and_reporters_have_no_cockpit(client_for, county):
    for who in ("charlie", "reporter"):
        assert client_for(who).get("/dashboard").status_code == 403


def test_the_ranking_orders_units_by_completion_and_its_numbers_drill(app, client_for, county,
                                                                       orgs):
    from crm.extensions import db
    from crm.models import Target, TargetMetric

    with app.app_context():
        # bureau signed 项目1-6 (6 projects), park 项目7-10 (4, and the leader's 项目11).
        db.session.add_all([
            Target(year=2022, org_id=orgs["bureau"], metric=TargetMetric.signed_count, value=12),
            Target(year=2022, org_id=orgs["park"], metric=TargetMetric.signed_count, value=5),
        ])
        db.session.commit()
    client = client_for("alice")
    body = text(client.get("/dashboard/ranking?year=2022&by=signed_count"))
    table = body[body.index('id="ranking"'):]  # (the menu names alice's unit too)
    park, bureau = table.index("经济开发区"), table.index("招商一科")
    assert park < bureau  # 4/5 = 80% ranks above 6/12 = 50%
    assert "80.0%" in body and "50.0%" in body
    links = drill_links(body)
    assert links
    for link in links:
        count, total = headline(text(client.get(link["href"].replace("&amp;", "&"))))
        if "data-count" in link:
            assert int(link["data-count"]) == count, link["href"]
        if "data-total" in link:
            assert int(link["data-total"]) == (total or 0), link["href"]
