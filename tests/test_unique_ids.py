"""Every page any role opens has unique element ids (a repeated id sends a label, an
aria-describedby or a script to another form's field), and every label points at a field
that exists on the page."""

from collections import Counter
from html.parser import HTMLParser

from tests.matrix import clients, make_records
from tests.test_leak_canary import route_urls


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.label_targets: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        if tag == "label" and attrs.get("for"):
            self.label_targets.append(attrs["for"])


def test_every_page_has_unique_ids_and_labels_that_point_at_its_fields(app, users, orgs):
    with app.app_context():
        records = make_records(users, orgs)
    urls = route_urls(app, records)
    repeated, dangling, pages = [], [], 0
    for role, client in clients(app).items():
        for url in urls:
            response = client.get(url)
            if response.status_code != 200 or response.mimetype != "text/html":
                continue
            pages += 1
            parser = _Ids()
            parser.feed(response.get_data(as_text=True))
            twice = sorted(i for i, n in Counter(parser.ids).items() if n > 1)
            if twice:
                repeated.append(f"{role} {url}: {', '.join(twice)}")
            missing = sorted(set(parser.label_targets) - set(parser.ids))
            if missing:
                dangling.append(f"{role} {url}: {', '.join(missing)}")
    print(f"unique ids: {pages} pages checked")
    assert pages > 100
    assert not repeated, "repeated ids:\n" + "\n".join(repeated)
    assert not dangling, "labels for no field:\n" + "\n".join(dangling)
