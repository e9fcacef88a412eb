"""The search box: empty, too long, punctuation only, hostile bytes; the navbar form."""


def test_it_shows_a_hint_and_runs_no_query_for_an_empty_box(signed_in, records):
    html = signed_in("alice").get("/search?q=++").get_data(as_text=True)
    assert "拼音首字母" in html and 'id="group-projects"' not in html


def test_it_rejects_a_term_longer_than_fifty_characters_in_chinese(signed_in, records):
    html = signed_in("alice").get("/search", query_string={"q": "建" * 51}).get_data(as_text=True)
    assert "搜索词过长：请不超过 50 个字" in html and "invalid-feedback" in html
    assert 'id="group-projects"' not in html


def test_it_asks_for_letters_or_digits_when_given_only_punctuation(signed_in, records):
    html = signed_in("bob").get("/search", query_string={"q": "%_\"*"}).get_data(as_text=True)
    assert "请输入汉字、字母或数字" in html and 'id="group-projects"' not in html


def test_it_survives_nul_bytes_and_fts_syntax(signed_in, records):
    client = signed_in("bob")
    assert client.get("/search", query_string={"q": "建\x00筑"}).status_code == 200
    assert client.get("/search", query_string={"q": 'NEAR(建 筑) OR "'}).status_code == 200


def test_it_puts_the_search_box_in_the_navbar_except_for_reporters(signed_in, records):
    assert 'name="q"' in signed_in("charlie").get("/").get_data(as_text=True)
    assert 'action="/search"' not in signed_in("reporter").get("/").get_data(as_text=True)
