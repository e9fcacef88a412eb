def test_healthz_answers_ok_after_checking_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_it_signs_in_and_shows_the_layout_in_chinese(login_as):
    client = login_as("alice")
    page = client.get("/").get_data(as_text=True)
    assert "工作台" in page and "李爱丽" in page and "局干部" in page
