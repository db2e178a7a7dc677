"""Bad input always gets a clear answer, never a server error: every form of every page sent back
with junk in its fields, and a null character in any address, query or form (which PostgreSQL
cannot even compare) refused with a page that says so (send_portal.middleware)."""

from html.parser import HTMLParser

import pytest

from tests.access_matrix import every_address_as_the_first_let_in

pytestmark = pytest.mark.django_db

NUL_PAGE = "Sorry, there is a problem with what was sent"

JUNK = (
    " ",  # only white space
    "x" * 5000,  # longer than any field takes
    "-1",  # a number out of range, or an id that is nobody's
    "2026-02-30",  # a date that does not exist
)
# Markup is shown as text (tested where each field is shown); a null character is refused before
# any view (the last test here).


class _Forms(HTMLParser):
    """The POST forms of a page: their action and the names of their fields."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._open = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._open = ((a.get("method") or "get").lower(), a.get("action") or "", {})
            self.forms.append(self._open)
        elif self._open is not None and tag in ("input", "select", "textarea") and a.get("name"):
            self._open[2].setdefault(a["name"], a.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._open = None


def test_every_form_sent_with_junk_answers_without_a_server_error(client):
    """By the first person let in, each form (GET and POST) of each page of the matrix."""
    errors = []
    for name, row, address, _kwargs, who in every_address_as_the_first_let_in(client):
        if row.post_only or who == "stranger":
            continue
        page = client.get(address)
        if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
            continue
        parser = _Forms()
        parser.feed(page.content.decode())
        for method, action, fields in parser.forms:
            target = action or address
            if "logout" in target or "sign-out" in target:
                continue
            for junk in JUNK:
                data = {
                    key: (value if key == "csrfmiddlewaretoken" else junk)
                    for key, value in fields.items()
                }
                try:
                    send = client.post if method == "post" else client.get
                    status = send(target, data).status_code
                except Exception as exc:  # the test client re-raises what the view raised
                    status = f"{type(exc).__name__}: {exc}"[:200]
                if not isinstance(status, int) or status >= 500:
                    errors.append(f"{name:34} {target} {junk[:12]!r}: {status}")
    assert errors == [], "\n" + "\n".join(errors)


def test_a_null_character_anywhere_is_refused_with_a_page_that_says_so(client):
    """In each address's reference or other named part, in its query, and in a form's field, as
    the first person let in: 400 and the page, never the database's error."""
    wrong = []
    for name, _row, address, kwargs, who in every_address_as_the_first_let_in(client):
        tries = [(client.get, f"{address}?case=%00&q=caf%00e"), (client.post, address)]
        tries += [
            (client.get, address.replace(f"/{value}/", "/%00/", 1))
            for value in kwargs.values()
            if isinstance(value, str)
        ]
        for send, where in tries:
            response = send(where, {"reason": "a\x00b"} if send == client.post else None)
            if response.status_code != 400 or NUL_PAGE not in response.content.decode():
                wrong.append(f"{name:34} {who} {where}: {response.status_code}")
    assert wrong == [], "\n" + "\n".join(wrong)
