"""Two people edit the same project at once: one save wins, the other is told, nothing is lost."""

import threading
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

from tests.conftest import PASSWORD, email_of, ref
from tests.projects.conftest import _FormReader, edit_form, text


def test_it_keeps_the_first_save_and_refuses_the_second(as_user, make_project, stored):
    pid = make_project("光伏组件项目", owner="alice", members=("bob",))
    alice, bob = as_user("alice"), as_user("bob")
    alices, bobs = edit_form(alice, pid), edit_form(bob, pid)  # both open the page
    first = alice.post(f"/projects/{ref(pid)}/edit", data={**alices, "jobs": "100"})
    second = bob.post(f"/projects/{ref(pid)}/edit", data={**bobs, "land_mu": "50"})
    assert (first.status_code, second.status_code) == (302, 409)
    assert "李爱丽" in text(second) and "预计就业" in text(second)
    project = stored(pid)
    assert (project.jobs, project.land_mu, project.version) == (100, None, 2)


class _Browser:
    def __init__(self, base: str, who: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()))
        login = self.form("/login", {"email": email_of(who), "password": PASSWORD})
        assert login == 200

    def page(self, path: str) -> dict:
        reader = _FormReader("" if path == "/login" else "project-form")
        reader.feed(self.opener.open(self.base + path).read().decode())
        return reader.values

    def form(self, path: str, values: dict) -> int:
        token = self.page(path).get("csrf_token") if path == "/login" else values["csrf_token"]
        body = urllib.parse.urlencode({**values, "csrf_token": token}, doseq=True).encode()
        try:
            return self.opener.open(self.base + path, data=body).status
        except urllib.error.HTTPError as error:
            return error.code


def test_it_lets_exactly_one_of_two_simultaneous_saves_through(live_server, make_project,
                                                                stored):
    pid = make_project("光伏组件项目", owner="alice", members=("bob",))
    people = {"alice": ("jobs", "100"), "bob": ("jobs", "200")}
    browsers = {who: _Browser(live_server, who) for who in people}
    forms = {who: browsers[who].page(f"/projects/{ref(pid)}/edit") for who in people}
    barrier, results = threading.Barrier(2), {}

    def save(who):
        field, value = people[who]
        barrier.wait()
        results[who] = browsers[who].form(f"/projects/{ref(pid)}/edit",
                                          {**forms[who], field: value})
    threads = [threading.Thread(target=save, args=(who,)) for who in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results.values()) == [200, 409], results
    winner = next(who for who, status in results.items() if status == 200)
    project = stored(pid)
    assert (project.jobs, project.version) == (int(people[winner][1]), 2)
