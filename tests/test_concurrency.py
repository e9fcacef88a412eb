"""Concurrent requests against a real server never fail with "database is locked"."""

import re
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar

from tests.conftest import PASSWORD, email_of


def _sign_in_and_browse(base: str, who: str) -> list[int]:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    page = opener.open(f"{base}/login").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode(
        {"csrf_token": token, "email": email_of(who), "password": PASSWORD}).encode()
    statuses = [opener.open(f"{base}/login", data=form).status]
    statuses += [opener.open(f"{base}/").status for _ in range(3)]
    return statuses


def test_it_serves_parallel_sign_ins_without_database_errors(live_server, users):
    # Every sign-in writes (attempt + session row) while other requests read and write.
    people = ["alice", "bob", "charlie", "leader", "admin", "reporter"] * 3
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda who: _sign_in_and_browse(live_server, who), people))
    assert all(statuses == [200, 200, 200, 200] for statuses in results), results
