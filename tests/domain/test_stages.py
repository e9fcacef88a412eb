from datetime import date

import pytest

from crm.domain.stages import (
    IN_TALKS,
    AgreementKind,
    Health,
    PipelineClass,
    ProjectFacts,
    Screening,
    Stage,
    Status,
    add_months,
    check_stage_move,
    check_status_change,
    health_applies,
    health_colour,
    is_qualifying_agreement,
    proposed_for_removal,
)

D = date(2024, 5, 10)
NONE = ProjectFacts()
INVESTOR = ProjectFacts(has_lead_investor=True)
SIGNED = ProjectFacts(has_investment_agreement=True, has_lead_investor=True)
REGISTERED = ProjectFacts(has_investment_agreement=True, registered_on=D, has_lead_investor=True)
STARTED = ProjectFacts(has_investment_agreement=True, registered_on=D, started_on=D,
                       has_lead_investor=True)
ALL = ProjectFacts(True, D, D, D, D, True)
NEEDS_INVESTOR = "需先选定主投资方（在“修改项目信息”中选择投资方企业）"


@pytest.mark.parametrize(
    ("enum", "labels"),
    [
        (Stage, "线索 研判 接洽 考察 在谈 签约 落地 开工 投产 达效"),
        (Status, "正常 暂缓 终止 流失 移出库"),
        (Screening, "待研判 已受理 不予受理 重复"),
        (PipelineClass, "重点推动 一般跟进 储备对接"),
        (AgreementKind, "框架协议 投资协议 补充协议"),
        (Health, "绿 黄 红"),
    ],
)
def test_every_member_has_its_default_chinese_label_in_order(enum, labels):
    assert " ".join(member.label for member in enum) == labels


@pytest.mark.parametrize(
    ("member", "code"),
    [
        (Stage.signed, "signed"),
        (Status.removed, "removed"),
        (PipelineClass.A, "A"),
        (Screening.duplicate, "duplicate"),
        (AgreementKind.investment, "investment"),
    ],
)
def test_the_stored_value_is_the_code(member, code):
    assert str(member) == member.value == code
    assert type(member)(code) is member


def test_stage_rank_follows_the_pipeline_not_the_alphabet():
    assert [s.rank for s in Stage] == list(range(10))
    assert Stage.lead.rank < Stage.contact.rank < Stage.operating.rank
    assert {Stage.contact, Stage.inspection, Stage.negotiation} == IN_TALKS


@pytest.mark.parametrize(
    ("current", "target", "facts"),
    [
        (Stage.lead, Stage.screening, NONE),  # a lead may not know its investor yet
        (Stage.lead, Stage.negotiation, INVESTOR),  # skipping ungated stages needs nothing more
        (Stage.screening, Stage.contact, INVESTOR),
        (Stage.negotiation, Stage.signed, SIGNED),
        (Stage.contact, Stage.registered, REGISTERED),  # skip 签约: its agreement is there
        (Stage.signed, Stage.started, STARTED),
        (Stage.lead, Stage.operating, ALL),
    ],
)
def test_it_allows_forward_moves_whose_gates_are_met(current, target, facts):
    assert check_stage_move(current, target, facts) == []


@pytest.mark.parametrize(
    ("current", "target", "facts", "errors"),
    [
        (Stage.screening, Stage.contact, NONE, ["移至「接洽」" + NEEDS_INVESTOR]),
        # Every gate that fails is named, the investor's first.
        (Stage.lead, Stage.signed, NONE, ["移至「签约」" + NEEDS_INVESTOR,
                                          "移至「签约」需先录入投资协议（金额和签约日期）"]),
        (Stage.lead, Stage.signed, ProjectFacts(has_investment_agreement=True),
         ["移至「签约」" + NEEDS_INVESTOR]),
        (Stage.negotiation, Stage.signed, INVESTOR,
         ["移至「签约」需先录入投资协议（金额和签约日期）"]),
        (Stage.signed, Stage.registered, SIGNED, ["移至「落地」需先填写注册（落地）日期"]),
        (Stage.registered, Stage.started, REGISTERED, ["移至「开工」需先填写开工日期"]),
        (Stage.started, Stage.producing, STARTED, ["移至「投产」需先填写投产日期"]),
        (
            Stage.producing,
            Stage.operating,
            ProjectFacts(True, D, D, D, has_lead_investor=True),
            ["移至「达效」需先填写达效日期"],
        ),
        # No 开工 without 签约: a skipped gate counts even when the target's own fact is there.
        (
            Stage.negotiation,
            Stage.started,
            ProjectFacts(started_on=D, has_lead_investor=True),
            ["移至「开工」需先录入投资协议（金额和签约日期）"],
        ),
        # 落地 itself needs its date, but 开工 does not: a local company expanding has none.
        (Stage.signed, Stage.started, ProjectFacts(has_investment_agreement=True, started_on=D,
                                                   has_lead_investor=True), []),
    ],
)
def test_it_refuses_forward_moves_naming_the_missing_field(current, target, facts, errors):
    assert check_stage_move(current, target, facts) == errors


