"""Reading a refused handling step: it redirects back to the incident page (post/redirect/get), which shows
what was typed and why it was refused."""

from django.http import HttpResponse


def followed_refusal(client, response: HttpResponse) -> HttpResponse:
    assert response.status_code == 303, f"a refused step answers 303, got {response.status_code}"
    page = client.get(response["Location"])
    assert page.status_code == 200
    return page
