"""Search shows only what the user may read: a confidential project is absent, even from counts."""

from tests.conftest import ref
from tests.search.conftest import found


def test_it_hides_a_confidential_project_from_staff_outside_its_team(signed_in, records):
    page = signed_in("alice").get("/search?q=央企")
    html = page.get_data(as_text=True)
    assert f"/projects/{ref(records['confidential'])}" not in html
    assert "某央企总部项目" not in html and "项目 0 条" in html


def test_it_shows_the_confidential_project_to_the_leader(signed_in, records):
    result = found(signed_in("leader"), "央企")
    assert result["projects"] == {f"/projects/{ref(records['confidential'])}"}


def test_it_shows_a_confidential_project_to_its_team(signed_in, records):
    assert found(signed_in("bob"), "链主")["projects"] == {f"/projects/{ref(records['conf_team'])}"}
    assert found(signed_in("alice"), "链主")["projects"] == set()


def test_it_shows_a_liaison_only_their_units_projects(signed_in, records):
    result = found(signed_in("charlie"), "项目")
    assert result["projects"] == {f"/projects/{ref(records[k])}"
                                  for k in ("unit", "led", "conf_team")}


def test_it_refuses_reporters_and_sends_strangers_to_sign_in(client, signed_in, records):
    assert client.get("/search?q=建筑").headers["Location"].startswith("/login")
    assert signed_in("reporter").get("/search?q=建筑").status_code == 403