@pytest.mark.parametrize(
    ("current", "target", "facts", "reason", "errors"),
    [
        (Stage.negotiation, Stage.contact, INVESTOR, "", ["退回到「接洽」需填写原因"]),
        (Stage.negotiation, Stage.contact, INVESTOR, "  ", ["退回到「接洽」需填写原因"]),
        (Stage.negotiation, Stage.contact, INVESTOR, "对方决策层变动，重新接洽", []),
        # A project that lost its investor (legacy data) may still go back to 研判.
        (Stage.negotiation, Stage.screening, NONE, "投资方退出", []),
        (Stage.started, Stage.signed, STARTED, "开工日期录错", []),
        # Landing on 签约 still needs the agreement, even going back.
        (
            Stage.started,
            Stage.signed,
            INVESTOR,
            "协议作废",
            ["移至「签约」需先录入投资协议（金额和签约日期）"],
        ),
    ],
)
def test_backward_moves_need_a_reason(current, target, facts, reason, errors):
    assert check_stage_move(current, target, facts, reason=reason) == errors


def test_it_refuses_a_move_to_the_current_stage():
    assert check_stage_move(Stage.signed, Stage.signed, SIGNED) == ["项目已处于「签约」阶段"]


@pytest.mark.parametrize(
    ("status", "errors"),
    [
        (Status.terminated, ["项目当前状态为「终止」，请先重新激活（恢复为「正常」）后再调整阶段"]),
        (Status.lost, ["项目当前状态为「流失」，请先重新激活（恢复为「正常」）后再调整阶段"]),
        (Status.removed, ["项目当前状态为「移出库」，请先重新激活（恢复为「正常」）后再调整阶段"]),
        (Status.paused, []),
        (Status.normal, []),
    ],
)
def test_it_refuses_moves_of_inactive_projects_until_reactivated(status, errors):
    assert check_stage_move(Stage.contact, Stage.inspection, INVESTOR, status=status) == errors


@pytest.mark.parametrize(
    ("current", "target", "reason", "errors"),
    [
        (Status.normal, Status.paused, "投资方资金调整", []),
        (Status.normal, Status.lost, "", ["改为「流失」需填写原因"]),
        (Status.normal, Status.removed, " ", ["改为「移出库」需填写原因"]),
        (Status.lost, Status.normal, "", ["请填写重新激活原因"]),
        (Status.removed, Status.normal, "投资方重新联系", []),
        (Status.paused, Status.terminated, "项目取消", []),
        (Status.paused, Status.paused, "再次暂缓", ["项目状态已是「暂缓」"]),
    ],
)
def test_every_status_change_needs_a_reason(current, target, reason, errors):
    assert check_status_change(current, target, reason) == errors


@pytest.mark.parametrize(
    ("kind", "amount", "signed_on", "expected"),
    [
        (AgreementKind.investment, 3_298_000_000, D, True),
        (AgreementKind.investment, 0, D, False),
        (AgreementKind.investment, None, D, False),
        (AgreementKind.investment, 100, None, False),
        (AgreementKind.framework, 3_298_000_000, D, False),  # 意向签约, not 签约
        (AgreementKind.supplement, 100, D, False),
    ],
)
def test_only_a_signed_investment_agreement_with_an_amount_makes_a_project_signed(
    kind, amount, signed_on, expected
):
    assert is_qualifying_agreement(kind, amount, signed_on) is expected


@pytest.mark.parametrize(
    ("d", "months", "expected"),
    [
        (date(2024, 5, 15), -2, date(2024, 3, 15)),
        (date(2024, 1, 15), -2, date(2023, 11, 15)),
        (date(2024, 4, 30), -2, date(2024, 2, 29)),  # clamped to the leap month's end
        (date(2023, 5, 31), -3, date(2023, 2, 28)),
        (date(2024, 12, 31), 2, date(2025, 2, 28)),
        (date(2024, 7, 31), -6, date(2024, 1, 31)),
    ],
)
def test_add_months_uses_calendar_months_clamped_to_month_end(d, months, expected):
    assert add_months(d, months) == expected


TODAY = date(2024, 5, 15)


@pytest.mark.parametrize(
    ("last_progress", "created", "colour"),
    [
        (date(2024, 5, 1), date(2023, 1, 1), Health.green),
        (date(2024, 3, 16), date(2023, 1, 1), Health.green),  # one day short of 2 months
        (date(2024, 3, 15), date(2023, 1, 1), Health.yellow),  # exactly 2 months
        (date(2024, 2, 16), date(2023, 1, 1), Health.yellow),
        (date(2024, 2, 15), date(2023, 1, 1), Health.red),  # exactly 3 months
        (date(2024, 6, 1), date(2023, 1, 1), Health.green),  # a date in the future is no delay
        (None, date(2024, 4, 1), Health.green),  # never followed up: counts from creation
        (None, date(2024, 3, 1), Health.yellow),
        (None, date(2023, 12, 1), Health.red),
    ],
)
def test_health_colour_follows_months_without_progress(last_progress, created, colour):
    assert health_colour(last_progress, TODAY, created) is colour


@pytest.mark.parametrize(
    ("last_progress", "created", "expected"),
    [
        (date(2023, 11, 16), date(2023, 1, 1), False),
        (date(2023, 11, 15), date(2023, 1, 1), True),
        (None, date(2023, 10, 1), True),
        (None, date(2024, 1, 1), False),
    ],
)
def test_six_months_without_progress_proposes_removal(last_progress, created, expected):
    assert proposed_for_removal(last_progress, TODAY, created) is expected


@pytest.mark.parametrize(("status", "expected"), [(s, s is Status.normal) for s in Status])
def test_health_applies_only_to_projects_being_worked_on(status, expected):
    assert health_applies(status) is expected
