"""The landing page tells trainees how to join a workshop and links the facilitator page
(rendered with Jinja as Voila does, without a server)."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import jinja2
import pytest

TEMPLATE = Path(__file__).resolve().parents[2] / "ocop_kit" / "templates" / "voila" / "templates" / "ocop"
NOTEBOOKS = ["tu-danh-gia.ipynb", "phuong-an-kinh-doanh.ipynb", "hoi-dong-va-lop-hoc.ipynb"]


def render(query: str = "", notebooks=NOTEBOOKS) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATE)), autoescape=True)
    contents = {"content": iter([{"name": n, "path": n, "type": "notebook"} for n in notebooks])}
    return env.get_template("tree-lab.html").render(query=query, base_url="/", contents=contents)


def test_vietnamese_page_says_how_to_join_and_links_the_facilitator_page():
    html = render()
    assert html == unicodedata.normalize("NFC", html)
    assert "Tham gia lớp tập huấn" in html and "mã lớp" in html and "mã PIN 4 chữ số" in html
    assert "Nộp bài" in html and "Đổi người dùng" in html
    assert '<a class="facilitator" href="/voila/render/hoi-dong-va-lop-hoc.ipynb">' in html
    assert html.count('class="app"') == 3


@pytest.mark.parametrize("notebooks", [NOTEBOOKS, NOTEBOOKS[:2]])
def test_english_page_keeps_the_language_and_links_only_what_is_served(notebooks):
    html = render("lang=en", notebooks)
    assert "Joining a workshop" in html and "join code" in html and "4-digit PIN" in html
    link = 'href="/voila/render/hoi-dong-va-lop-hoc.ipynb?lang=en"'
    assert (link in html) == ("hoi-dong-va-lop-hoc.ipynb" in notebooks)
