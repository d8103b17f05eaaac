"""The export form: the BOM checkbox sits with its label, and the article list says how to
pick several and what picking none means, tied to the list by aria-describedby."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_article_list_has_a_visible_hint_it_points_to(erin_client):
    page = erin_client.get(reverse("exports:page")).text
    select = re.search(r"<select[^>]*name=\"articles\"[^>]*>", page).group(0)
    described = re.search(r'aria-describedby="([^"]+)"', select).group(1)
    hint = re.search(rf'<span class="hint" id="{described}">(.*?)</span>', page, re.S)
    assert hint, f"no element with id {described}"
    text = hint.group(1)
    assert "None picked: every article" in text
    assert "Ctrl" in text and "several" in text


def test_the_bom_checkbox_is_inside_its_label(erin_client):
    page = erin_client.get(reverse("exports:page")).text
    assert re.search(
        r'<label><input type="checkbox" name="bom"[^>]*> UTF-8 byte order mark \(CSV for Excel\)'
        r"</label>",
        page,
    )
    assert 'aria-describedby="id_bom_helptext"' in page and 'id="id_bom_helptext"' in page


def test_a_field_error_is_tied_to_its_field(erin_client):
    response = erin_client.get(
        reverse("exports:page"),
        {"format": "w3c", "status": "all"},  # W3C: verified only
    )
    assert response.status_code == 400
    select = re.search(r"<select[^>]*name=\"status\"[^>]*>", response.text).group(0)
    assert 'aria-invalid="true"' in select and "id_status_error" in select
    assert 'id="id_status_error"' in response.text
