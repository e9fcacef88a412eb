"""The activity page and its conversion: 线索 → 在谈 → 签约 (count, amount) → 开工."""

import re
from datetime import date

import pytest

from crm.domain.stages import Stage
from tests.activities.conftest import text

D = date(2026, 11, 25)


@pytest.fixture
def funnel(make_activity, make_lead, users):
    """5 readable leads: 3 reached 在谈, 2 signed (3亿 after a 补充协议; 5000万 + 1000万 in two
    phases), 1 started; plus a confidential signed project (1亿) only the leader may read."""
    activity = make_activity()
    make_lead(activity, "线索甲项目", owner_id=users["alice"])
    make_lead(activity, "框架协议项目", stage=Stage.contact, agreements=[("framework", D, 10**9)])
    make_lead(activity, "退回接洽项目", stage=Stage.contact, via=[Stage.negotiation])
    make_lead(activity, "补充协议项目", stage=Stage.signed, agreements=[
        ("investment", D, 2 * 10**8), ("supplement", date(2026, 12, 1), 3 * 10**8)])
    make_lead(activity, "两期项目", stage=Stage.started, started_on=D, agreements=[
        ("investment", D, 5 * 10**7), ("investment", date(2026, 12, 2), 10**7)])
    make_lead(activity, "某保密签约项目", stage=Stage.signed, confidential=True,
              agreements=[("investment", D, 10**8)])
    return activity


def figures(page: str) -> dict:
    found = re.findall(r'id="funnel-(\w+)">.*?funnel-count">(\d+)<.*?funnel-amount">([^<]*)<',
                       page, re.S)
    return {key: (int(n), amount) for key, n, amount in found}


def test_it_computes_the_conversion_alice_may_see(client_for, funnel):
    page = text(client_for("alice").get(f"/activities/{funnel}"))
    assert figures(page) == {"leads": (5, ""), "talks": (3, ""), "signed": (2, "3.60亿元"),
                             "started": (1, "")}
    assert "某保密签约项目" not in page


def test_it_gives_the_leader_the_full_figures(client_for, funnel):
    page = text(client_for("leader").get(f"/activities/{funnel}"))
    assert figures(page)["leads"] == (6, "") and figures(page)["signed"] == (3, "4.60亿元")
    assert "某保密签约项目" in page


def test_it_lists_the_leads_with_their_stage(client_for, funnel):
    page = text(client_for("bob").get(f"/activities/{funnel}"))
    assert page.count('class="lead-row"') == 5 and "两期项目" in page
    assert "录入对接企业和线索" in page


def test_it_shows_no_write_buttons_to_an_admin(client_for, make_activity):
    page = text(client_for("admin").get(f"/activities/{make_activity()}"))
    assert "录入对接企业和线索" not in page and "修改活动" not in page
    assert "尚未录入线索" in page


def test_it_is_404_for_a_missing_activity_and_403_for_a_liaison(client_for, make_activity):
    activity = make_activity()
    assert client_for("alice").get("/activities/999999").status_code == 404
    assert client_for("charlie").get(f"/activities/{activity}").status_code == 403


def test_its_shares_of_the_leads_are_rounded_half_up_not_truncated(client_for, funnel):
    page = text(client_for("leader").get(f"/activities/{funnel}"))
    shares = dict(re.findall(r'id="funnel-(\w+)">.*?funnel-share">([^<]*)<', page, re.S))
    assert shares["leads"] == "100.0%" and shares["signed"] == "50.0%"
    assert shares["started"] == "16.7%"  # 1 of 6: truncation would show 16%
