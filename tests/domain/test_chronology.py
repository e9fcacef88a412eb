"""线索 ≤ 签约 ≤ 注册（落地） ≤ 开工 ≤ 投产 ≤ 达效, none in the future: worked examples."""

from datetime import date

import pytest

from crm.domain.chronology import ProjectDates, check_dates

TODAY = date(2023, 6, 30)
LEAD, SIGNED = date(2022, 1, 10), date(2022, 3, 1)


@pytest.mark.parametrize("dates", [
    {},
    {"lead_on": LEAD},
    {"lead_on": LEAD, "signed_on": SIGNED, "registered_on": date(2022, 5, 10),
     "started_on": date(2022, 6, 1), "producing_on": date(2023, 3, 1),
     "operating_on": date(2023, 6, 30)},
    # The same day twice is in order (signed and registered the same day, say).
    {"signed_on": SIGNED, "registered_on": SIGNED, "started_on": SIGNED},
    # Unknown dates are skipped: 投产 is compared with 签约 when 注册 and 开工 are not known.
    {"lead_on": LEAD, "signed_on": SIGNED, "producing_on": date(2022, 9, 1)},
])
def test_it_accepts_dates_in_order(dates):
    assert check_dates(**dates, today=TODAY) == {}


@pytest.mark.parametrize(("dates", "field", "message"), [
    ({"registered_on": date(2022, 5, 10), "started_on": date(2022, 3, 1)}, "started_on",
     "开工日期（2022-03-01）不能早于注册（落地）日期（2022-05-10）"),
    ({"lead_on": LEAD, "signed_on": date(2021, 12, 1)}, "signed_on",
     "签约日期（2021-12-01）不能早于线索日期（2022-01-10）"),
    ({"lead_on": LEAD, "signed_on": SIGNED, "registered_on": date(2022, 2, 1)}, "registered_on",
     "注册（落地）日期（2022-02-01）不能早于签约日期（2022-03-01）"),
    ({"started_on": date(2022, 6, 1), "producing_on": date(2022, 5, 1)}, "producing_on",
     "投产日期（2022-05-01）不能早于开工日期（2022-06-01）"),
    ({"producing_on": date(2023, 3, 1), "operating_on": date(2023, 1, 1)}, "operating_on",
     "达效日期（2023-01-01）不能早于投产日期（2023-03-01）"),
    # Skipping unknown dates: 达效 against 注册 when 开工 and 投产 are not known.
    ({"registered_on": date(2022, 5, 10), "operating_on": date(2022, 4, 1)}, "operating_on",
     "达效日期（2022-04-01）不能早于注册（落地）日期（2022-05-10）"),
    ({"lead_on": LEAD, "registered_on": date(2021, 5, 1)}, "registered_on",
     "注册（落地）日期（2021-05-01）不能早于线索日期（2022-01-10）"),
])
def test_it_names_the_later_date_and_both_values(dates, field, message):
    assert check_dates(**dates, today=TODAY) == {field: message}


def test_it_compares_with_the_nearest_known_date_so_one_typo_gives_one_message():
    # 注册 typed as 2023 instead of 2022: 开工 is flagged, 投产 (after 开工) is not.
    assert check_dates(registered_on=date(2023, 5, 10), started_on=date(2022, 6, 1),
                       producing_on=date(2022, 9, 1), today=TODAY) == {
        "started_on": "开工日期（2022-06-01）不能早于注册（落地）日期（2023-05-10）"}


def test_it_refuses_future_dates_and_orders_nothing_against_them():
    errors = check_dates(started_on=date(2023, 7, 1), producing_on=date(2023, 1, 1),
                         today=TODAY)
    assert errors == {"started_on": "开工日期不能晚于今天（2023-06-30），所填为2023-07-01"}


def test_it_allows_today_and_skips_the_future_check_without_today():
    assert check_dates(lead_on=TODAY, today=TODAY) == {}
    assert check_dates(lead_on=date(2999, 1, 1)) == {}


def test_it_asks_to_confirm_a_start_before_the_signing():
    dates = {"signed_on": date(2022, 6, 1), "started_on": date(2022, 3, 1)}
    assert check_dates(**dates, today=TODAY) == {
        "started_on": "开工日期（2022-03-01）早于签约日期（2022-06-01）："
                      "如确属先开工后签约，请勾选“确认开工早于签约”"}
    assert check_dates(**dates, today=TODAY, start_before_signing_confirmed=True) == {}


def test_a_confirmed_early_start_lets_registration_precede_the_signing_too():
    # 注册 ≤ 开工 < 签约: once the early start is confirmed, 注册 is not held to 签约 either.
    dates = {"lead_on": LEAD, "signed_on": date(2022, 6, 1), "registered_on": date(2022, 2, 1),
             "started_on": date(2022, 3, 1), "producing_on": date(2022, 12, 1)}
    assert check_dates(**dates, start_before_signing_confirmed=True) == {}
    assert list(check_dates(**dates)) == ["started_on"]  # only the confirmation is missing


def test_a_confirmed_early_start_still_keeps_the_other_rules():
    common = {"lead_on": LEAD, "signed_on": date(2022, 6, 1),
              "start_before_signing_confirmed": True}
    # 开工 before 线索, and 开工 before 注册, stay wrong with the confirmation.
    assert check_dates(**common, started_on=date(2021, 12, 1)) == {
        "started_on": "开工日期（2021-12-01）不能早于线索日期（2022-01-10）"}
    assert check_dates(**common, registered_on=date(2022, 4, 1), started_on=date(2022, 3, 1)) == {
        "started_on": "开工日期（2022-03-01）不能早于注册（落地）日期（2022-04-01）"}


def test_the_order_message_comes_before_the_confirmation():
    # Ticking the box would not help here: say what is wrong first.
    errors = check_dates(signed_on=date(2022, 6, 1), registered_on=date(2022, 7, 1),
                         started_on=date(2022, 3, 1))
    assert errors == {"started_on": "开工日期（2022-03-01）不能早于注册（落地）日期（2022-07-01）"}


def test_project_dates_know_when_works_start_before_signing():
    assert ProjectDates(signed_on=SIGNED, started_on=date(2022, 2, 1)).starts_before_signing
    assert not ProjectDates(signed_on=SIGNED, started_on=SIGNED).starts_before_signing
    assert not ProjectDates(started_on=date(2022, 2, 1)).starts_before_signing
    assert ProjectDates(lead_on=SIGNED, signed_on=LEAD).check() == {
        "signed_on": "签约日期（2022-01-10）不能早于线索日期（2022-03-01）"}
