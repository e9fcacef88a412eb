"""Implausible figures on the project form: 固定资产投资 above 总投资, amounts above the cap."""

import re

import pytest
import sqlalchemy as sa

from crm.models import Project
from crm.projects.forms import ProjectForm
from tests.conftest import ref
from tests.projects.conftest import edit_form, new_form, text

NAME = "光伏组件项目"
OVER_CAP = "10000001"  # 万: 1000.0001亿, just above the default cap of 1000亿元


def field_errors(page: str, name: str) -> list[str]:
    """The error messages rendered under the field posted as `name` (its own mb-3 block)."""
    start = page.index(f'name="{name}"')
    end = page.find('class="mb-3"', start)
    block = page[start:end if end != -1 else len(page)]
    return re.findall(r'class="invalid-feedback d-block">([^<]*)<', block)


def _created(rows):
    return rows(sa.select(Project.id).where(Project.name == NAME))


def test_it_refuses_fixed_assets_above_the_total_on_the_new_form(as_user, rows):
    response = as_user("alice").post("/projects/new", data=new_form(
        name=NAME, total_investment="5000", fixed_asset_investment="6000.5"))
    assert field_errors(text(response), "fixed_asset_investment") == [
        "固定资产投资（6000.5万元）不能大于总投资（5000万元）"]
    assert not _created(rows)


def test_it_refuses_fixed_assets_above_the_total_on_the_edit_form(as_user, make_project,
                                                                  stored):
    pid = make_project(NAME, owner="alice", total_investment=50_000_000)
    alice = as_user("alice")
    response = alice.post(f"/projects/{ref(pid)}/edit", data={
        **edit_form(alice, pid), "fixed_asset_investment": "1亿"})
    assert field_errors(text(response), "fixed_asset_investment") == [
        "固定资产投资（10000万元）不能大于总投资（5000万元）"]
    assert (stored(pid).fixed_asset_investment, stored(pid).version) == (None, 1)


@pytest.mark.parametrize(("total", "fixed"), [("5000", "5000"), ("", "6000"), ("5000", "")])
def test_it_accepts_fixed_assets_up_to_the_total_or_either_alone(as_user, rows, total, fixed):
    response = as_user("alice").post("/projects/new", data=new_form(
        name=NAME, total_investment=total, fixed_asset_investment=fixed))
    assert response.status_code == 302 and _created(rows)


@pytest.mark.parametrize("name", ProjectForm.MONEY_FIELDS)
def test_it_refuses_an_amount_above_the_cap_on_every_money_field(as_user, rows, name):
    response = as_user("alice").post("/projects/new", data=new_form(name=NAME,
                                                                     **{name: OVER_CAP}))
    (message,) = field_errors(text(response), name)
    assert "上限1000亿元" in message and not _created(rows)


def test_it_refuses_an_amount_above_the_cap_on_the_edit_form(as_user, make_project, stored):
    pid = make_project(NAME, owner="alice", total_investment=50_000_000)
    alice = as_user("alice")
    response = alice.post(f"/projects/{ref(pid)}/edit", data={
        **edit_form(alice, pid), "total_investment": "2000亿"})
    assert "上限1000亿元" in field_errors(text(response), "total_investment")[0]
    assert stored(pid).total_investment == 50_000_000
